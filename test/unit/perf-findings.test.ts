// Findings of the Performance tab: shared host CPUs named from the placement map, throttling by the
// VM's own quota, memory away from numatune's nodes or from its vCPUs' nodes; each with its fix.
import QUnit from "qunit";
import { perfFindings, nameList, REMOTE_PCT, STEAL_PCT, THROTTLED_PCT } from "../../src/model/perf/findings.ts";
import type { PerfFindingsInput } from "../../src/model/perf/findings.ts";
import { placementMap } from "../../src/model/placement/placement.ts";
import type { PlacedVm } from "../../src/model/placement/placement.ts";
import type { PerfRates } from "../../src/model/perf/types.ts";
import type { Tuning } from "../../src/model/types.ts";
import { PLAIN_XML, syntheticHost, tuningOf, variant } from "./support/tuning-fixture.ts";

// 2 nodes × 4 cores × 2 threads: node 0 = CPUs 0-3 + 8-11, node 1 = 4-7 + 12-15
const host = syntheticHost(2, 4, 2);

function tuning(name: string, edit: (t: Tuning) => void): Tuning {
    return variant(tuningOf(PLAIN_XML), t => {
        t.name = name;
        t.cputune.vcpupin = [];
        edit(t);
    });
}

function placed(t: Tuning, running = true): PlacedVm {
    return { name: t.name, running, live: running ? t : undefined, config: t };
}

function rates(vcpus: PerfRates["vcpus"], groups: PerfRates["groups"] = []): PerfRates {
    return { at: 10000, spanMs: 3000, vcpus, groups };
}

function input(live: Tuning, others: PlacedVm[], extra: Partial<PerfFindingsInput>): PerfFindingsInput {
    const map = placementMap([placed(live), ...others], host);
    return { vm: live.name, live, cpus: map.cpus, host, ...extra };
}

QUnit.module("perf findings: steal on a shared host CPU", () => {
    const web = tuning("vmtune-web", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "4" }, { id: 1, cpuset: "5" }]; });
    const db = placed(tuning("vmtune-db", t => {
        t.cputune.vcpupin = [{ id: 0, cpuset: "5" }];
        t.cputune.emulatorpin = "5";
    }));

    QUnit.test("names the VMs and threads pinned on the vCPU's host CPU", assert => {
        const out = perfFindings(input(web, [db], { rates: rates([{ id: 0, usedPct: 50, stealPct: 2 }, { id: 1, usedPct: 60, stealPct: 38.4 }]) }));
        assert.deepEqual(out, [{
            kind: "steal-shared", severity: "danger",
            text: "vCPU 1 waits 38 % of the time for a host CPU: host CPU 5 also runs vmtune-db vCPU 0, vmtune-db emulator",
            fix: { tab: "cpu", card: "card-pinning" },
        }]);
    });

    QUnit.test("below the threshold, or alone on its CPU: nothing", assert => {
        assert.deepEqual(perfFindings(input(web, [db], { rates: rates([{ id: 1, usedPct: 60, stealPct: STEAL_PCT - 0.1 }]) })), []);
        assert.deepEqual(perfFindings(input(web, [db], { rates: rates([{ id: 0, usedPct: 60, stealPct: 50 }]) })), []);
        // a shut-off VM's pins do not compete
        const off = placed(tuning("vmtune-off", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "4" }]; }), false);
        assert.deepEqual(perfFindings(input(web, [off], { rates: rates([{ id: 0, usedPct: 60, stealPct: 50 }]) })), []);
        // no placement map, no rates: nothing to say
        assert.deepEqual(perfFindings({ vm: web.name, live: web, rates: rates([{ id: 1, usedPct: 1, stealPct: 50 }]) }), []);
        assert.deepEqual(perfFindings({ vm: web.name, live: web }), []);
    });

    QUnit.test("a floating vCPU competes where it last ran; its own threads count too", assert => {
        const own = tuning("solo", t => { t.cputune.vcpupin = [{ id: 1, cpuset: "2" }]; t.cputune.emulatorpin = "2"; });
        const out = perfFindings(input(own, [], { rates: rates([{ id: 0, usedPct: 10, stealPct: 12, lastCpu: 2 }, { id: 1, usedPct: 10, stealPct: 3 }]) }));
        assert.deepEqual(out.map(f => [f.kind, f.severity, f.text]), [[
            "steal-shared", "warning", "vCPU 0 waits 12 % of the time for a host CPU: host CPU 2 also runs its own vCPU 1, its own emulator",
        ]]);
        // floating, last CPU unknown: nothing to name
        assert.deepEqual(perfFindings(input(own, [], { rates: rates([{ id: 0, usedPct: 10, stealPct: 40 }]) })), []);
    });

    QUnit.test("a range pin names only the CPUs that are shared, and long lists are cut", assert => {
        const wide = tuning("wide", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0-3" }]; });
        const others = ["a", "b", "c"].map((n, i) => placed(tuning(n, t => {
            t.cputune.vcpupin = [{ id: 0, cpuset: String(i) }, { id: 1, cpuset: String(i) }];
            t.vcpu.max = 2;
        })));
        const [f] = perfFindings(input(wide, others, { rates: rates([{ id: 0, usedPct: 10, stealPct: 20, lastCpu: 3 }]) }));
        assert.strictEqual(f?.text, "vCPU 0 waits 20 % of the time for a host CPU: host CPUs 0-2 also run a vCPU 0, a vCPU 1, b vCPU 0, b vCPU 1 and 2 more");
        assert.strictEqual(nameList(["x"]), "x");
        assert.strictEqual(nameList([]), "");
    });

    QUnit.test("IOThread pins are named", assert => {
        const io = placed(tuning("io", t => { t.cputune.iothreadpin = [{ id: 1, cpuset: "4" }]; }));
        const [f] = perfFindings(input(web, [io], { rates: rates([{ id: 0, usedPct: 10, stealPct: 15 }]) }));
        assert.strictEqual(f?.text, "vCPU 0 waits 15 % of the time for a host CPU: host CPU 4 also runs io IOThread 1");
        const own = tuning("own", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "6" }]; t.cputune.iothreadpin = [{ id: 2, cpuset: "6" }]; });
        const [g] = perfFindings(input(own, [], { rates: rates([{ id: 0, usedPct: 10, stealPct: 15 }]) }));
        assert.strictEqual(g?.text, "vCPU 0 waits 15 % of the time for a host CPU: host CPU 6 also runs its own IOThread 2");
    });
});

QUnit.module("perf findings: throttled by its own quota", () => {
    const limited = tuning("q", t => {
        Object.assign(t.cputune, { quota: 20000, period: 100000, global_quota: 50000, global_period: 100000, emulator_quota: -1 });
    });

    QUnit.test("the VM, its vCPUs, named with the quota and period in force", assert => {
        const out = perfFindings({
            vm: "q", live: limited,
            rates: rates([], [
                { group: "", throttledPct: 61.2, throttledMsPerS: 300 },
                { group: "vcpu0", throttledPct: 25, throttledMsPerS: 10 },
                { group: "vcpu1", throttledPct: 40, throttledMsPerS: 10 },
                { group: "vcpu2", throttledPct: THROTTLED_PCT - 1, throttledMsPerS: 10 },
                { group: "emulator", throttledPct: 90, throttledMsPerS: 10 },
                { group: "iothread1", throttledPct: 90, throttledMsPerS: 10 },
                { group: "odd", throttledPct: 90, throttledMsPerS: 10 },
                { group: "vcpu3", throttledMsPerS: 0 },
            ]),
        });
        assert.deepEqual(out, [
            {
                kind: "throttled", severity: "danger", fix: { tab: "cpu", card: "card-scheduler" },
                text: "The VM is throttled by its own quota in 61 % of the scheduler periods: global_quota 50000 µs per global_period 100000 µs",
            },
            {
                kind: "throttled", severity: "warning", fix: { tab: "cpu", card: "card-scheduler" },
                text: "vCPUs 0-1 are throttled by their own quota in 40 % of the scheduler periods: vcpu_quota 20000 µs per vcpu_period 100000 µs",
            },
        ], "the emulator (quota unlimited) and the IOThread (no quota) are limited from above, not by their own");
    });

    QUnit.test("one vCPU, the emulator, IOThreads; the default period", assert => {
        const t = tuning("q", x => Object.assign(x.cputune, { quota: 10000, emulator_quota: 5000, emulator_period: 10000, iothread_quota: 1000 }));
        const out = perfFindings({
            vm: "q", live: t,
            rates: rates([], [
                { group: "vcpu3", throttledPct: 30, throttledMsPerS: 1 },
                { group: "emulator", throttledPct: 30, throttledMsPerS: 1 },
                { group: "iothread1", throttledPct: 30, throttledMsPerS: 1 },
                { group: "iothread2", throttledPct: 35, throttledMsPerS: 1 },
            ]),
        });
        assert.deepEqual(out.map(f => f.text), [
            "vCPU 3 is throttled by its own quota in 30 % of the scheduler periods: vcpu_quota 10000 µs per vcpu_period 100000 µs",
            "Its emulator is throttled by its own quota in 30 % of the scheduler periods: emulator_quota 5000 µs per emulator_period 10000 µs",
            "IOThreads 1-2 are throttled by their own quota in 35 % of the scheduler periods: iothread_quota 1000 µs per iothread_period 100000 µs",
        ]);
        const one = perfFindings({ vm: "q", live: t, rates: rates([], [{ group: "iothread2", throttledPct: 30, throttledMsPerS: 1 }]) });
        assert.deepEqual(one.map(f => f.text), [
            "IOThread 2 is throttled by its own quota in 30 % of the scheduler periods: iothread_quota 1000 µs per iothread_period 100000 µs",
        ]);
    });
});

QUnit.module("perf findings: remote memory", () => {
    const strict0 = tuning("m", t => { t.numatune = { mode: "strict", nodeset: "0", memnodes: [] }; });

    QUnit.test("most memory outside numatune's nodeset", assert => {
        const out = perfFindings({ vm: "m", live: strict0, host, numa: { kibByNode: { 0: 80, 1: 920 }, hugeKibByNode: {} } });
        assert.deepEqual(out, [{
            kind: "remote-memory", severity: "danger", fix: { tab: "numa", card: "card-numatune" },
            text: "92 % of its memory is on host node 1, numatune says strict 0",
        }]);
        const half = perfFindings({ vm: "m", live: strict0, host, numa: { kibByNode: { 0: 500, 1: 500 }, hugeKibByNode: {} } });
        assert.deepEqual(half, [], `exactly ${REMOTE_PCT} % is not "most"`);
        const three = syntheticHost(3, 2, 1);
        const inter = tuning("m", t => { t.numatune = { mode: "interleave", nodeset: "0", memnodes: [] }; });
        const [f] = perfFindings({ vm: "m", live: inter, host: three, numa: { kibByNode: { 0: 10, 1: 30, 2: 60 }, hugeKibByNode: {} } });
        assert.strictEqual(f?.text, "90 % of its memory is on host nodes 1-2, numatune says interleave 0");
        assert.strictEqual(f?.severity, "danger");
    });

    QUnit.test("away from the nodes its vCPUs are pinned to", assert => {
        const pinned = tuning("p", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "1" }]; });
        const out = perfFindings({ vm: "p", live: pinned, host, numa: { kibByNode: { 0: 300, 1: 700 }, hugeKibByNode: {} } });
        assert.deepEqual(out, [{
            kind: "remote-memory", severity: "warning", fix: { tab: "numa", card: "card-numatune" },
            text: "70 % of its memory is on host node 1, away from host node 0 its vCPUs are pinned to",
        }]);
        // numatune obeyed but vCPUs elsewhere: still remote from the vCPUs
        const both = variant(pinned, t => { t.numatune = { mode: "strict", nodeset: "1", memnodes: [] }; });
        assert.strictEqual(perfFindings({ vm: "p", live: both, host, numa: { kibByNode: { 1: 1000 }, hugeKibByNode: {} } }).length, 1);
        // local, unpinned, no host, no numbers: nothing
        assert.deepEqual(perfFindings({ vm: "p", live: pinned, host, numa: { kibByNode: { 0: 1000 }, hugeKibByNode: {} } }), []);
        assert.deepEqual(perfFindings({ vm: "p", live: tuning("u", () => undefined), host, numa: { kibByNode: { 1: 1000 }, hugeKibByNode: {} } }), []);
        assert.deepEqual(perfFindings({ vm: "p", live: pinned, numa: { kibByNode: { 1: 1000 }, hugeKibByNode: {} } }), []);
        assert.deepEqual(perfFindings({ vm: "p", live: pinned, host, numa: { kibByNode: {}, hugeKibByNode: {} } }), []);
        assert.deepEqual(perfFindings({ vm: "p", host, numa: { kibByNode: { 1: 1000 }, hugeKibByNode: {} } }), []);
        const bad = variant(pinned, t => { t.numatune = { mode: "strict", nodeset: "x", memnodes: [] }; });
        assert.strictEqual(perfFindings({ vm: "p", live: bad, host, numa: { kibByNode: { 1: 1000 }, hugeKibByNode: {} } }).length, 1,
                           "an unreadable nodeset falls back to the vCPUs' nodes");
    });
});
