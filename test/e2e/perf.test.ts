// The Performance tab on the real stack, under real load (the guests' busy loops, test/e2e/perf-load.ts):
// throttling by a low vCPU quota as the VM's cgroup files say it, steal on two VMs pinned to one host
// CPU with the finding that names it, memory per host node as numastat -p says it, and a refresh that
// reads nothing while the tab is hidden or left. The host kernel is the witness, read without the
// page's code. Load runs only inside `withLoad` (a busy TCG guest takes a host CPU per loop).
import QUnit from "qunit";
import type { Page, WebSocket } from "playwright-core";
import { closeBrowser, eventually, keyValues, newPage, stack, text, virsh } from "./lib.ts";
import { openVm } from "./cards.ts";
import { numaMapsKib, numastatKib, qemuPid, runQueueWaitPct, vmCfsStats, withLoad } from "./perf-load.ts";
import type { CfsStat } from "./perf-load.ts";

const NUMA = "vmtune-test-numa";
const PLAIN = "vmtune-test-plain";
/** the page refreshes every 3 s while visible */
const REFRESH_MS = 3000;
/** a quota of 10 ms per 100 ms period: a busy vCPU runs out of it in every period */
const LOW_QUOTA = 10000;
/** a vCPU sharing one host CPU with another busy one waits ~50 % of the time; well above any idle jitter */
const SHARED_STEAL_PCT = 20;
/** numastat prints MB with two decimals (±5.12 KiB per figure) and QEMU's heap moves by a few pages
 *  between two reads seconds apart (none measured while idle): 16 pages. What this must catch is
 *  far larger: the file-backed mappings alone (QEMU's libraries) are ~28 MiB, a huge-page size
 *  mix-up or a MiB/KiB slip is a factor. */
const NUMA_TOLERANCE_KIB = 64;

async function perfTab(vm: string, beforeLoad?: (page: Page) => void): Promise<Page> {
    const page = await newPage("", beforeLoad ? { beforeLoad } : {});
    await openVm(page, vm, "perf");
    await page.locator("#perf-status").waitFor({ timeout: 60000 });
    return page;
}

async function samples(page: Page): Promise<number> {
    return Number(await page.locator("#perf-status").getAttribute("data-samples"));
}

/** Waits for `n` more samples. Two of them are a reading that began after this call: the refresh
 *  reads one sample at a time, so the second one's reads all happen after the first one ended. */
async function moreSamples(page: Page, n = 2): Promise<number> {
    const start = await samples(page);
    const got = await eventually(() => samples(page), count => count >= start + n, (n + 2) * REFRESH_MS + 10000);
    if (got < start + n) throw new Error(`the page read ${got - start} samples in ${(n + 2) * REFRESH_MS / 1000 + 10} s, not ${n}`);
    return got;
}

/** The plain number a cell holds (its data-value). */
async function value(page: Page, row: string, col: string): Promise<number> {
    const raw = await page.locator(`#${row} [data-col="${col}"]`).getAttribute("data-value", { timeout: 5000 });
    return raw === null || raw === "" ? NaN : Number(raw);
}

async function shownCfs(page: Page, row: string): Promise<CfsStat> {
    return {
        periods: await value(page, row, "periods"),
        throttledPeriods: await value(page, row, "throttled-periods"),
        throttledUsec: await value(page, row, "throttled-time"),
    };
}

/** `virsh vcpupin --live` as { vCPU: cpuset } */
function livePins(vm: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of virsh("vcpupin", vm, "--live").split("\n")) {
        const m = /^\s*(\d+)\s+([\d,-]+)\s*$/.exec(line);
        if (m?.[1] && m[2]) out[m[1]] = m[2];
    }
    return out;
}

/** The page's own reads of performance figures in its WebSocket traffic (the cockpit protocol is JSON
 *  text: D-Bus calls name their method, file and spawn channels their paths). */
const PERF_READ = /GetStats|GetAllDomainStats|cpu\.stat|cpu\.pressure|numa_maps|numastat|\/proc\/stat\b|schedstat/;

interface Frame { at: number; payload: string }

function recordFrames(page: Page, frames: Frame[]): void {
    page.on("websocket", (ws: WebSocket) => {
        ws.on("framesent", frame => frames.push({ at: Date.now(), payload: String(frame.payload) }));
    });
}

function perfReadsSince(frames: readonly Frame[], since: number): string[] {
    return frames.filter(f => f.at >= since && PERF_READ.test(f.payload)).map(f => f.payload.slice(0, 160));
}

/** What a hidden browser tab looks like to the page: Chromium headless keeps every page visible (neither
 *  minimising nor another tab in front changes it), so the document's own properties answer "hidden"
 *  and the event the page listens to is fired; the page's timers keep running, as in a background tab. */
async function setVisibility(page: Page, hidden: boolean): Promise<void> {
    // a string, not a function: the test's TypeScript loader wraps named functions in a helper the page lacks
    await page.evaluate(hidden
        ? `Object.defineProperty(document, "visibilityState", { configurable: true, get() { return "hidden" } });
           Object.defineProperty(document, "hidden", { configurable: true, get() { return true } });
           document.dispatchEvent(new Event("visibilitychange"));`
        // the own properties gone, Document.prototype's real getters answer again
        : `delete document.visibilityState; delete document.hidden;
           document.dispatchEvent(new Event("visibilitychange"));`);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

QUnit.module("Performance tab", hooks => {
    hooks.before(() => {
        // the running fixtures as fixtures.sh makes them (with their command port), without a fresh boot when they are
        for (const vm of [NUMA, PLAIN]) {
            const running = virsh("domstate", vm).trim() === "running";
            if (!running || !virsh("dumpxml", vm).includes(`${vm}.cmd`)) stack("fixtures.sh", "reset", vm);
        }
    });
    hooks.after(async () => {
        await closeBrowser();
        // quota and pins were restored by each test; a fresh boot also undoes the live <vcpupin> lines they leave
        stack("fixtures.sh", "reset", NUMA, PLAIN);
    });

    QUnit.test("a busy VM under a low vCPU quota: the throttling shown is what its cgroup's cpu.stat says", async assert => {
        const sched = keyValues(virsh("schedinfo", PLAIN, "--live"));
        const quota = Number(sched.vcpu_quota);
        // unlimited reads as -1 or as the kernel's maximum, depending on the libvirt version
        const restore = quota > 0 && quota < 17592186044415 ? String(quota) : "-1";
        await withLoad({ [PLAIN]: 1 }, async () => {
            try {
                virsh("schedinfo", PLAIN, "--live", `vcpu_quota=${LOW_QUOTA}`);
                const page = await perfTab(PLAIN);
                await moreSamples(page, 1);
                const before = vmCfsStats(PLAIN).vcpu0;
                await moreSamples(page);
                const shown = await shownCfs(page, "perf-group-vcpu0");
                const pct = await value(page, "perf-group-vcpu0", "throttled-pct");
                const after = vmCfsStats(PLAIN).vcpu0;
                assert.true(before !== undefined && after !== undefined, "the VM's cgroup has a vcpu0 sub-group");
                if (!before || !after) return;
                assert.true(before.throttledPeriods > 0, `the setup throttles: vcpu0/cpu.stat nr_throttled ${before.throttledPeriods}`);
                for (const key of ["periods", "throttledPeriods", "throttledUsec"] as const)
                    assert.true(before[key] <= shown[key] && shown[key] <= after[key],
                                `${key}: cpu.stat before ${before[key]} ≤ page ${shown[key]} ≤ cpu.stat after ${after[key]}`);
                assert.true(pct >= 50, `throttled in ${pct} % of the periods (a busy vCPU at 10 % quota: nearly all)`);
                const finding = page.locator('.perf-finding[data-kind="throttled"]');
                assert.strictEqual(await finding.count(), 1, `a throttled finding: ${await text(finding)}`);
                assert.strictEqual(await finding.locator("a.perf-finding-fix").count(), 1, "with a link to the fix");
                await page.context().close();
            } finally {
                virsh("schedinfo", PLAIN, "--live", `vcpu_quota=${restore}`);
            }
        });
    });

    QUnit.test("two busy VMs pinned to one host CPU: steal on both, and a finding that names the CPU and the other VM", async assert => {
        const SHARED = "1";
        const pins = { [PLAIN]: livePins(PLAIN)["0"], [NUMA]: livePins(NUMA)["0"] };
        await withLoad({ [PLAIN]: 1, [NUMA]: 1 }, async () => {
            try {
                // the busy loop runs on guest CPU 0 of each: vCPU 0
                virsh("vcpupin", PLAIN, "0", SHARED, "--live");
                virsh("vcpupin", NUMA, "0", SHARED, "--live");
                const pages = { [PLAIN]: await perfTab(PLAIN), [NUMA]: await perfTab(NUMA) };
                const witness = await Promise.all([runQueueWaitPct(PLAIN, REFRESH_MS), runQueueWaitPct(NUMA, REFRESH_MS)]);
                for (const [i, vm] of [PLAIN, NUMA].entries())
                    assert.true((witness[i]?.get(0) ?? 0) >= SHARED_STEAL_PCT,
                                `the setup makes them wait: ${vm} vCPU 0 waited ${witness[i]?.get(0)?.toFixed(1)} % on the run queue (schedstat)`);
                for (const [vm, page] of Object.entries(pages)) {
                    const other = vm === PLAIN ? NUMA : PLAIN;
                    await moreSamples(page);
                    const steal = await value(page, "perf-vcpu-0", "steal");
                    assert.true(steal >= SHARED_STEAL_PCT, `${vm} vCPU 0 steal on the page: ${steal} %`);
                    const pin = await page.locator('#perf-vcpu-0 [data-col="pin"]').getAttribute("data-value");
                    assert.strictEqual(pin, SHARED, `${vm} vCPU 0 pin shown`);
                    const finding = page.locator('.perf-finding[data-kind="steal-shared"]');
                    const words = await eventually(() => finding.allInnerTexts().then(t => t.join(" / ")), t => t !== "");
                    assert.true(new RegExp(`\\bCPUs? ${SHARED}\\b`).test(words) && words.includes(other),
                                `${vm}: the finding names host CPU ${SHARED} and ${other}: "${words}"`);
                    await page.context().close();
                }
            } finally {
                for (const [vm, cpuset] of Object.entries(pins))
                    if (cpuset) virsh("vcpupin", vm, "0", cpuset, "--live");
            }
        });
        // pinning them apart through the page, and steal falling in the Review's window after: perf-outcome.test.ts
    });

    QUnit.test("memory per host node: what the page shows from numa_maps is what numastat -p says", async assert => {
        const pid = qemuPid(NUMA);
        const page = await perfTab(NUMA);
        await moreSamples(page, 1);
        const before = numastatKib(pid);
        await moreSamples(page);
        const rows = await page.locator("#perf-numa [id^='perf-numa-node-']").evaluateAll(trs => trs.map(tr => [
            Number(tr.id.replace("perf-numa-node-", "")),
            Number(tr.querySelector('[data-col="kib"]')?.getAttribute("data-value")),
            Number(tr.querySelector('[data-col="pct"]')?.getAttribute("data-value")),
        ] as const));
        const after = numastatKib(pid);
        const shown = Object.fromEntries(rows.map(([node, kib]) => [node, kib]));
        const nodes = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(n => (before[Number(n)] ?? 0) + (after[Number(n)] ?? 0) > 0);
        assert.deepEqual(Object.keys(shown).filter(n => (shown[Number(n)] ?? 0) > 0).sort(), nodes.sort(), "the nodes holding memory, as numastat lists them");
        for (const n of nodes.map(Number)) {
            const low = Math.min(before[n] ?? 0, after[n] ?? 0) - NUMA_TOLERANCE_KIB;
            const high = Math.max(before[n] ?? 0, after[n] ?? 0) + NUMA_TOLERANCE_KIB;
            const kib = shown[n] ?? NaN;
            assert.true(low <= kib && kib <= high,
                        `node ${n}: page ${kib} KiB, numastat -p ${before[n]} then ${after[n]} KiB (±${NUMA_TOLERANCE_KIB}); numa_maps summed now ${numaMapsKib(pid)[n]} KiB`);
        }
        const pctSum = rows.reduce((sum, [, , pct]) => sum + pct, 0);
        assert.true(Math.abs(pctSum - 100) <= 0.5, `the shares add up to 100 %: ${rows.map(([n, , p]) => `node ${n} ${p} %`).join(", ")}`);
        await page.context().close();
    });

    QUnit.test("the refresh reads nothing while the tab is hidden, resumes when shown, and stops when the tab is left", async assert => {
        const frames: Frame[] = [];
        const page = await perfTab(PLAIN, p => recordFrames(p, frames));
        await moreSamples(page, 1);
        // the witness sees the page's reads at all: two refreshes while visible
        let mark = Date.now();
        await sleep(2 * REFRESH_MS + 500);
        assert.true(perfReadsSince(frames, mark).length > 0, `reads while visible: ${perfReadsSince(frames, mark).length}`);

        await setVisibility(page, true);
        await sleep(1000);                              // a read already under way may finish
        const hiddenAt = await samples(page);
        mark = Date.now();
        await sleep(2 * REFRESH_MS + 1000);
        assert.deepEqual(perfReadsSince(frames, mark), [], "no read while hidden");
        assert.strictEqual(await samples(page), hiddenAt, `no sample while hidden (${hiddenAt})`);

        await setVisibility(page, false);
        const resumed = await eventually(() => samples(page), count => count > hiddenAt, 2 * REFRESH_MS);
        assert.true(resumed > hiddenAt, `reading again once visible: ${hiddenAt} → ${resumed} samples`);

        await openVm(page, PLAIN, "cpu");
        await page.locator("#card-scheduler").waitFor();
        await sleep(1000);
        mark = Date.now();
        await sleep(2 * REFRESH_MS + 1000);
        assert.deepEqual(perfReadsSince(frames, mark), [], "no read once the CPU tab is shown instead");
        await page.context().close();
    });
});
