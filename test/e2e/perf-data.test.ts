// The Performance tab's data adapters on the real stack, called in the page (the real cockpit.js,
// cockpit-bridge, libvirt-dbus and libvirtd), against witnesses read from the shell: virsh domstats,
// the cgroup files, /proc. Counters move while we look, so each page figure must lie between a witness
// read before and one read after it. Reading must change no VM: the XML is compared around it all.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import QUnit from "qunit";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { closeBrowser, newPage, virsh, ROOT } from "./lib.ts";
import type { DomainCounters, HostCpuTimes } from "../../src/model/perf/types.ts";
import type { VmHostCounters } from "../../src/host/perf.ts";

const VMS = ["vmtune-test-numa", "vmtune-test-plain"];

interface Probe {
    stats(name: string): Promise<DomainCounters>;
    all(): Promise<DomainCounters[]>;
    host(name: string): Promise<VmHostCounters>;
    hostCpu(): Promise<HostCpuTimes[]>;
}
declare global {
    interface Window { vmtunePerfProbe?: Probe }
}

/** The adapters bundled as the page bundles them (cockpit = the page's global), exposed for the test. */
async function probeBundle(): Promise<string> {
    const result = await build({
        stdin: {
            resolveDir: ROOT, loader: "ts", sourcefile: "perf-probe.ts",
            contents: `
                import { openLibvirt } from "./src/libvirt/client.ts";
                import { readAllDomainStats, readDomainStats } from "./src/libvirt/stats.ts";
                import { readHostCpuTimes, readVmHostCounters } from "./src/host/perf.ts";
                const libvirt = openLibvirt();
                async function pathOf(name: string): Promise<string> {
                    const [path] = await libvirt.connect("DomainLookupByName", "s", [name]);
                    return path as string;
                }
                window.vmtunePerfProbe = {
                    stats: async (name: string) => readDomainStats(libvirt, await pathOf(name), name),
                    all: () => readAllDomainStats(libvirt),
                    host: (name: string) => readVmHostCounters(name, "qemu"),
                    hostCpu: () => readHostCpuTimes(),
                };`,
        },
        bundle: true, write: false, format: "iife", target: "es2022",
        plugins: [{
            name: "cockpit-global",
            setup(b) {
                b.onResolve({ filter: /^cockpit$/ }, () => ({ path: "cockpit", namespace: "cockpit-global" }));
                b.onLoad({ filter: /.*/, namespace: "cockpit-global" }, () => ({ contents: "export default window.cockpit;", loader: "js" }));
            },
        }],
    });
    return result.outputFiles[0]?.text ?? "";
}

async function probePage(): Promise<Page> {
    const page = await newPage("");
    await page.locator(`tr[data-vm="${VMS[0]}"]`).waitFor({ timeout: 30000 });
    await page.evaluate(await probeBundle());
    return page;
}

/** virsh domstats --state --cpu-total --vcpu of a VM as numbers. */
function domstats(vm: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const line of virsh("domstats", "--state", "--cpu-total", "--vcpu", vm).split("\n")) {
        const m = /^\s*([\w.]+)=(\d+)$/.exec(line);
        if (m?.[1] !== undefined)
            out.set(m[1], Number(m[2]));
    }
    return out;
}

function between(assert: Assert, value: number | undefined, low: number | undefined, high: number | undefined, label: string): void {
    assert.true(value !== undefined && low !== undefined && high !== undefined && low <= value && value <= high,
        `${label}: ${low} ≤ ${value} ≤ ${high}`);
}

function checkDomain(assert: Assert, got: DomainCounters | undefined, before: Map<string, number>, after: Map<string, number>, vm: string): void {
    assert.strictEqual(got?.name, vm);
    assert.strictEqual(got?.state, before.get("state.state"), `${vm}: state`);
    assert.strictEqual(got?.vcpuCurrent, before.get("vcpu.current"), `${vm}: vcpu.current`);
    assert.strictEqual(got?.vcpuMaximum, before.get("vcpu.maximum"), `${vm}: vcpu.maximum`);
    between(assert, got?.cpuTimeNs, before.get("cpu.time"), after.get("cpu.time"), `${vm}: cpu.time`);
    const ids = [...before.keys()].map(k => /^vcpu\.(\d+)\.state$/.exec(k)?.[1]).filter(id => id !== undefined).map(Number);
    assert.deepEqual(got?.vcpus.map(v => v.id), ids, `${vm}: the vCPUs virsh lists`);
    for (const v of got?.vcpus ?? []) {
        between(assert, v.timeNs, before.get(`vcpu.${v.id}.time`), after.get(`vcpu.${v.id}.time`), `${vm} vcpu ${v.id} time`);
        between(assert, v.delayNs, before.get(`vcpu.${v.id}.delay`), after.get(`vcpu.${v.id}.delay`), `${vm} vcpu ${v.id} delay`);
        between(assert, v.waitNs, before.get(`vcpu.${v.id}.wait`), after.get(`vcpu.${v.id}.wait`), `${vm} vcpu ${v.id} wait`);
    }
}

/** The VM's cpu cgroup directory as the shell sees it on this stack (v1: the cpu line under the cpu mount, one up from emulator). */
function cgroupDir(pid: number): string {
    const line = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n").find(l => /^\d+:([^:]*,)?cpu(,[^:]*)?:/.test(l));
    if (line)
        return path.join("/sys/fs/cgroup/cpu", line.split(":")[2] ?? "", "..");
    const unified = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n").find(l => l.startsWith("0::")) ?? "";
    return path.join("/sys/fs/cgroup", unified.slice(3), "..");
}

function cpuStat(file: string): Map<string, number> {
    return new Map(readFileSync(file, "utf8").trim().split("\n").map(l => l.split(" ")).map(([k, v]) => [k ?? "", Number(v)]));
}

QUnit.module("perf data adapters", hooks => {
    let page: Page;
    const xmlBefore = new Map<string, string>();
    hooks.before(async () => {
        for (const vm of VMS)
            xmlBefore.set(vm, virsh("dumpxml", vm));
        page = await probePage();
    });
    hooks.after(async () => {
        await closeBrowser();
    });

    QUnit.test("readDomainStats (Domain.GetStats) agrees with virsh domstats", async assert => {
        for (const vm of VMS) {
            const before = domstats(vm);
            const got = await page.evaluate(name => window.vmtunePerfProbe?.stats(name), vm);
            checkDomain(assert, got, before, domstats(vm), vm);
        }
    });

    QUnit.test("readAllDomainStats (one GetAllDomainStats): every running VM, and only those", async assert => {
        const running = virsh("list", "--name").split("\n").map(s => s.trim()).filter(Boolean).sort();
        const before = new Map(VMS.map(vm => [vm, domstats(vm)]));
        const calls0 = await page.evaluate(() => window.vmtuneDbusStats?.calls ?? 0);
        const all = await page.evaluate(() => window.vmtunePerfProbe?.all()) ?? [];
        const calls = await page.evaluate(() => window.vmtuneDbusStats?.calls ?? 0) - calls0;
        const after = new Map(VMS.map(vm => [vm, domstats(vm)]));
        assert.strictEqual(calls, 1, "one D-Bus call for all VMs");
        assert.deepEqual(all.map(d => d.name).sort(), running, "the running VMs (virsh list)");
        for (const vm of VMS)
            checkDomain(assert, all.find(d => d.name === vm), before.get(vm) ?? new Map(), after.get(vm) ?? new Map(), vm);
    });

    QUnit.test("readVmHostCounters: the VM's cgroups, threads and memory placement as the shell reads them", async assert => {
        for (const vm of VMS) {
            const pid = Number(readFileSync(`/run/libvirt/qemu/${vm}.pid`, "utf8").trim());
            const dir = cgroupDir(pid);
            const subgroups = readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name);
            const statsBefore = new Map(["", ...subgroups].map(g => [g, cpuStat(path.join(dir, g, "cpu.stat"))]));
            const got = await page.evaluate(name => window.vmtunePerfProbe?.host(name), vm);
            const statsAfter = new Map(["", ...subgroups].map(g => [g, cpuStat(path.join(dir, g, "cpu.stat"))]));
            const numaText = readFileSync(`/proc/${pid}/numa_maps`, "utf8");
            const comms = readdirSync(`/proc/${pid}/task`).map(tid => readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim());

            assert.strictEqual(got?.pid, pid, `${vm}: the pid of libvirt's pid file`);
            assert.deepEqual(got?.errors, [], `${vm}: no part left unread`);
            assert.deepEqual(got?.groups.map(g => g.group).sort(), ["", ...subgroups].sort(), `${vm}: the VM's group and each sub-group libvirt made`);
            assert.true(subgroups.some(g => /^vcpu\d+$/.test(g)) && subgroups.includes("emulator"), `${vm}: vcpuN and emulator among them (${subgroups.join(", ")})`);
            for (const g of got?.groups ?? []) {
                const b = statsBefore.get(g.group);
                const a = statsAfter.get(g.group);
                between(assert, g.cpu.periods, b?.get("nr_periods"), a?.get("nr_periods"), `${vm} ${g.group || "VM"} nr_periods`);
                between(assert, g.cpu.throttledPeriods, b?.get("nr_throttled"), a?.get("nr_throttled"), `${vm} ${g.group || "VM"} nr_throttled`);
                const ns = b?.has("throttled_time") ? 1000 : 1;
                between(assert, g.cpu.throttledUsec, (b?.get("throttled_time") ?? b?.get("throttled_usec") ?? NaN) / ns,
                    (a?.get("throttled_time") ?? a?.get("throttled_usec") ?? NaN) / ns, `${vm} ${g.group || "VM"} throttled time (µs)`);
                if (readdirSync(path.join(dir, g.group)).includes("cpu.pressure") || g.pressure)
                    assert.true(g.pressure !== undefined && g.pressure.some.totalUsec > 0, `${vm} ${g.group || "VM"}: pressure read`);
            }
            assert.deepEqual(got?.threads.map(t => t.name).sort(), comms.sort(), `${vm}: every QEMU thread by name`);
            const cpus = readFileSync("/proc/stat", "utf8").split("\n").filter(l => /^cpu\d/.test(l)).length;
            assert.true(got?.threads.every(t => t.lastCpu >= 0 && t.lastCpu < cpus), `${vm}: last CPUs are host CPUs`);
            // the file read here a moment later: the resident pages move a little, not more than 2 %
            const kib = new Map<number, number>();
            for (const m of numaText.matchAll(/ N(\d+)=(\d+)(?=.* kernelpagesize_kB=(\d+))/g))
                kib.set(Number(m[1]), (kib.get(Number(m[1])) ?? 0) + Number(m[2]) * Number(m[3]));
            assert.deepEqual(Object.keys(got?.numa?.kibByNode ?? {}).map(Number).sort(), [...kib.keys()].sort(), `${vm}: the same nodes`);
            for (const [node, total] of kib) {
                const shown = got?.numa?.kibByNode[node] ?? 0;
                assert.true(Math.abs(shown - total) <= total * 0.02, `${vm} node ${node}: ${shown} KiB ≈ ${total} KiB`);
            }
        }
    });

    QUnit.test("readHostCpuTimes: the host's CPUs of /proc/stat", async assert => {
        const got = await page.evaluate(() => window.vmtunePerfProbe?.hostCpu()) ?? [];
        const ids = readFileSync("/proc/stat", "utf8").split("\n").map(l => /^cpu(\d+) /.exec(l)?.[1]).filter(Boolean).map(Number);
        assert.deepEqual(got.map(c => c.cpu), ids);
        assert.true(got.every(c => c.busy > 0 && c.total > c.busy), "busy and total ticks");
    });

    QUnit.test("reading changed no VM", assert => {
        for (const vm of VMS)
            assert.strictEqual(virsh("dumpxml", vm), xmlBefore.get(vm), `${vm}: XML as before`);
    });
});
