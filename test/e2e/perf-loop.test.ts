// Seeing what tuning does, on the real stack: the Review's before/after figures for a live change,
// checked against libvirt's own counters read by virsh over the same window; the hot spots card on the
// overview and the host page; a hot-spots refresh costs the same D-Bus calls with 3 VMs and with more.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import QUnit from "qunit";
import { closeBrowser, eventually, newPage, stack, virsh } from "./lib.ts";
import { apply, fill, openVm, review, scope } from "./cards.ts";

const VM = "vmtune-test-numa";
const EXTRA = "vmtune-e2e-extra-";
const EXTRA_COUNT = 12;
const EXTRA_RUNNING = 2;

/** The VM's cpu.time (ns) as libvirt reports it, and when it was read (ms). */
function cpuTime(vm: string): { at: number; ns: number } {
    const line = virsh("domstats", "--cpu-total", vm).split("\n").find(l => l.trim().startsWith("cpu.time="));
    return { at: Date.now(), ns: Number(line?.split("=")[1]) };
}

function extraVms(): string[] {
    return virsh("list", "--all", "--name").split("\n").map(s => s.trim()).filter(s => s.startsWith(EXTRA));
}

function removeExtra() {
    for (const name of virsh("list", "--name").split("\n").map(s => s.trim()).filter(s => s.startsWith(EXTRA)))
        virsh("destroy", name);
    for (const name of extraVms())
        virsh("undefine", name);
}

function defineExtra() {
    const dir = mkdtempSync(path.join(tmpdir(), "vmtune-e2e-"));
    try {
        for (let i = 0; i < EXTRA_COUNT; i++) {
            const file = path.join(dir, `${i}.xml`);
            writeFileSync(file, `<domain type='qemu'><name>${EXTRA}${i}</name><memory unit='MiB'>64</memory>` +
                `<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`);
            virsh("define", file);
        }
        // started paused: active, with statistics, running no guest code
        for (let i = 0; i < EXTRA_RUNNING; i++)
            execFileSync("virsh", ["-q", "-c", "qemu:///system", "start", "--paused", `${EXTRA}${i}`]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** D-Bus call frames the page sends over cockpit's WebSocket during `ms`, by libvirt method. */
async function callsDuring(page: Page, ms: number): Promise<{ methods: string[]; paths: string[] }> {
    const methods: string[] = [];
    const paths: string[] = [];
    const listen = (ws: import("playwright-core").WebSocket) => ws.on("framesent", frame => {
        const text = typeof frame.payload === "string" ? frame.payload : frame.payload.toString();
        const json = text.slice(text.indexOf("\n") + 1);
        if (!json.includes('"call":[')) return;
        const call = (JSON.parse(json) as { call: [string, string, string, unknown[]] }).call;
        paths.push(call[0]);
        methods.push(call[2]);
    });
    // playwright reports the frames of sockets opened after it listens: the page is loaded again
    page.on("websocket", listen);
    await page.reload();
    // the listing is done once the card has read twice: from then on only refreshes run
    await eventually(async () => Number(await page.locator("#hotspots").getAttribute("data-readings")), n => n >= 2, 30000);
    methods.length = 0;
    paths.length = 0;
    await new Promise(resolve => setTimeout(resolve, ms));
    return { methods: [...methods], paths: [...paths] };
}

QUnit.module("see what tuning does", hooks => {
    hooks.before(() => {
        removeExtra();
        stack("fixtures.sh", "reset", VM);
    });
    hooks.after(async () => {
        await closeBrowser();
        removeExtra();
        stack("fixtures.sh", "reset", VM);
    });

    QUnit.test("a live change shows the figures before and after, as libvirt counted them", async assert => {
        const page = await newPage();
        await openVm(page, VM, "cpu");
        await page.locator("#card-scheduler #sched-shares").waitFor();
        await fill(page, "sched-shares", "700");
        await scope(page, "card-scheduler", "live");
        await review(page, "card-scheduler");
        const perf = page.locator("#plan-outcome-perf");
        // a few readings while the Review is open: the window before is short, and says so
        await eventually(async () => Number(await perf.getAttribute("data-samples")), n => n >= 3, 30000);
        assert.strictEqual((await apply(page)).outcome, "done");
        const start = cpuTime(VM);
        assert.true((await page.locator("#plan-outcome-perf-window").innerText()).includes("30 s"), "the window's length is stated");
        await page.locator('#plan-outcome-perf[data-phase="measuring"] #plan-outcome-perf-progress').waitFor();
        await page.locator('#plan-outcome-perf[data-phase="done"]').waitFor({ timeout: 60000 });
        const end = cpuTime(VM);
        const rows = await page.locator("#plan-outcome-perf [data-metric]").evaluateAll(els => els.map(el => ({
            metric: el.getAttribute("data-metric") ?? "", before: el.getAttribute("data-before") ?? "", after: el.getAttribute("data-after") ?? "",
        })));
        const metrics = rows.map(r => r.metric);
        for (const m of ["cpu", "used", "steal", "used-vcpu-0", "steal-vcpu-0"])
            assert.true(metrics.includes(m), `row ${m} (${metrics.join(", ")})`);
        for (const r of rows.filter(r => ["cpu", "used", "steal"].includes(r.metric)))
            assert.true(r.before !== "" && r.after !== "" && Number.isFinite(Number(r.before)) && Number.isFinite(Number(r.after)),
                        `${r.metric}: ${r.before} → ${r.after}`);
        // the VM's CPU over the window after, from libvirt's cpu.time read by virsh around it
        const witness = (end.ns - start.ns) / 1e6 / (end.at - start.at) * 100;
        const shown = Number(rows.find(r => r.metric === "cpu")?.after);
        assert.true(Math.abs(shown - witness) <= Math.max(5, witness * 0.35),
                    `CPU of the VM after: page ${shown} %, virsh domstats ${witness.toFixed(1)} %`);
        assert.true(/s of 30 s measured/.test(await page.locator("#plan-outcome-perf-notes").innerText()),
                    "the short window before says how much was measured");
        await page.context().close();
    });

    QUnit.test("stopping the window after early says so; a next-boot change measures nothing", async assert => {
        const page = await newPage();
        await openVm(page, VM, "cpu");
        await page.locator("#card-scheduler #sched-shares").waitFor();
        await fill(page, "sched-shares", "800");
        await scope(page, "card-scheduler", "live");
        await review(page, "card-scheduler");
        assert.strictEqual((await apply(page)).outcome, "done");
        await page.locator("#plan-outcome-perf-cancel").click();
        await page.locator('#plan-outcome-perf[data-phase="done"]').waitFor();
        assert.true((await page.locator("#plan-outcome-perf").innerText()).includes("stopped early") ||
                    await page.locator("#plan-outcome-perf-empty").isVisible(), "stopped: said so, or nothing to compare");
        await page.locator("#plan-close").click();
        await fill(page, "sched-shares", "900");
        await scope(page, "card-scheduler", "config");
        await review(page, "card-scheduler");
        assert.strictEqual(await page.locator("#plan-outcome-perf").count(), 0, "next boot only: no before/after");
        await page.context().close();
    });

    QUnit.test("hot spots on the overview and the host page, linking to each VM's Performance tab", async assert => {
        const running = virsh("list", "--name").split("\n").map(s => s.trim()).filter(Boolean);
        const page = await newPage();
        await page.locator("#hotspots").waitFor();
        const rows = page.locator("#hotspots .hotspot");
        await eventually(() => rows.count(), n => n > 0, 40000);
        for (const row of await rows.all()) {
            const vm = (await row.getAttribute("data-vm")) ?? "";
            assert.true(running.includes(vm), `${vm} runs`);
            assert.true(["steal", "throttled", "remote-memory"].includes((await row.getAttribute("data-kind")) ?? ""), "kind");
            assert.strictEqual(await row.locator("a").getAttribute("href"), `#/vm/${encodeURIComponent(vm)}/perf`);
        }
        await page.evaluate(() => { window.location.hash = "#/host" });
        await page.locator("#host-title").waitFor();
        await page.locator("#hotspots").waitFor();
        await eventually(() => page.locator("#hotspots .hotspot").count(), n => n > 0, 40000);
        const busy = page.locator("#placement-map [data-cpu][data-busy]");
        await eventually(() => busy.count(), n => n > 0, 20000);
        const cells = await page.locator("#placement-map [data-cpu]").count();
        assert.strictEqual(await busy.count(), cells, "every host CPU has its busy %");
        const value = Number(await busy.first().getAttribute("data-busy"));
        assert.true(value >= 0 && value <= 100, `busy ${value} %`);
        assert.true((await busy.first().getAttribute("aria-label"))?.includes("busy"), "the busy % is in the cell's label");
        await page.context().close();
    });

    QUnit.test("a hot-spots refresh costs the same D-Bus calls with 3 VMs and with more", async assert => {
        const page = await newPage();
        await page.locator("#hotspots").waitFor();
        const few = await callsDuring(page, 16000);
        defineExtra();
        await page.locator(`tr[data-vm="${EXTRA}0"]`).waitFor({ timeout: 30000 });
        const many = await callsDuring(page, 16000);
        const count = (c: { methods: string[] }, m: string) => c.methods.filter(x => x === m).length;
        for (const [label, c] of [["3 VMs", few], [`${EXTRA_COUNT} more`, many]] as const) {
            assert.true(count(c, "GetAllDomainStats") >= 2, `${label}: refreshed (${c.methods.join(", ")})`);
            assert.deepEqual(c.paths.filter(p => p.includes("/domain/")), [], `${label}: no per-VM call`);
            assert.deepEqual([...new Set(c.methods)].sort(), ["Get", "GetAllDomainStats"].filter(m => c.methods.includes(m)),
                             `${label}: only the refresh and the heartbeat`);
        }
        const perRefresh = (c: { methods: string[] }) => c.methods.length / count(c, "GetAllDomainStats");
        assert.true(Math.abs(perRefresh(few) - perRefresh(many)) <= 0.5,
                    `calls per refresh: ${perRefresh(few).toFixed(2)} with 3 VMs, ${perRefresh(many).toFixed(2)} with ${EXTRA_COUNT} more`);
        await page.context().close();
    });
});
