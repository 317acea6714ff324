// Tuning as a closed loop under real load: a change made through the page to a busy VM shows, in the
// Review's before/after figures (#plan-outcome-perf), the problem it was made for falling. Raising a
// low vCPU quota: throttling falls; pinning apart two vCPUs that shared one host CPU: steal falls.
// Load (the guests' busy loops, perf-load.ts) runs only inside `withLoad`; the window after is stopped
// once it holds a few readings, so each busy phase lasts seconds, not the full 30 s. The kernel's own
// counters (cpu.stat, schedstat) are the witnesses. Needs the Review's outcome (#plan-outcome-perf,
// src/ui/plan/PerfOutcome.tsx of the perfloop branch).
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, stack, virsh, newPage } from "./lib.ts";
import { apply, fill, openVm, review, scope } from "./cards.ts";
import { runQueueWaitPct, vmCfsStats, withLoad } from "./perf-load.ts";

const NUMA = "vmtune-test-numa";
const PLAIN = "vmtune-test-plain";
const REFRESH_MS = 3000;
/** readings in each window: enough for a mean that one odd reading does not decide */
const READINGS = 4;

interface Row { metric: string; before: number; after: number }

async function cpuTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator("#card-scheduler #sched-shares").waitFor();
    return page;
}

/** Review open: waits for the window before to hold READINGS readings, applies, lets the window after
 *  collect as many, stops it, and returns the rows; `witness` runs over each window as the page reads it. */
async function beforeAfter<W>(page: Page, card: string, witness: (ms: number) => Promise<W>): Promise<{ rows: Row[]; before: W; after: W }> {
    const windowMs = READINGS * REFRESH_MS;
    await review(page, card);
    const perf = page.locator("#plan-outcome-perf");
    const [before] = await Promise.all([
        witness(windowMs),
        eventually(async () => Number(await perf.getAttribute("data-samples")), n => n >= READINGS + 1, windowMs + 20000),
    ]);
    const { outcome, text } = await apply(page);
    if (outcome !== "done") throw new Error(`apply: ${outcome}: ${text}`);
    await page.locator('#plan-outcome-perf[data-phase="measuring"]').waitFor({ timeout: 20000 });
    const after = await witness(windowMs + 1000);
    await page.locator("#plan-outcome-perf-cancel").click();
    await page.locator('#plan-outcome-perf[data-phase="done"]').waitFor({ timeout: 20000 });
    const rows = await page.locator("#plan-outcome-perf [data-metric]").evaluateAll(trs => trs.map(r => ({
        metric: r.getAttribute("data-metric") ?? "",
        before: Number(r.getAttribute("data-before") || NaN),
        after: Number(r.getAttribute("data-after") || NaN),
    })));
    return { rows, before, after };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const listed = (rows: Row[]) => rows.map(r => `${r.metric} ${r.before}→${r.after}`).join(", ");

function rowOf(rows: Row[], metric: string): Row {
    return rows.find(r => r.metric === metric) ?? { metric, before: NaN, after: NaN };
}

QUnit.module("before and after, under load", hooks => {
    hooks.before(() => {
        for (const vm of [NUMA, PLAIN])
            if (virsh("domstate", vm).trim() !== "running" || !virsh("dumpxml", vm).includes(`${vm}.cmd`)) stack("fixtures.sh", "reset", vm);
    });
    hooks.after(async () => {
        await closeBrowser();
        // the quota and pin the tests set, through the page or virsh, go with a fresh boot
        stack("fixtures.sh", "reset", NUMA, PLAIN);
    });

    QUnit.test("raising a busy VM's low vCPU quota through the page: throttling falls in the window after", async assert => {
        await withLoad({ [PLAIN]: 1 }, async () => {
            virsh("schedinfo", PLAIN, "--live", "vcpu_quota=10000");
            try {
                const page = await cpuTab(PLAIN);
                await scope(page, "card-scheduler", "live");
                await fill(page, "sched-quota", "unlimited");
                const { rows } = await beforeAfter(page, "card-scheduler", sleep);
                const throttled = rowOf(rows, "throttled-vcpu0");
                assert.true(throttled.before >= 50, `throttled before (10 % quota, busy vCPU): ${throttled.before} % (rows: ${listed(rows)})`);
                // without a quota the kernel counts no period at all: the page has no percentage ("—") or 0
                assert.true(!(throttled.after > 5), `throttled after (no quota): ${throttled.after} %`);
                const used = rowOf(rows, "used-vcpu-0");
                assert.true(used.after > used.before, `the vCPU gets more done: used ${used.before} → ${used.after} %`);
                // the witness: the kernel stopped counting throttled periods once the quota went
                const a = vmCfsStats(PLAIN).vcpu0;
                await sleep(1000);
                const b = vmCfsStats(PLAIN).vcpu0;
                assert.true(a !== undefined && b?.throttledPeriods === a.throttledPeriods, `cpu.stat: no throttled period since (${a?.throttledPeriods}, ${b?.throttledPeriods})`);
                await page.context().close();
            } finally {
                virsh("schedinfo", PLAIN, "--live", "vcpu_quota=-1");
            }
        });
    });

    QUnit.test("two busy vCPUs sharing a host CPU, one pinned away through the page: steal falls in the window after", async assert => {
        await withLoad({ [PLAIN]: 1, [NUMA]: 1 }, async () => {
            virsh("vcpupin", PLAIN, "0", "1", "--live");
            virsh("vcpupin", NUMA, "0", "1", "--live");
            const page = await cpuTab(NUMA);
            await page.locator("#card-pinning #pin-vcpu-0").waitFor();
            await scope(page, "card-pinning", "live");
            await fill(page, "pin-vcpu-0", "0");
            // the kernel's run-queue wait of the same thread over the same windows (libvirt's vcpu.N.delay
            // comes from it): other work on this shared 2-CPU host also makes the vCPU wait, on either
            // CPU, so the fall the page must show is the one the kernel measured, not a fixed figure
            const { rows, before, after } = await beforeAfter(page, "card-pinning", async ms => (await runQueueWaitPct(NUMA, ms)).get(0) ?? NaN);
            const steal = rowOf(rows, "steal-vcpu-0");
            assert.true(steal.before >= 20, `steal before (sharing host CPU 1 with ${PLAIN}): ${steal.before} % (rows: ${listed(rows)})`);
            assert.true(Math.abs(steal.before - before) <= 15 && Math.abs(steal.after - after) <= 15,
                        `steal on the page ${steal.before} → ${steal.after} %, run-queue wait (schedstat) ${before.toFixed(1)} → ${after.toFixed(1)} % (±15)`);
            assert.true(steal.after < steal.before, `steal falls: ${steal.before} → ${steal.after} %`);
            await page.context().close();
        });
    });
});
