// Offline host CPUs (capabilities lists them as a bare <cpu id='N'/>) are never suggested: not by
// suggestPlacement (vCPU pins, emulator pin) and not by "All vCPUs to one NUMA node".
import QUnit from "qunit";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { readFileSync } from "node:fs";
import { parseCapabilitiesHost } from "../../src/model/host/capabilities.ts";
import type { HostTopology } from "../../src/model/host/capabilities.ts";
import { pinAllToNode } from "../../src/model/placement/pin-bulk.ts";
import { suggestPlacement } from "../../src/model/placement/placement-suggest.ts";
import { parseCpuset } from "../../src/model/values/cpuset.ts";
import { PLAIN_XML, tuningOf, variant } from "./support/tuning-fixture.ts";

(globalThis as { DOMParser?: unknown }).DOMParser = DOMParser;

/** The 4-node fixture (CPU 63 offline there) with `offline` CPUs turned into bare <cpu id='N'/> too. */
function hostWithOffline(offline: number[]): HostTopology {
    const doc = new DOMParser().parseFromString(readFileSync("test/unit/fixtures/host/caps-4node-64cpu.xml", "utf8"), "text/xml");
    const cpus = doc.getElementsByTagName("cpu");
    for (let i = 0; i < cpus.length; i++) {
        const el = cpus.item(i);
        if (el?.hasAttribute("id") && offline.includes(Number(el.getAttribute("id")))) {
            for (const a of ["socket_id", "die_id", "core_id", "siblings"])
                el.removeAttribute(a);
        }
    }
    return parseCapabilitiesHost(new XMLSerializer().serializeToString(doc));
}

const OFFLINE = [1, 2, 17, 40, 41, 63];

function cpusOf(cpuset: string | null | undefined): number[] {
    return cpuset ? parseCpuset(cpuset, 64) : [];
}

QUnit.module("offline host CPUs", () => {
    QUnit.test("the bare <cpu id='N'/> entries are offline", assert => {
        const h = hostWithOffline(OFFLINE);
        assert.deepEqual(h.cells.flatMap(c => c.cpus).filter(c => !c.online).map(c => c.id).sort((a, b) => a - b), OFFLINE);
        assert.false(OFFLINE.some(c => h.onlineCpus.includes(c)), "not in onlineCpus");
    });

    QUnit.test("All vCPUs to one NUMA node: only the node's online CPUs", assert => {
        const h = hostWithOffline(OFFLINE);
        for (const cell of h.cells) {
            const pins = pinAllToNode(3, h, cell.id);
            const wanted = cell.cpus.filter(c => c.online).map(c => c.id).sort((a, b) => a - b);
            assert.deepEqual(pins.map(p => cpusOf(p.cpuset)), [wanted, wanted, wanted], `node ${cell.id}`);
        }
        const allOff = hostWithOffline(h.cells[0]?.cpus.map(c => c.id) ?? []);
        assert.deepEqual(pinAllToNode(2, allOff, 0), [], "a node with every CPU offline gives nothing");
    });

    QUnit.test("suggestPlacement never pins a vCPU or the emulator to an offline CPU", assert => {
        const h = hostWithOffline(OFFLINE);
        // 1 … 60 vCPUs: one node, then spreads over several
        for (const n of [1, 4, 14, 15, 16, 30, 40, 58]) {
            const config = variant(tuningOf(PLAIN_XML), t => {
                t.vcpu.max = n;
                t.vcpu.current = n;
                t.cputune.vcpupin = [];
            });
            const s = suggestPlacement({ name: "plain", running: false, config }, h, []);
            assert.true(s.fits, `${n} vCPUs fit the ${h.onlineCpus.length} online CPUs`);
            const used = [...(s.desired.vcpupin ?? []).flatMap(p => cpusOf(p.cpuset)), ...cpusOf(s.desired.emulatorpin)];
            assert.deepEqual(used.filter(c => OFFLINE.includes(c)), [], `${n} vCPUs: no offline CPU in ${JSON.stringify(s.desired.vcpupin)} / ${s.desired.emulatorpin}`);
            assert.strictEqual(s.desired.vcpupin?.length, n, `${n} vCPUs: each pinned`);
        }
        const tooMany = variant(tuningOf(PLAIN_XML), t => { t.vcpu.max = 59; t.vcpu.current = 59; t.cputune.vcpupin = []; });
        assert.false(suggestPlacement({ name: "plain", running: false, config: tooMany }, h, []).fits,
                     "59 vCPUs do not fit 58 online CPUs (64 listed)");
    });
});
