// The topology suggestion and the pin/topology agreement findings, over made-up SMT hosts (siblings at
// id and id + cores, Linux style) and the 256-CPU benchmark host.
import QUnit from "qunit";
import { suggestTopology, topologyFindings } from "../../src/model/placement/topology-fit.ts";
import type { Tuning } from "../../src/model/types.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { syntheticHost, tuningOf, variant } from "./support/tuning-fixture.ts";
import { bigVmXml } from "./support/placement-big.ts";

const VM = (vcpus: number, pins: number[], topology?: string, cells = "") => `<domain type='kvm'>
  <name>t</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu placement='static'>${vcpus}</vcpu>
  <cputune>
${pins.map((c, i) => `    <vcpupin vcpu='${i}' cpuset='${c}'/>`).join("\n")}
  </cputune>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <cpu mode='host-passthrough'>${topology ?? ""}${cells}</cpu>
  <devices/>
</domain>`;

const topo = (s: number, d: number, c: number, t: number) => `<topology sockets='${s}' dies='${d}' cores='${c}' threads='${t}'/>`;
// 2 nodes × 4 cores × 2 threads: node 0 = cores 0-3 (CPUs 0-3 and 8-11), node 1 = cores 4-7 (CPUs 4-7, 12-15)
const smtHost = syntheticHost(2, 4, 2);
// vCPU pairs on sibling threads, first two cores of each node
const PAIRS = [0, 8, 1, 9, 4, 12, 5, 13];
const fields = (t: Tuning) => topologyFindings(t, smtHost).map(f => f.field);

QUnit.module("topology fit", () => {
    QUnit.test("sibling pairs on two nodes: 2 sockets × 2 cores × 2 threads", assert => {
        const s = suggestTopology(tuningOf(VM(8, PAIRS)), smtHost);
        assert.deepEqual(s?.topology, { sockets: 2, dies: 1, cores: 2, threads: 2 });
        assert.true(s?.reasons.some(r => /Threads per core 2: each group of 2 vCPUs is pinned to the sibling threads/.test(r)));
        assert.true(s?.reasons.some(r => /Sockets 2: the vCPUs are pinned to 2 host NUMA nodes/.test(r)));
        assert.deepEqual(fields(tuningOf(VM(8, PAIRS, topo(2, 1, 2, 2)))), [], "the suggestion agrees with the pins");
    });

    QUnit.test("a guest core's threads on different host cores: a finding, and 1 thread per core suggested", assert => {
        const pins = [0, 1, 2, 3, 4, 5, 6, 7]; // one thread of eight cores
        const t = tuningOf(VM(8, pins, topo(2, 1, 2, 2)));
        const found = topologyFindings(t, smtHost);
        assert.deepEqual(found.map(f => f.field), ["topology.threads"]);
        assert.true(/guest core 0 \(vCPUs 0-1\) on CPUs 0, 1; guest core 1 \(vCPUs 2-3\) on CPUs 2, 3; guest core 2 .*; and 1 more/.test(found[0]?.message ?? ""), found[0]?.message);
        assert.deepEqual(suggestTopology(t, smtHost)?.topology, { sockets: 2, dies: 1, cores: 4, threads: 1 });
    });

    QUnit.test("sibling pairs seen as separate cores: a finding", assert => {
        const found = topologyFindings(tuningOf(VM(8, PAIRS, topo(2, 1, 4, 1))), smtHost);
        assert.deepEqual(found.map(f => f.field), ["topology.threads"]);
        assert.true(/in groups of 2 to the sibling threads .* Use 2 threads per core/.test(found[0]?.message ?? ""));
    });

    QUnit.test("a guest socket or cell across host nodes", assert => {
        // one socket over both nodes
        assert.deepEqual(fields(tuningOf(VM(8, PAIRS, topo(1, 1, 4, 2)))), ["topology.sockets"]);
        // cells that cut across the nodes: cell 0 = vCPUs 0-1 and 4-5 (nodes 0 and 1)
        const cells = "<numa><cell id='0' cpus='0-1,4-5' memory='524288'/><cell id='1' cpus='2-3,6-7' memory='524288'/></numa>";
        const t = tuningOf(VM(8, PAIRS, topo(2, 1, 2, 2), cells));
        assert.deepEqual(fields(t), ["topology.cells"]);
        assert.true(/cell 0 \(vCPUs 0-1,4-5\) on host nodes 0, 1/.test(topologyFindings(t, smtHost)[0]?.message ?? ""));
        // floating vCPUs: nothing to compare
        assert.deepEqual(fields(variant(t, x => { x.cputune.vcpupin = [] })), []);
    });

    QUnit.test("no SMT, no pins: one thread per core, one socket; guest cells make sockets", assert => {
        const flat = syntheticHost(1, 2, 1);
        const plain = tuningOf(VM(4, []));
        assert.deepEqual(suggestTopology(plain, flat)?.topology, { sockets: 1, dies: 1, cores: 4, threads: 1 });
        assert.true(suggestTopology(plain, flat)?.reasons.some(r => /one thread each/.test(r)));
        const cells = "<numa><cell id='0' cpus='0-1' memory='524288'/><cell id='1' cpus='2-3' memory='524288'/></numa>";
        assert.deepEqual(suggestTopology(tuningOf(VM(4, [], undefined, cells)), flat)?.topology, { sockets: 2, dies: 1, cores: 2, threads: 1 });
        assert.deepEqual(topologyFindings(plain, flat), []);
    });

    QUnit.test("dies where the pins span host dies", assert => {
        // one node, 8 cores in two dies of 4 (cores 0-3, 4-7), 2 threads
        const host = syntheticHost(1, 8, 2);
        for (const cpu of host.cells[0]?.cpus ?? [])
            cpu.die_id = (cpu.core_id ?? 0) < 4 ? 0 : 1;
        const pins = [0, 8, 1, 9, 4, 12, 5, 13];
        assert.deepEqual(suggestTopology(tuningOf(VM(8, pins)), host)?.topology, { sockets: 1, dies: 2, cores: 2, threads: 2 });
        assert.deepEqual(suggestTopology(tuningOf(VM(8, [0, 8, 4, 12, 1, 9, 5, 13])), host)?.topology, { sockets: 1, dies: 1, cores: 4, threads: 2 },
            "dies interleaved: no dies");
    });

    QUnit.test("the 256-CPU host: the benchmark VM's pairs are not siblings, its sockets span nodes", assert => {
        const host = syntheticHost(8, 16, 2);
        const big = readTuning(bigVmXml());
        const found = topologyFindings(big, host);
        assert.deepEqual(found.map(f => f.field), ["topology.threads", "topology.sockets", "topology.cells"]);
        assert.true(/and 117 more/.test(found[0]?.message ?? ""), "120 guest cores, three named");
        assert.deepEqual(suggestTopology(big, host)?.topology, { sockets: 8, dies: 1, cores: 30, threads: 1 });
        // re-pinned on sibling pairs (vCPU 2k → core k, 2k+1 → its sibling k + 128): 2 threads per core fit
        const paired = variant(big, t => {
            t.cputune.vcpupin = Array.from({ length: 240 }, (_x, i) => ({ id: i, cpuset: String((i >> 1) + (i % 2) * 128) }));
        });
        assert.deepEqual(suggestTopology(paired, host)?.topology, { sockets: 8, dies: 1, cores: 15, threads: 2 });
        const left = topologyFindings(paired, host).map(f => f.field);
        assert.false(left.includes("topology.threads"), "every guest core on one host core");
        // 15 cores per cell, 16 per node: cells 1-7 straddle two nodes
        assert.true(left.includes("topology.cells"));
    });
});
