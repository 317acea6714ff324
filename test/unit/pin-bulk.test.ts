import QUnit from "qunit";
import { DOMParser } from "@xmldom/xmldom";
import { readFileSync } from "node:fs";
import { parseCapabilitiesHost } from "../../src/model/host/capabilities.ts";
import { onePerCore, physicalCores, pinAllToNode, resetToAll } from "../../src/model/placement/pin-bulk.ts";

(globalThis as { DOMParser?: unknown }).DOMParser = DOMParser;
const host = (name: string) => parseCapabilitiesHost(readFileSync(`test/unit/fixtures/host/${name}`, "utf8"));

QUnit.module("pin-bulk", () => {
    QUnit.test("all vCPUs to one node of a 4-node host", assert => {
        const h = host("caps-4node-64cpu.xml");
        const cell = h.cells[1];
        const pins = pinAllToNode(4, h, 1);
        assert.strictEqual(pins.length, 4);
        assert.true(pins.every(p => p.cpuset === pins[0]?.cpuset), "same cpuset for all");
        assert.true(cell !== undefined && cell.cpus.length > 0, "node 1 has CPUs");
        assert.deepEqual(pinAllToNode(2, h, 99), [], "a node that does not exist gives nothing");
    });

    QUnit.test("one vCPU per physical core never shares a core while cores last", assert => {
        const h = host("caps-8node-256cpu.xml");
        const cores = physicalCores(h);
        const pins = onePerCore(Math.min(cores.length, 64), h);
        const coreOf = new Map<number, number>();
        cores.forEach((c, i) => c.forEach(cpu => coreOf.set(cpu, i)));
        const used = new Set(pins.map(p => coreOf.get(Number(p.cpuset))));
        assert.strictEqual(used.size, pins.length, "each vCPU on its own core");
        assert.strictEqual(onePerCore(cores.length + 1, h).at(-1)?.cpuset, pins[0]?.cpuset, "wraps around");
    });

    QUnit.test("reset gives every online CPU", assert => {
        const h = host("caps-local.xml");
        const pins = resetToAll(2, h);
        assert.strictEqual(pins.length, 2);
        assert.strictEqual(pins[0]?.cpuset, h.onlineCpus.length === 1 ? "0" : `0-${h.onlineCpus.length - 1}`);
    });
});
