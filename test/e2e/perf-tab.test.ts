// The Performance tab on the real stack, as a smoke test: the running fixture shows one row per vCPU
// libvirt reports, each with a last host CPU this host has and the pin virsh reports, readings keep
// coming, charts say what they draw; a shut-off VM says why nothing is measured. The load-based
// figures (throttling, steal, before/after) are tested in their own suites.
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, keyValues, newPage, text, virsh, ROOT } from "./lib.ts";
import { formatCpuset, parseCpuset } from "../../src/model/values/cpuset.ts";
import { describe, seriousViolations } from "./a11y.ts";

const VM = "vmtune-test-numa";
const OFF = "vmtune-test-off";

async function samples(page: Page): Promise<number> {
    return Number(await page.locator("#perf-status").getAttribute("data-samples"));
}

async function values(page: Page, selector: string): Promise<string[]> {
    return page.locator(selector).evaluateAll(cells => cells.map(c => c.getAttribute("data-value") ?? "<none>"));
}

QUnit.module("performance tab", hooks => {
    hooks.after(async () => {
        await closeBrowser();
    });

    QUnit.test("running VM: vCPUs as libvirt reports them, readings keep coming, charts with their numbers", async assert => {
        const page = await newPage(`/vm/${VM}/perf`);
        await page.locator("#perf-status").waitFor();
        assert.strictEqual(await page.locator("#tab-perf").locator("xpath=ancestor::button[@role='tab']").getAttribute("aria-selected"), "true",
                           "the Performance tab is the open one");
        const first = await eventually(() => samples(page), n => n >= 3, 30000);
        assert.true(first >= 3, `readings so far: ${first}`);

        // one row per online vCPU, as virsh domstats --vcpu counts them
        const stats = virsh("domstats", "--vcpu", VM);
        const current = Number(/vcpu\.current=(\d+)/.exec(stats)?.[1]);
        assert.strictEqual(await page.locator("#perf-vcpus tbody tr").count(), current, `${current} vCPU rows`);
        const hostCpus = Number(/CPU\(s\):\s+(\d+)/.exec(virsh("nodeinfo"))?.[1]);
        for (let id = 0; id < current; id++) {
            const row = `#perf-vcpu-${id}`;
            const used = Number(await page.locator(`${row} [data-col=used]`).getAttribute("data-value"));
            // % of one host CPU over 3 s: a vCPU thread cannot use much more than one CPU (timer jitter aside)
            assert.true(used >= 0 && used <= 120, `vCPU ${id} used ${used} %`);
            const cpuText = await page.locator(`${row} [data-col=cpu]`).getAttribute("data-value");
            assert.true(/^\d+$/.test(cpuText ?? "") && Number(cpuText) < hostCpus, `vCPU ${id} last ran on host CPU ${cpuText} of ${hostCpus}`);
            const pin = await page.locator(`${row} [data-col=pin]`).getAttribute("data-value");
            const affinity = new RegExp(`^\\s*${id}\\s+(\\S+)`, "m").exec(virsh("vcpupin", VM, "--live"))?.[1] ?? "";
            assert.strictEqual(pin, formatCpuset(parseCpuset(affinity)), `vCPU ${id} may run on what virsh vcpupin says`);
        }

        // the counters: the VM's own cgroup is there with integer counts
        const periods = await values(page, "#perf-group-vm [data-col=periods], #perf-group-vm [data-col=throttled-periods]");
        assert.true(periods.length === 2 && periods.every(v => /^\d+$/.test(v)), `VM group counts ${periods.join(", ")}`);
        // where the memory sits: this host's nodes, shares adding up to 100 %
        const pcts = (await values(page, "#perf-numa [data-col=pct]")).map(Number);
        assert.true(pcts.length >= 1 && Math.abs(pcts.reduce((a, b) => a + b, 0) - 100) < 0.5, `shares per node ${pcts.join(", ")}`);
        const numatune = await text(page.locator("#perf-numatune"));
        const asked = /<memory mode=['"](\w+)['"] nodeset=['"]([^'"]+)['"]/.exec(virsh("dumpxml", VM));
        assert.true(asked ? numatune.startsWith(`numatune: ${asked[1]} `) : numatune.startsWith("numatune: not set"), `numatune beside it: ${numatune}`);

        // readings keep coming while the tab is shown
        const later = await eventually(() => samples(page), n => n > first + 1, 20000);
        assert.true(later > first + 1, `readings grew from ${first} to ${later}`);

        // a chart per vCPU, with a title that says what it draws and the numbers behind it
        const chart = page.locator("#perf-chart-vcpu-0");
        assert.strictEqual(await chart.getAttribute("role"), "img");
        const title = await chart.locator("title").textContent();
        assert.true(/^vCPU 0, last 5 minutes: used [\d.]+ % now/.test(title ?? ""), title ?? "");
        assert.true(Number(await chart.getAttribute("data-points")) >= 2, "at least two points drawn");
        // the picture for the README: half a minute of figures
        await eventually(() => samples(page), n => n >= 10, 30000);
        await page.screenshot({ path: `${ROOT}/doc/screenshot-perf.png`, fullPage: true });
        await page.click("#perf-chart-vcpu-0-numbers > summary");
        assert.true(await page.locator("#perf-chart-vcpu-0-numbers tbody tr").count() >= 2, "the numbers table opens");
        assert.true(await page.locator("#perf-findings").isVisible(), "the findings card");
        const violations = await seriousViolations(page);
        assert.deepEqual(violations, [], describe(violations));
        // dark theme: the lines take PatternFly's dark colours, and still read (axe checks the text)
        const stroke = () => page.evaluate(() => getComputedStyle(document.querySelector("#perf-chart-vcpu-0 .vmtune-spark-used") as Element).stroke);
        const light = await stroke();
        await page.evaluate(() => window.dispatchEvent(new CustomEvent("cockpit-style", { detail: { style: "dark" } })));
        await eventually(() => page.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark")), d => d, 5000);
        const darkStroke = await stroke();
        assert.true(/^rgb/.test(light) && /^rgb/.test(darkStroke) && light !== darkStroke, `line colour ${light} light, ${darkStroke} dark`);
        const darkViolations = await seriousViolations(page);
        assert.deepEqual(darkViolations, [], describe(darkViolations));
        if (process.env.VMTUNE_PERF_DARK) await page.screenshot({ path: process.env.VMTUNE_PERF_DARK, fullPage: true });
        await page.context().close();
    });

    QUnit.test("a finding names the quota in force and its link opens the card that changes it", async assert => {
        const quota = keyValues(virsh("schedinfo", VM, "--live")).vcpu_quota ?? "-1";
        // 1 ms of CPU per 100 ms period: even an idle guest's vCPU threads (TCG) hit it
        virsh("schedinfo", VM, "--live", "vcpu_quota=1000");
        try {
            const page = await newPage(`/vm/${VM}/perf`);
            const finding = page.locator('.perf-finding[data-kind="throttled"]');
            await finding.first().waitFor({ timeout: 60000 });
            const said = await text(finding);
            assert.true(/throttled by (its|their) own quota in \d+ % of the scheduler periods: vcpu_quota 1000 µs per vcpu_period 100000 µs Change the quota$/.test(said), said);
            const throttled = Number(await page.locator("#perf-group-vcpu0 [data-col=throttled-periods]").getAttribute("data-value"));
            assert.true(throttled > 0, `vcpu0 throttled periods ${throttled}`);
            await finding.first().locator("a.perf-finding-fix").click();
            await page.locator("#card-scheduler").waitFor();
            assert.strictEqual(await page.evaluate(() => window.location.hash), `#/vm/${VM}/cpu`, "the CPU tab opened");
            const focused = await eventually(() => page.evaluate(() => document.activeElement?.id ?? ""), id => id === "card-scheduler", 5000);
            assert.strictEqual(focused, "card-scheduler", "the Scheduler card has the focus");
            await page.context().close();
        } finally {
            virsh("schedinfo", VM, "--live", `vcpu_quota=${quota}`);
        }
    });

    QUnit.test("shut-off VM: says why nothing is measured, reads nothing", async assert => {
        const page = await newPage(`/vm/${OFF}/perf`);
        await page.locator("#perf-not-running").waitFor();
        assert.true(/shut off/.test(await text(page.locator("#perf-not-running"))), "says the VM is shut off");
        assert.strictEqual(await page.locator("#perf-status").count(), 0, "no refresh");
        await page.context().close();
    });

    QUnit.test("the tab is reached from the VM page and keeps its address", async assert => {
        const page = await newPage(`/vm/${VM}`);
        await page.locator("#tab-perf").click();
        await page.locator("#perf-status").waitFor();
        assert.strictEqual(await page.evaluate(() => window.location.hash), `#/vm/${VM}/perf`, "route #/vm/NAME/perf");
        await page.context().close();
    });
});
