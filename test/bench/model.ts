// Model figures in Node: reading libvirt's 1070 test domains with readTuning; the placement map for
// the 256-CPU, 8-node fixture host with a 240-vCPU VM (model + what the map draws); one pin edit on
// that VM (cpuset check, map and view recomputed, plan). Minified like the shipped bundle; the DOM is
// @xmldom/xmldom here (slower than the browser's DOMParser), so the corpus figure is pessimistic.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { parseCapabilitiesHost } from "../../src/model/host/capabilities.ts";
import { placementMap } from "../../src/model/placement/placement.ts";
import { cpusetError } from "../../src/model/values/cpuset.ts";
import { plan } from "../../src/model/plan/plan.ts";
import { placementView } from "../../src/model/view/placement-view.ts";
import { bigVmXml, bigVms } from "../unit/support/placement-big.ts";
import { installXmldom } from "../unit/support/xml-canon.ts";
import { median } from "./measure.ts";

installXmldom();

function time(fn: () => void): number {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface ModelFigures {
    corpusFiles: number;
    corpusMs: number;
    placementMs: number;
    pinEditMs: number;
}

export function modelFigures(root: string, reps: number): ModelFigures {
    const dir = path.resolve(root, "../shared/data/libvirt-domains");
    const xmls = existsSync(dir)
        ? readdirSync(dir).filter(f => f.endsWith(".xml")).map(f => readFileSync(path.join(dir, f), "utf8"))
        : [];
    const corpus: number[] = [];
    for (let i = 0; i < reps; i++)
        corpus.push(time(() => { for (const x of xmls) { try { readTuning(x) } catch { /* counted by the unit test */ } } }));

    const host = parseCapabilitiesHost(readFileSync(path.join(root, "test/unit/fixtures/host/caps-8node-256cpu.xml"), "utf8"));
    const vms = bigVms();
    const placement: number[] = [];
    for (let i = 0; i < reps; i++)
        placement.push(time(() => placementView(host, placementMap(vms, host), "live")));

    const inactiveXml = bigVmXml();
    const big = vms[0];
    if (!big) throw new Error("no big VM");
    const pinEdit: number[] = [];
    for (let i = 0; i < reps; i++) {
        const cpuset = String(100 + i);
        pinEdit.push(time(() => {
            if (cpusetError(cpuset, host.totalCpus)) throw new Error("bad cpuset");
            const edited = structuredClone(big);
            const pin = edited.live?.cputune.vcpupin.find(p => p.id === 5);
            if (pin) pin.cpuset = cpuset;
            placementView(host, placementMap([edited, ...vms.slice(1)], host), "live");
            const p = plan({
                name: big.name, uuid: big.config.uuid, running: true, live: big.live, config: big.config, inactiveXml,
                hostCpus: host.totalCpus, scope: "live", desired: { vcpupin: [{ id: 5, cpuset }] },
            });
            if (p.steps.length !== 1) throw new Error(`pin edit planned ${p.steps.length} steps`);
        }));
    }
    return { corpusFiles: xmls.length, corpusMs: median(corpus), placementMs: median(placement), pinEditMs: median(pinEdit) };
}
