import QUnit from "qunit";
import { parseCapabilitiesHost } from "../../src/model/host/capabilities.ts";
import { placementMap } from "../../src/model/placement/placement.ts";
import { suggestPlacement } from "../../src/model/placement/placement-suggest.ts";
import { placementView, suggestedCpus } from "../../src/model/view/placement-view.ts";
import { bigVms } from "./support/placement-big.ts";
import { PLAIN_XML, tuningOf, variant } from "./support/tuning-fixture.ts";

interface Fs { readFile(path: URL, encoding: "utf8"): Promise<string> }
const fsModule = "node:fs/promises";
async function caps(name: string) {
    const fs = await import(fsModule) as Fs;
    return parseCapabilitiesHost(await fs.readFile(new URL(`../../test/unit/fixtures/host/${name}`, import.meta.url), "utf8"));
}

QUnit.module("placement view", () => {
    QUnit.test("8 nodes, 256 CPUs, a 240-vCPU VM: every CPU a cell, grouped by node/socket/core", async assert => {
        const host = await caps("caps-8node-256cpu.xml");
        const vms = bigVms();
        const map = placementMap(vms, host);
        const view = placementView(host, map, "live");
        assert.strictEqual(view.nodes.length, 8);
        assert.strictEqual(view.order.length, 256, "every host CPU once");
        assert.strictEqual(new Set(view.order).size, 256);
        const cells = view.nodes.flatMap(n => n.sockets.flatMap(s => s.cores.flatMap(c => c.cpus)));
        const byCpu = new Map(cells.map(c => [c.cpu, c]));
        // a core groups its thread siblings
        for (const n of view.nodes) {
            for (const s of n.sockets) {
                for (const core of s.cores) {
                    const sib = host.cells.flatMap(c => c.cpus).find(c => c.id === core.cpus[0]?.cpu)?.siblings;
                    assert.deepEqual(core.cpus.map(c => c.cpu), sib, `core ${core.key}`);
                }
            }
        }
        assert.deepEqual(byCpu.get(5)?.marks, ["v5"]);
        assert.deepEqual(byCpu.get(252)?.marks, ["E"]);
        assert.strictEqual(byCpu.get(245)?.marks.length, 0, "CPUs 240-249 carry nothing live");
        assert.true(byCpu.get(5)?.label.startsWith("CPU 5, socket"), byCpu.get(5)?.label);
        assert.true(byCpu.get(5)?.label.includes("big: vCPU 5"), "accessible name lists the owner");
        assert.deepEqual(view.vms, ["big"], "the shut-off VM has no live pins");
    });

    QUnit.test("next-boot view: conflicts marked on cells and listed", async assert => {
        const host = await caps("caps-8node-256cpu.xml");
        const map = placementMap(bigVms(), host);
        const view = placementView(host, map, "config");
        assert.deepEqual(view.vms, ["big", "small"]);
        const kinds = view.conflicts.map(c => c.kind).sort();
        assert.true(kinds.includes("shared-siblings"), kinds.join());
        assert.true(kinds.includes("off-node"), "small's vCPU 0 on node 0 while memory on node 1");
        assert.true(kinds.includes("oversubscribed"), "CPU 0 has big vCPU 0 and small vCPU 0");
        const cell0 = view.nodes[0]?.sockets.flatMap(s => s.cores.flatMap(c => c.cpus)).find(c => c.cpu === 0);
        assert.true(cell0?.conflict);
        assert.deepEqual(cell0?.vms, ["big", "small"]);
        assert.true(cell0?.label.includes("conflict"));
    });

    QUnit.test("4 nodes: a suggestion is shown on the cells it would use", async assert => {
        const host = await caps("caps-4node-64cpu.xml");
        const plain = variant(tuningOf(PLAIN_XML), t => { t.name = "p"; t.cputune.vcpupin = []; });
        const vm = { name: "p", running: false, config: plain };
        const s = suggestPlacement(vm, host, []);
        assert.true(s.fits, s.explanation);
        const sug = suggestedCpus(s, host.totalCpus);
        assert.strictEqual([...sug.values()].filter(v => v.mark.startsWith("v")).length, plain.vcpu.max);
        const view = placementView(host, placementMap([vm], host), "config", sug);
        const cells = view.nodes.flatMap(n => n.sockets.flatMap(x => x.cores.flatMap(c => c.cpus)));
        const marked = cells.filter(c => c.suggested !== undefined);
        assert.strictEqual(marked.length, sug.size);
        assert.true(marked.every(c => c.node === s.nodes[0]), "all on the chosen node");
        assert.true(marked[0]?.label.includes("suggested:"));
    });

    QUnit.test("a host without NUMA cells gives no nodes, not a crash", assert => {
        const host = { pageSizes: [], cells: [], totalCpus: 4, onlineCpus: [0, 1, 2, 3] };
        const view = placementView(host, placementMap([], host), "live");
        assert.deepEqual(view.nodes, []);
        assert.deepEqual(view.order, []);
    });
});
