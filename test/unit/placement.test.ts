import QUnit from "qunit";
import { placementMap } from "../../src/model/placement/placement.ts";
import { suggestPlacement } from "../../src/model/placement/placement-suggest.ts";
import type { PlacedVm } from "../../src/model/placement/placement.ts";
import { plan } from "../../src/model/plan/plan.ts";
import { parseCpuset } from "../../src/model/values/cpuset.ts";
import type { Tuning } from "../../src/model/types.ts";
import { NUMA_XML, PLAIN_XML, syntheticHost, tuningOf, variant } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;
// 2 nodes × 4 cores × 2 threads: node 0 = CPUs 0-3 + siblings 8-11, node 1 = 4-7 + 12-15
const small = syntheticHost(2, 4, 2, 16 * GiB);

function vm(name: string, edit: (t: Tuning) => void, running = false, liveEdit?: (t: Tuning) => void): PlacedVm {
    const config = variant(tuningOf(PLAIN_XML), t => {
        t.name = name;
        t.cputune.vcpupin = [];
        edit(t);
    });
    return { name, running, config, live: running ? variant(config, liveEdit ?? (() => undefined)) : undefined };
}

QUnit.module("placement: map and conflicts", () => {
    QUnit.test("synthetic host is as described", assert => {
        assert.strictEqual(small.totalCpus, 16);
        assert.deepEqual(small.cells[0]?.cpus.map(c => c.id), [0, 1, 2, 3, 8, 9, 10, 11]);
        assert.deepEqual(small.cells[0]?.cpus[0]?.siblings, [0, 8]);
    });

    QUnit.test("who is pinned where, live and config", assert => {
        const a = vm("a", t => {
            t.cputune.vcpupin = [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "1" }];
            t.cputune.emulatorpin = "2-3";
        }, true, t => { t.cputune.vcpupin = [{ id: 0, cpuset: "5" }]; });
        const map = placementMap([a], small);
        assert.strictEqual(map.cpus.length, 16);
        assert.deepEqual(map.cpus[0]?.config, [{ vm: "a", kind: "vcpu", id: 0 }]);
        assert.deepEqual(map.cpus[0]?.live, []);
        assert.deepEqual(map.cpus[5]?.live, [{ vm: "a", kind: "vcpu", id: 0 }]);
        assert.deepEqual(map.cpus[2]?.config, [{ vm: "a", kind: "emulator", id: 0 }]);
        assert.strictEqual(map.cpus[0]?.node, 0);
        assert.deepEqual(map.cpus[0]?.siblings, [0, 8]);
        assert.strictEqual(map.cpus[0]?.load.config, 1);
        assert.deepEqual(map.conflicts, []);
    });

    QUnit.test("a range pin spreads its load", assert => {
        const a = vm("a", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0-3" }, { id: 1, cpuset: "0-3" }]; });
        const map = placementMap([a], small);
        assert.strictEqual(map.cpus[2]?.load.config, 0.5);
        assert.deepEqual(map.conflicts, []);
    });

    QUnit.test("sibling threads shared between VMs; oversubscribed CPU", assert => {
        const a = vm("a", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "8" }]; });
        const b = vm("b", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "8" }]; });
        const map = placementMap([a, b], small);
        const kinds = map.conflicts.filter(c => c.view === "config").map(c => [c.kind, c.cpus, c.vms]);
        assert.deepEqual(kinds, [
            ["oversubscribed", [8], ["a", "b"]],
            ["shared-siblings", [0, 8], ["a", "b"]],
        ]);
        assert.true(map.conflicts.every(c => c.message.length > 20));
    });

    QUnit.test("one VM on both siblings is no conflict", assert => {
        const a = vm("a", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "8" }]; });
        assert.deepEqual(placementMap([a], small).conflicts, []);
    });

    QUnit.test("vCPU off the node its memory is bound to", assert => {
        const a = vm("a", t => {
            t.cputune.vcpupin = [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "4-5" }];
            t.numatune = { mode: "strict", nodeset: "1", memnodes: [] };
        });
        const off = placementMap([a], small).conflicts.filter(c => c.kind === "off-node");
        assert.deepEqual(off.map(c => [c.vms, c.cpus]), [[["a"], [0]]]);
        const preferred = vm("p", t => {
            t.cputune.vcpupin = [{ id: 0, cpuset: "0" }];
            t.numatune = { mode: "preferred", nodeset: "1", memnodes: [] };
        });
        assert.deepEqual(placementMap([preferred], small).conflicts, [], "preferred does not bind");
    });

    QUnit.test("more vCPUs pinned to a node than it has CPUs", assert => {
        const a = vm("a", t => {
            t.vcpu.max = 9;
            t.vcpu.current = 9;
            t.cputune.vcpupin = Array.from({ length: 9 }, (_x, id) => ({ id, cpuset: "0-3,8-11" }));
        });
        const conflicts = placementMap([a], small).conflicts;
        assert.deepEqual(conflicts.map(c => [c.kind, c.node]), [["oversubscribed", undefined], ["oversubscribed", 0]]);
    });

    QUnit.test("shut-off VMs appear only in the config view; live view of running ones", assert => {
        const a = vm("a", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0" }]; });
        const b = vm("b", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0" }]; }, true);
        const map = placementMap([a, b], small);
        assert.deepEqual(map.cpus[0]?.live.map(o => o.vm), ["b"]);
        assert.deepEqual(map.cpus[0]?.config.map(o => o.vm), ["a", "b"]);
        assert.deepEqual(map.conflicts.map(c => [c.kind, c.view]), [["oversubscribed", "config"], ["shared-siblings", "config"]]);
    });

    QUnit.test("bad cpusets are ignored, not thrown", assert => {
        const a = vm("a", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "zz" }, { id: 1, cpuset: "99" }]; });
        assert.deepEqual(placementMap([a], small).cpus.flatMap(c => c.config), []);
    });
});

QUnit.module("placement: suggestions", () => {
    QUnit.test("empty host: one node, whole cores first, memory bound there", assert => {
        const a = vm("a", t => { t.vcpu.max = 4; t.memory = 4 * GiB; });
        const s = suggestPlacement(a, small, []);
        assert.true(s.fits);
        assert.deepEqual(s.nodes, [0]);
        assert.deepEqual(s.desired.vcpupin, [
            { id: 0, cpuset: "0" }, { id: 1, cpuset: "8" }, { id: 2, cpuset: "1" }, { id: 3, cpuset: "9" },
        ]);
        assert.strictEqual(s.desired.emulatorpin, "2-3,10-11");
        assert.deepEqual(s.desired.numatune, { mode: "strict", nodeset: "0" });
    });

    QUnit.test("picks the node with room, skipping pinned CPUs and memory bound by others", assert => {
        const other = vm("o", t => {
            t.cputune.vcpupin = Array.from({ length: 6 }, (_x, id) => ({ id, cpuset: String([0, 1, 2, 8, 9, 10][id]) }));
            t.vcpu.max = 6;
        });
        const a = vm("a", t => { t.vcpu.max = 4; t.memory = 4 * GiB; });
        assert.deepEqual(suggestPlacement(a, small, [other]).nodes, [1]);
        // memory: node 1 nearly full (free memory given): vCPUs on node 1, memory from both nodes
        const spread = suggestPlacement(a, small, [other], new Map([[0, 16 * GiB], [1, GiB]]));
        assert.deepEqual(spread.nodes, [0, 1]);
        assert.deepEqual(spread.desired.vcpupin?.map(p => p.cpuset), ["4", "12", "5", "13"]);
        // no memory anywhere: no fit
        const s = suggestPlacement(a, small, [other], new Map([[0, GiB], [1, GiB]]));
        assert.false(s.fits);
        assert.deepEqual(s.desired, {});
        assert.true(s.explanation.includes("a"));
    });

    QUnit.test("a VM pinned to every online CPU (what a live unpin leaves) holds no CPU; a wide pin still does", assert => {
        const everywhere = vm("wide", t => {
            t.vcpu.max = 2;
            t.cputune.vcpupin = [{ id: 0, cpuset: "0-15" }, { id: 1, cpuset: "0-15" }];
        }, true);
        const a = vm("a", t => { t.vcpu.max = 4; t.memory = 4 * GiB; });
        const s = suggestPlacement(a, small, [everywhere]);
        assert.true(s.fits, s.explanation);
        assert.deepEqual(s.desired.vcpupin?.map(p => p.cpuset), ["0", "8", "1", "9"], "as on an empty host");
        // all but one CPU is a real pin: node 0 (CPUs 0-3, 8-11) has CPU 0 left only, so node 1
        const most = vm("most", t => { t.vcpu.max = 1; t.cputune.vcpupin = [{ id: 0, cpuset: "1-3,8-11" }]; }, true);
        assert.deepEqual(suggestPlacement(a, small, [most]).nodes, [1], "a pin over part of the host holds its CPUs");
    });

    QUnit.test("too big for one node, guest cells: one node per cell with memnodes", assert => {
        const a = vm("a", t => {
            t.vcpu.max = 12;
            t.memory = 8 * GiB;
            t.cpu.cells = [
                { id: 0, cpus: "0-5", memory: 4 * GiB, distances: [] },
                { id: 1, cpus: "6-11", memory: 4 * GiB, distances: [] },
            ];
        });
        const s = suggestPlacement(a, small, []);
        assert.true(s.fits);
        assert.deepEqual(s.nodes, [0, 1]);
        const nodeOfPin = (cpuset: string | null | undefined) => (parseCpuset(cpuset ?? "")[0] ?? -1) % 8 < 4 ? 0 : 1;
        const pins = s.desired.vcpupin ?? [];
        assert.strictEqual(pins.length, 12);
        const cell0 = new Set(pins.filter(p => p.id < 6).map(p => nodeOfPin(p.cpuset)));
        const cell1 = new Set(pins.filter(p => p.id >= 6).map(p => nodeOfPin(p.cpuset)));
        assert.strictEqual(cell0.size, 1);
        assert.strictEqual(cell1.size, 1);
        assert.notDeepEqual([...cell0], [...cell1]);
        assert.strictEqual(s.desired.memnodes?.length, 2);
        assert.deepEqual(s.desired.numatune, { mode: "strict", nodeset: "0-1" });
    });

    QUnit.test("too big for one node, no guest cells: fills the emptiest nodes", assert => {
        const a = vm("a", t => { t.vcpu.max = 10; t.memory = 4 * GiB; });
        const s = suggestPlacement(a, small, []);
        assert.true(s.fits);
        assert.deepEqual(s.nodes, [0, 1]);
        assert.strictEqual(new Set((s.desired.vcpupin ?? []).map(p => p.cpuset)).size, 10, "one CPU per vCPU");
        assert.false(suggestPlacement(vm("b", t => { t.vcpu.max = 17; }), small, []).fits);
    });

    QUnit.test("the suggestion plans into steps", assert => {
        const config = variant(tuningOf(NUMA_XML), t => { t.cputune.vcpupin = []; });
        const s = suggestPlacement({ name: "vm1", running: false, config }, small, []);
        const p = plan({
            name: "vm1", uuid: config.uuid, running: false, config, inactiveXml: NUMA_XML, hostCpus: 16, scope: "config", desired: s.desired,
        });
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(x => x.command), ["numatune", "vcpupin", "vcpupin", "vcpupin", "vcpupin", "emulatorpin"].filter(
            c => c !== "numatune" || s.desired.numatune?.nodeset !== "0"));
    });

    QUnit.test("256 CPUs, 8 nodes, 240-vCPU VM: one CPU per vCPU, no oversubscription", assert => {
        const big = syntheticHost(8, 16, 2, 64 * GiB);
        assert.strictEqual(big.totalCpus, 256);
        const cells = Array.from({ length: 8 }, (_x, i) => ({ id: i, cpus: `${i * 30}-${i * 30 + 29}`, memory: 8 * GiB, distances: [] }));
        const a = vm("big", t => { t.vcpu.max = 240; t.vcpu.current = 240; t.memory = 64 * GiB; t.cpu.cells = cells; });
        const others = Array.from({ length: 4 }, (_x, i) => vm(`o${i}`, t => {
            t.cputune.vcpupin = [{ id: 0, cpuset: String(255 - i) }];
        }, true));
        const s = suggestPlacement(a, big, others);
        const pinned = variant(a.config, t => {
            t.cputune.vcpupin = (s.desired.vcpupin ?? []).map(p => ({ id: p.id, cpuset: p.cpuset ?? "" }));
        });
        const map = placementMap([{ ...a, config: pinned }, ...others], big);
        assert.true(s.fits);
        assert.strictEqual(s.desired.vcpupin?.length, 240);
        assert.strictEqual(new Set(s.desired.vcpupin?.map(p => p.cpuset)).size, 240, "one CPU each");
        assert.deepEqual(map.conflicts.filter(c => c.kind === "oversubscribed"), []);
        assert.strictEqual(map.cpus.length, 256);
    });
});
