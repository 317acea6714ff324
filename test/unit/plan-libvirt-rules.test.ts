// Finding 8: plans libvirt would refuse, ignore or apply differently are refused by the planner with
// libvirt's reason. Each case was reproduced with virsh -c test:///default (plan-differential.test.ts
// sends the accepted neighbours of these plans to libvirt).
import QUnit from "qunit";
import { plan } from "../../src/model/plan/plan.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import type { Plan } from "../../src/model/types.ts";
import { NUMA_XML, PLAIN_XML, SCATTERED_VCPUS, planInput as input, refusedFields as fields, virshLines as lines } from "./support/tuning-fixture.ts";

const M = 1024;
const GiB = 1024 * 1024;

/** PLAIN with 6 vCPUs, 3 enabled as listed: 0, 4, 5 (what virsh setvcpu leaves). */
const SCATTERED_XML = PLAIN_XML.replace("<vcpu placement='static' current='1'>2</vcpu>",
                                        `<vcpu placement='static' current='3'>6</vcpu>\n  ${SCATTERED_VCPUS}`);

/** The same with 0, 1, 2 enabled: listed, but in order. */
const LISTED_XML = SCATTERED_XML.replace("<vcpu id='1' enabled='no'", "<vcpu id='1' enabled='yes'").replace("<vcpu id='2' enabled='no'", "<vcpu id='2' enabled='yes'")
    .replace("<vcpu id='4' enabled='yes'", "<vcpu id='4' enabled='no'").replace("<vcpu id='5' enabled='yes'", "<vcpu id='5' enabled='no'");

/** NUMA_XML without topology, memnodes added. */
const MEMNODES_XML = NUMA_XML.replace("<memory mode='strict' nodeset='0'/>", "<memory mode='strict' nodeset='0'/>\n    <memnode cellid='0' mode='strict' nodeset='0'/>");

function refused(assert: Assert, p: Plan, field: string, words: string): void {
    assert.deepEqual([lines(p), fields(p)], [[], [field]], `refused on ${field}`);
    assert.true(p.refusals[0]?.message.includes(words), p.refusals[0]?.message);
}

QUnit.module("plan: what libvirt refuses or applies differently", () => {
    QUnit.test("enabled vCPUs listed out of order (0, 4, 5): every count change refused, in every scope", assert => {
        assert.strictEqual(readTuning(SCATTERED_XML).vcpus.filter(v => v.enabled).length, 3);
        for (const desired of [{ current: 4 }, { current: 2 }, { max: 5 }, { max: 8 }, { max: 5, current: 2 }]) {
            refused(assert, plan(input(SCATTERED_XML, false, "config", { vcpus: desired })), "vcpu.current", "enabled vCPUs are 0,4-5");
            refused(assert, plan(input(SCATTERED_XML, true, "both", { vcpus: desired })), "vcpu.current", "setvcpus enables or disables other vCPUs");
        }
        // live only: the running VM's own list decides
        refused(assert, plan(input(SCATTERED_XML, true, "live", { vcpus: { current: 2 } })), "vcpu.current", "0,4-5");
        // in order: planned as before
        assert.deepEqual(fields(plan(input(LISTED_XML, false, "config", { vcpus: { current: 4 } }))), []);
        assert.strictEqual(lines(plan(input(LISTED_XML, false, "config", { vcpus: { max: 5 } }))).length, 1);
        // other areas of the scattered VM still plan
        assert.deepEqual(fields(plan(input(SCATTERED_XML, false, "config", { memory: { current: 2 * GiB } }))), []);
    });

    QUnit.test("vCPUs listed in order (<vcpus>) with topology or cells: a maximum carried by a define is refused", assert => {
        const listed = NUMA_XML.replace("<vcpu placement='static' current='2'>4</vcpu>", `<vcpu placement='static' current='2'>4</vcpu>
  <vcpus>
    <vcpu id='0' enabled='yes' hotpluggable='no'/>
    <vcpu id='1' enabled='yes' hotpluggable='yes'/>
    <vcpu id='2' enabled='no' hotpluggable='yes'/>
    <vcpu id='3' enabled='no' hotpluggable='yes'/>
  </vcpus>`);
        const p = plan(input(listed, false, "config", {
            vcpus: { max: 2 }, topology: { sockets: 1, dies: 1, cores: 2, threads: 1 },
            cells: [{ id: 0, cpus: "0", memory: GiB, distances: [] }, { id: 1, cpus: "1", memory: GiB, distances: [] }],
        }));
        refused(assert, p, "vcpu.max", "lists its vCPUs one by one");
        // the current count alone goes by setvcpus, which follows the list in order: planned
        assert.deepEqual(plan(input(listed, false, "config", { vcpus: { current: 3 } })).steps.map(s => s.command), ["setvcpus"]);
    });

    QUnit.test("lowering the maximum below the vCPUs the guest NUMA cells name: refused with libvirt's words", assert => {
        // NUMA_XML: cells 0-1 and 2-3, maximum 4, topology 2×1×2×1
        const p = plan(input(NUMA_XML, false, "config", { vcpus: { max: 2 }, topology: { sockets: 1, dies: 1, cores: 2, threads: 1 } }));
        refused(assert, p, "cells", "Number of CPUs in <numa> exceeds the <vcpu> count");
        // cells naming a vCPU beyond the maximum, with the right count
        const ids = plan(input(NUMA_XML, false, "config", {
            cells: [{ id: 0, cpus: "0", memory: GiB, distances: [] }, { id: 1, cpus: "5", memory: GiB, distances: [] }],
        }));
        refused(assert, ids, "cells", "CPU IDs in <numa> exceed the <vcpu> count");
        // lowering both in one plan: planned
        const both = plan(input(NUMA_XML, false, "config", {
            vcpus: { max: 2, current: 2 }, topology: { sockets: 1, dies: 1, cores: 2, threads: 1 },
            cells: [{ id: 0, cpus: "0", memory: GiB, distances: [] }, { id: 1, cpus: "1", memory: GiB, distances: [] }],
        }));
        assert.deepEqual([fields(both), both.steps.map(s => s.command)], [[], ["define"]]);
    });

    QUnit.test("topology that does not multiply to the maximum: refused", assert => {
        refused(assert, plan(input(NUMA_XML, false, "config", { topology: { sockets: 1, dies: 1, cores: 2, threads: 1 } })), "topology", "make them equal");
        refused(assert, plan(input(NUMA_XML, false, "config", { vcpus: { max: 8, current: 2 },
            cells: [{ id: 0, cpus: "0-3", memory: GiB, distances: [] }, { id: 1, cpus: "4-7", memory: GiB, distances: [] }] })), "topology", "2 sockets");
    });

    QUnit.test("per-cell memory nodes beside placement='auto', or not restrictive under mode restrictive: refused", assert => {
        const auto = NUMA_XML.replace("<memory mode='strict' nodeset='0'/>", "<memory mode='strict' placement='auto'/>");
        const memnodes = [{ cellid: 0, mode: "strict" as const, nodeset: "0" }];
        refused(assert, plan(input(auto, false, "config", { memnodes })), "memnode", "Per-node binding is not compatible with automatic NUMA placement");
        // a nodeset in the same plan does not help: the define (first step) would still carry <memnode>
        // beside placement='auto', which libvirt refuses before the numatune step could make it static
        const withNodeset = plan(input(auto, false, "config", { memnodes, numatune: { nodeset: "0" } }));
        assert.deepEqual(fields(withNodeset), ["memnode"], "the memnodes refused, the plan not offered");
        assert.true(withNodeset.refusals[0]?.message.includes("automatic memory placement"), withNodeset.refusals[0]?.message);

        const restrictive = NUMA_XML.replace("<memory mode='strict' nodeset='0'/>", "<memory mode='restrictive' nodeset='0'/>");
        refused(assert, plan(input(restrictive, false, "config", { memnodes })), "memnode", "'restrictive' mode is required in memnode element");
        assert.deepEqual(fields(plan(input(restrictive, false, "config", { memnodes: [{ cellid: 0, mode: "restrictive", nodeset: "0" }] }))), []);
        // the mode changed to restrictive by numatune while strict memnodes stay
        refused(assert, plan(input(MEMNODES_XML, false, "config", { numatune: { mode: "restrictive" } })), "memnode", "'restrictive' mode is required in memnode");
        // a restrictive memnode under mode strict
        refused(assert, plan(input(NUMA_XML, false, "config", { memnodes: [{ cellid: 1, mode: "restrictive", nodeset: "0" }] })), "memnode",
                "'restrictive' mode is required in memory element");
    });

    QUnit.test("LXC: a next-boot nodeset beside placement='auto' makes the placement static (libvirt drops a nodeset beside auto)", assert => {
        const lxcXml = `<domain type='lxc'>
  <name>ct</name>
  <uuid>77777777-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>131072</memory>
  <vcpu placement='static'>1</vcpu>
  <numatune>
    <memory mode='strict' placement='auto'/>
  </numatune>
  <os><type arch='x86_64'>exe</type><init>/bin/sh</init></os>
</domain>`;
        const p = plan({ ...input(lxcXml, false, "config", { numatune: { nodeset: "0" } }), driver: "lxc", uri: "lxc:///" });
        assert.deepEqual(p.refusals, []);
        const xml = String(p.steps[0]?.call.args[0]);
        const t = readTuning(xml);
        assert.deepEqual([t.numatune.nodeset, t.numatune.placement ?? "static", t.numatune.mode], ["0", "static", "strict"]);
    });

    QUnit.test("next-boot memtune on a running VM: checked against the running VM's limits", assert => {
        const p = plan(input(PLAIN_XML, true, "config", { memtune: { hard_limit: 4 * M * M } }, t => {
            t.memtune = { hard_limit: 2 * M * M, swap_hard_limit: 3 * M * M };
        }));
        refused(assert, p, "memtune", "memory hard_limit tunable value must be lower than or equal to swap_hard_limit");
    });
});

QUnit.module("plan: undo steps restore exactly", () => {
    QUnit.test("lowering the maximum vCPUs drops the pins of removed vCPUs: the undo defines the XML as read", assert => {
        const pinned = PLAIN_XML.replace("<vcpu placement='static' current='1'>2</vcpu>",
                                         "<vcpu placement='static' current='1'>4</vcpu>\n  <cputune>\n    <vcpupin vcpu='3' cpuset='2'/>\n  </cputune>");
        const p = plan(input(pinned, false, "config", { vcpus: { max: 2 } }));
        assert.deepEqual(lines(p), ["virsh setvcpus 66666666-2222-3333-4444-555555555555 2 --maximum --config"]);
        assert.deepEqual([p.steps[0]?.inverse?.command, p.steps[0]?.inverse?.call.args[0]], ["define", pinned]);
        // no pin freed: setvcpus back, as before
        const free = plan(input(pinned, false, "config", { vcpus: { max: 6 } }));
        assert.strictEqual(free.steps[0]?.inverse?.virsh, "virsh setvcpus 66666666-2222-3333-4444-555555555555 4 --maximum --config");
        const keep = plan(input(pinned.replace("vcpu='3'", "vcpu='1'"), false, "config", { vcpus: { max: 2 } }));
        assert.strictEqual(keep.steps[0]?.inverse?.command, "setvcpus", "the pin of vCPU 1 stays");
    });
});
