// make bench: every figure from one run, medians of VMTUNE_BENCH_REPS repetitions, vmtune beside
// cockpit-machines on the same stack and browser. Prints the table and writes it into BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
// @ts-expect-error plain ES module shared with the e2e runner
import { launchBrowser } from "../e2e/browser.mjs";
import type { Load } from "./measure.ts";
import { countCalls, median, waitReady } from "./measure.ts";
import type { Target } from "./pages.ts";
import { PAGES, allRowsAt, loadList, loadVm, rowsShown, warmContext } from "./pages.ts";
import { pinRuns, sharesRuns } from "./apply.ts";
import { defineBenchVms, runningBenchVms, undefineBenchVms } from "./vms.ts";
import { watchRefresh } from "./refresh.ts";
import { modelFigures } from "./model.ts";
import type { Row } from "./table.ts";
import { machineText, markdownTable, plainTable, writeBenchmarks } from "./table.ts";

const ROOT = process.cwd();
const REPS = Math.max(1, Number(process.env.VMTUNE_BENCH_REPS ?? 5));
const BIG = Number(process.env.VMTUNE_BENCH_BIG ?? 1000);
/** of the BIG VMs, started paused (active, with statistics, no guest code running) */
const RUNNING = Number(process.env.VMTUNE_BENCH_RUNNING ?? 50);
/** how long a page is watched while it refreshes, s */
const WATCH_S = Number(process.env.VMTUNE_BENCH_WATCH_S ?? 60);
const TARGETS: Target[] = ["vmtune", "machines"];
const VM = "vmtune-test-numa";

function allVms(): number {
    return execFileSync("virsh", ["-q", "-c", "qemu:///system", "list", "--all", "--name"], { encoding: "utf8" })
        .split("\n").filter(s => s.trim()).length;
}

function log(text: string) {
    process.stderr.write(`# ${text}\n`);
}

type Loads = Record<Target, Load[]>;

/** reps × both targets, alternating which goes first; pages are closed after each load. */
async function loads(contexts: Record<Target, BrowserContext>, reps: number, one: (c: BrowserContext, t: Target) => Promise<Load>): Promise<Loads> {
    const out: Loads = { vmtune: [], machines: [] };
    for (let i = 0; i < reps; i++) {
        for (const t of i % 2 ? [...TARGETS].reverse() : TARGETS) {
            const load = await one(contexts[t], t);
            out[t].push(load);
            await load.page.close();
        }
    }
    return out;
}

const med = (ls: Load[], f: (l: Load) => number) => median(ls.map(f));

async function main() {
    undefineBenchVms();
    // a colleague's rebuild empties dist/ for a moment
    for (let i = 0; i < 60 && !existsSync(path.join(ROOT, "dist/manifest.json")); i++)
        await new Promise(resolve => setTimeout(resolve, 500));
    if (!existsSync(path.join(ROOT, "dist/manifest.json"))) throw new Error("dist/ is not built: run make");
    const vms = allVms();
    log(`${vms} VMs defined, ${REPS} repetitions`);
    const browser = await (launchBrowser() as Promise<Browser>);
    const rows: Row[] = [];
    const notes: string[] = [];
    try {
        const contexts = {
            vmtune: await warmContext(browser, "vmtune", vms),
            machines: await warmContext(browser, "machines", vms),
        };

        /** One figure group; a failure is reported in the table's notes, the rest still runs. */
        const only = process.env.VMTUNE_BENCH_ONLY?.split(",");
        const section = async (name: string, fn: () => Promise<void>) => {
            if (only && !only.some(o => name.includes(o))) return;
            log(name);
            try {
                await fn();
            } catch (e) {
                notes.push(`${name}: FAILED: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
            }
        };

        /** Cold list loads' transfer: the total, JS + CSS, and per kind and resource in the notes. */
        const transfer = (list: Loads, label: string) => {
            const jsCss = (l: Load) => ((l.byKind.js ?? 0) + (l.byKind.css ?? 0)) / 1000;
            rows.push({ figure: `Cold page load${label}, bytes transferred (KB)`, ours: med(list.vmtune, l => l.bytes) / 1000,
                        theirs: med(list.machines, l => l.bytes) / 1000, budget: "≤ 1/4", limit: 1 / 4, digits: 0 });
            rows.push({ figure: `Cold page load${label}, JS + CSS (KB)`, ours: med(list.vmtune, jsCss),
                        theirs: med(list.machines, jsCss), budget: "≤ 1/4", limit: 1 / 4, digits: 0 });
            for (const t of TARGETS) {
                const kinds = new Map<string, number[]>();
                for (const l of list[t]) for (const [k, b] of Object.entries(l.byKind)) kinds.set(k, [...(kinds.get(k) ?? []), b]);
                notes.push(`${t}${label} transfer by kind (KB, median): ` +
                    [...kinds].map(([k, b]) => `${k} ${(median(b) / 1000).toFixed(1)}`).join(", ") +
                    `; ${list[t][0]?.resources.length ?? 0} requests`);
            }
            notes.push(`vmtune${label} resources: ` + (list.vmtune[0]?.resources ?? [])
                .map(r => `${r.url.replace(/^.*\/cockpit\/@localhost\//, "")} ${(r.bytes / 1000).toFixed(1)}`).join(", "));
        };

        await section("cold list loads", async () => {
            const list = await loads(contexts, REPS, (c, t) => loadList(c, t, vms));
            transfer(list, "");
            rows.push({ figure: `Navigation → VM list rendered, ${vms} VMs (ms)`, ours: med(list.vmtune, l => l.ms),
                        theirs: med(list.machines, l => l.ms), budget: "≤ 1/2", limit: 1 / 2, digits: 0 });
        });

        // the same for a user who chose 简体中文 (both pages fetch their po.zh_CN.js)
        await section("cold list loads, zh_CN", async () => {
            const zh = {
                vmtune: await warmContext(browser, "vmtune", vms, "zh-cn"),
                machines: await warmContext(browser, "machines", vms, "zh-cn"),
            };
            try {
                transfer(await loads(zh, REPS, (c, t) => loadList(c, t, vms)), ", zh_CN");
            } finally {
                await Promise.all([zh.vmtune.close(), zh.machines.close()]);
            }
        });

        await section("cold VM page loads", async () => {
            const vmPage = await loads(contexts, REPS, (c, t) => loadVm(c, t, VM));
            rows.push({ figure: `VM page opened by URL (cold): navigation → data shown (ms)`, ours: med(vmPage.vmtune, l => l.ms),
                        theirs: med(vmPage.machines, l => l.ms), digits: 0 });
            rows.push({ figure: `VM page opened by URL (cold): D-Bus calls`, ours: med(vmPage.vmtune, l => l.calls),
                        theirs: med(vmPage.machines, l => l.calls), digits: 0,
                        extra: `waves ${med(vmPage.vmtune, l => l.waves)} / ${med(vmPage.machines, l => l.waves)}` });
        });

        // from the list, as a user gets there: the VM is already loaded
        await section("VM page from the list", async () => {
            const fromList: { calls: number; ms: number }[] = [];
            for (let i = 0; i < REPS; i++) {
                const l = await loadList(contexts.vmtune, "vmtune", vms);
                let ms = 0;
                const counted = await countCalls(l.page, async () => {
                    const t0 = await l.page.evaluate(() => performance.now());
                    await l.page.click(`tr[data-vm="${VM}"] a[data-link="vm"]`);
                    ms = await waitReady(l.page, PAGES.vmtune.vmReady(VM)) - t0;
                    await new Promise(resolve => setTimeout(resolve, 1000));
                });
                fromList.push({ calls: counted.calls, ms });
                await l.page.close();
            }
            rows.push({ figure: "VM page opened from the list: D-Bus calls (budget: one wave of ≤ 8)", ours: median(fromList.map(f => f.calls)),
                        budgetAbs: "≤ 8", absLimit: 8, digits: 0, extra: `click → data shown ${median(fromList.map(f => f.ms)).toFixed(0)} ms` });
        });

        await section("live applies against virsh", async () => {
            const page = (await loadVm(contexts.vmtune, "vmtune", VM)).page;
            try {
                const shares = await sharesRuns(page, REPS);
                rows.push({ figure: "Live cpu_shares change, click → confirmed vs virsh schedinfo (ms)", ours: median(shares.page),
                            theirs: median(shares.virsh), theirsLabel: "virsh", budget: "≤ 1.3×", limit: 1.3, digits: 0 });
                await page.reload();
                await waitReady(page, PAGES.vmtune.vmReady(VM));
                const pins = await pinRuns(page, REPS);
                rows.push({ figure: "Live vCPU pin change, click → confirmed vs virsh vcpupin (ms)", ours: median(pins.page),
                            theirs: median(pins.virsh), theirsLabel: "virsh", budget: "≤ 1.3×", limit: 1.3, digits: 0 });
            } finally {
                await page.close();
                execFileSync(path.join(ROOT, "test/stack/fixtures.sh"), ["reset", VM], { stdio: "ignore" });
            }
        });

        await section(`${BIG} more VMs`, async () => {
            try {
                defineBenchVms(BIG, RUNNING);
                const total = allVms();
                const running = runningBenchVms().length;
                notes.push(`${total} VMs defined for the large list: ${BIG} vmtune-bench-NNNN (64 MiB, 1 vCPU, no devices), ` +
                    `${running} of them started paused (virsh start --paused: active, with statistics, no guest code runs), and the fixtures`);
                const shown: Record<Target, number[]> = { vmtune: [], machines: [] };
                const allRows: Record<Target, number[]> = { vmtune: [], machines: [] };
                const big = await loads(contexts, REPS, async (c, t) => {
                    const load = await loadList(c, t, total);
                    shown[t].push(await rowsShown(load.page));
                    allRows[t].push(await allRowsAt(load.page));
                    return load;
                });
                notes.push(`rows shown of ${total} VMs: vmtune ${shown.vmtune.join(", ")}; cockpit-machines ${shown.machines.join(", ")}`);
                rows.push({ figure: `Navigation → a row for every VM (name, state), ${total} VMs (ms)`, ours: median(allRows.vmtune),
                            theirs: median(allRows.machines), budgetAbs: "≤ 1000 ms", absLimit: 1000, digits: 0 });
                rows.push({ figure: `Navigation → VM list rendered with every VM's tuning, ${total} VMs (ms)`, ours: med(big.vmtune, l => l.ms),
                            theirs: med(big.machines, l => l.ms), digits: 0 });
                rows.push({ figure: `VM list with ${total} VMs: D-Bus calls`, ours: med(big.vmtune, l => l.calls),
                            theirs: med(big.machines, l => l.calls), digits: 0 });
                // the overview left open: its hot spots refresh (vmtune) / its per-VM polling (cockpit-machines)
                const watched = { vmtune: await loadList(contexts.vmtune, "vmtune", total), machines: await loadList(contexts.machines, "machines", total) };
                const figures = {
                    vmtune: await watchRefresh(watched.vmtune.page, WATCH_S),
                    machines: await watchRefresh(watched.machines.page, WATCH_S),
                };
                await Promise.all([watched.vmtune.page.close(), watched.machines.page.close()]);
                const perMin = (f: typeof figures.vmtune) => f.calls * 60 / f.seconds;
                rows.push({ figure: `Overview left open, ${total} VMs: D-Bus calls per refresh (hot spots)`,
                            ours: figures.vmtune.refreshes ? figures.vmtune.calls / figures.vmtune.refreshes : NaN, digits: 1,
                            extra: `${figures.vmtune.refreshes} refreshes (one GetAllDomainStats each), ${figures.vmtune.calls} calls in ${WATCH_S} s: ` +
                                "the rest are the 5 s heartbeats of qemu:///system and lxc:///" });
                rows.push({ figure: `Overview left open, ${total} VMs: D-Bus calls per minute`, ours: perMin(figures.vmtune),
                            theirs: perMin(figures.machines), digits: 0 });
                rows.push({ figure: `Overview left open, ${total} VMs: page CPU time per minute (ms)`, ours: figures.vmtune.cpuMsPerMin,
                            theirs: figures.machines.cpuMsPerMin, digits: 0,
                            extra: `of which scripts ${figures.vmtune.scriptMsPerMin.toFixed(0)} / ${figures.machines.scriptMsPerMin.toFixed(0)} ms` });
                rows.push({ figure: `Overview left open, ${total} VMs: long tasks > 50 ms while refreshing`, ours: figures.vmtune.longTasks,
                            theirs: figures.machines.longTasks, budgetAbs: "0", absLimit: 0, digits: 0,
                            extra: `longest ${figures.vmtune.longestMs.toFixed(0)} / ${figures.machines.longestMs.toFixed(0)} ms` });
                // a bookmarked VM page on a big host: vmtune reads that VM first (DomainLookupByName).
                // cockpit-machines once, and its timeout is a result, not a failure of the section
                const ours: Load[] = [];
                for (let i = 0; i < REPS; i++) {
                    const load = await loadVm(contexts.vmtune, "vmtune", VM);
                    ours.push(load);
                    await load.page.close();
                }
                let theirs: number | undefined;
                let extra = "cockpit-machines: one load";
                try {
                    const load = await loadVm(contexts.machines, "machines", VM);
                    theirs = load.ms;
                    await load.page.close();
                } catch {
                    extra = "cockpit-machines: the VM's data was not shown within 120 s";
                }
                rows.push({ figure: `VM page opened by URL (cold), ${total} VMs: navigation → data shown (ms)`, ours: med(ours, l => l.ms),
                            ...(theirs === undefined ? {} : { theirs }), digits: 0, extra });
            } finally {
                undefineBenchVms();
            }
        });
    } finally {
        await browser.close();
    }

    log("model figures");
    const model = modelFigures(ROOT, Math.max(REPS, 5));
    rows.push({ figure: `Model: readTuning over libvirt's ${model.corpusFiles} test domains (ms, Node + xmldom)`, ours: model.corpusMs, digits: 0 });
    rows.push({ figure: "Model: placement map + view, 256 CPUs / 8 nodes, 240-vCPU VM (ms)", ours: model.placementMs,
                budgetAbs: "≤ 150 ms", absLimit: 150, digits: 1 });
    rows.push({ figure: "Model: one pin edit on that VM (check, map, view, plan) (ms)", ours: model.pinEditMs,
                budgetAbs: "≤ 16 ms", absLimit: 16, digits: 1 });

    const machine = machineText(await browserVersion());
    console.log(plainTable(rows));
    for (const n of notes) console.log(n);
    console.log(machine);
    writeBenchmarks(path.join(ROOT, "BENCHMARKS.md"), markdownTable(rows), notes, machine, REPS);
    const missed = rows.filter(r => r.met === false).length;
    console.log(missed ? `${missed} budget(s) missed: see BENCHMARKS.md` : "all budgets met");
}

async function browserVersion(): Promise<string> {
    const b = await (launchBrowser() as Promise<Browser>);
    const v = b.version();
    await b.close();
    return v;
}

await main();
