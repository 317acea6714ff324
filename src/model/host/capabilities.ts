// Host topology: NUMA cells, CPUs with their socket/die/core/thread siblings, memory and distances,
// from libvirt's capabilities XML (Connect.GetCapabilities). numactl.ts and cgroup.ts read the rest.
// Pure: the XML goes through the global DOMParser (the browser's; @xmldom/xmldom in Node tests).
import { _, format } from "../i18n.ts";
import { parseCpuset } from "../values/cpuset.ts";
import { integerToKiB } from "../values/units.ts";
import { directChildren, firstChild } from "../domain/xml-dom.ts";
import type { CellDistance, KiB, Topology } from "../types.ts";

/** One host CPU as capabilities lists it. Offline CPUs come as a bare id: online is false, the rest absent. */
export interface HostCpu {
    id: number;
    online: boolean;
    socket_id?: number | undefined;
    die_id?: number | undefined;
    /** libvirt ≥ 9.x on hosts with CPU clusters (ARM) */
    cluster_id?: number | undefined;
    core_id?: number | undefined;
    /** thread siblings, this CPU included, sorted */
    siblings?: number[] | undefined;
}

export interface HostPages {
    /** page size */
    size: KiB;
    /** number of pages of that size in the cell (for huge pages: those reserved) */
    count: number;
}

export interface HostCell {
    id: number;
    /** total memory of the node; 0 when libvirt omits <memory> (it does when it reads 0 or nothing) */
    memory: KiB;
    pages: HostPages[];
    /** distances to every node, this one included; empty when the host reports none */
    distances: CellDistance[];
    cpus: HostCpu[];
}

export interface HostTopology {
    arch?: string | undefined;
    model?: string | undefined;
    vendor?: string | undefined;
    /** <host><cpu><topology>: sockets × dies × cores × threads as libvirt summarizes them; libvirt
     *  counts the sockets per NUMA node (a 2-node host with one socket each says sockets='1') */
    cpuTopology?: Topology | undefined;
    /** page sizes the host supports (<host><cpu><pages>) */
    pageSizes: KiB[];
    /** NUMA cells by ascending id; empty when capabilities have no <topology><cells> */
    cells: HostCell[];
    /** number of CPUs listed in the cells (online or not); from cpuTopology when there are no cells */
    totalCpus: number;
    /** ids of online CPUs, sorted */
    onlineCpus: number[];
}

function parseXml(xml: string): Document {
    let doc: Document;
    try {
        doc = new DOMParser().parseFromString(xml, "text/xml");
    } catch (e) {
        throw new Error(format(_("The host capabilities are not valid XML: $0"), e instanceof Error ? e.message : String(e)));
    }
    const root = doc.documentElement;
    if (!root || root.nodeName === "parsererror" || doc.getElementsByTagName("parsererror").length > 0)
        throw new Error(_("The host capabilities are not valid XML"));
    if (root.nodeName !== "capabilities")
        throw new Error(format(_("Expected libvirt capabilities XML, found <$0>"), root.nodeName));
    return doc;
}

function child(parent: Element | undefined, name: string): Element | undefined {
    return parent ? firstChild(parent, name) : undefined;
}

function text(el: Element | undefined): string | undefined {
    const t = el?.textContent?.trim();
    return t === undefined || t === "" ? undefined : t;
}

function int(value: string | null | undefined, what: string): number {
    if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value))
        throw new Error(format(_("Host capabilities: $0 is not a number: \"$1\""), what, value ?? ""));
    return Number(value);
}

function optInt(el: Element, attr: string, what: string): number | undefined {
    return el.hasAttribute(attr) ? int(el.getAttribute(attr), what) : undefined;
}

/** A size element with a unit attribute (libvirt writes unit='KiB'), in KiB. */
function sizeOf(el: Element, value: string | null | undefined, what: string): KiB {
    int(value, what); // checks the digits and names the field in the error
    return integerToKiB(value ?? "", el.getAttribute("unit") ?? "KiB");
}

function parseCpu(el: Element, cellId: number): HostCpu {
    const id = int(el.getAttribute("id"), format(_("a CPU id in cell $0"), cellId));
    const what = format(_("CPU $0"), id);
    const siblings = el.getAttribute("siblings");
    return {
        id,
        online: el.hasAttribute("siblings") || el.hasAttribute("core_id") || el.hasAttribute("socket_id"),
        socket_id: optInt(el, "socket_id", what),
        die_id: optInt(el, "die_id", what),
        cluster_id: optInt(el, "cluster_id", what),
        core_id: optInt(el, "core_id", what),
        siblings: siblings === null ? undefined : parseCpuset(siblings),
    };
}

function parseCell(el: Element): HostCell {
    const id = int(el.getAttribute("id"), _("a cell id"));
    const memoryEl = child(el, "memory");
    const distancesEl = child(el, "distances");
    const cpusEl = child(el, "cpus");
    const distanceWhat = format(_("a distance of cell $0"), id);
    return {
        id,
        memory: memoryEl ? sizeOf(memoryEl, text(memoryEl), format(_("the memory of cell $0"), id)) : 0,
        pages: directChildren(el, "pages").map(p => ({
            size: sizeOf(p, p.getAttribute("size"), format(_("a page size of cell $0"), id)),
            count: int(text(p) ?? "0", format(_("a page count of cell $0"), id)),
        })),
        distances: distancesEl
            ? directChildren(distancesEl, "sibling").map(s => ({
                id: int(s.getAttribute("id"), distanceWhat),
                value: int(s.getAttribute("value"), distanceWhat),
            }))
            : [],
        // libvirt leaves <cpus> out for a CPU-less node
        cpus: cpusEl ? directChildren(cpusEl, "cpu").map(c => parseCpu(c, id)).sort((a, b) => a.id - b.id) : [],
    };
}

/**
 * The host part of libvirt's capabilities XML. Throws an Error for text that is not capabilities XML
 * or whose topology has malformed numbers. Unknown elements are ignored.
 */
export function parseCapabilitiesHost(xml: string): HostTopology {
    const root = parseXml(xml).documentElement as Element;
    const host = child(root, "host");
    if (!host)
        throw new Error(_("The host capabilities have no <host> element"));
    const cpu = child(host, "cpu");
    const topo = child(cpu, "topology");
    const cpuTopology: Topology | undefined = topo
        ? {
            sockets: int(topo.getAttribute("sockets"), "sockets"),
            dies: topo.hasAttribute("dies") ? int(topo.getAttribute("dies"), "dies") : 1,
            cores: int(topo.getAttribute("cores"), "cores"),
            threads: int(topo.getAttribute("threads"), "threads"),
        }
        : undefined;
    const cellsEl = child(child(host, "topology"), "cells");
    const cells = cellsEl ? directChildren(cellsEl, "cell").map(parseCell).sort((a, b) => a.id - b.id) : [];

    const allCpus = cells.flatMap(c => c.cpus);
    const totalCpus = cells.length > 0
        ? allCpus.length
        : cpuTopology ? cpuTopology.sockets * cpuTopology.dies * cpuTopology.cores * cpuTopology.threads : 0;
    return {
        arch: text(child(cpu, "arch")),
        model: text(child(cpu, "model")),
        vendor: text(child(cpu, "vendor")),
        cpuTopology,
        pageSizes: cpu ? directChildren(cpu, "pages").map(p => sizeOf(p, p.getAttribute("size"), _("a page size"))) : [],
        cells,
        totalCpus,
        onlineCpus: allCpus.filter(c => c.online).map(c => c.id).sort((a, b) => a - b),
    };
}

/** CPU id -> id of the NUMA cell it belongs to. */
export function cellOfCpu(topology: HostTopology): Map<number, number> {
    const map = new Map<number, number>();
    for (const cell of topology.cells) {
        for (const cpu of cell.cpus)
            map.set(cpu.id, cell.id);
    }
    return map;
}

/** The NUMA cells (sorted ids) that the given CPUs fall on; CPUs the topology does not know are ignored. */
export function cellsOfCpus(topology: HostTopology, cpus: Iterable<number>): number[] {
    const map = cellOfCpu(topology);
    const cells = new Set<number>();
    for (const cpu of cpus) {
        const cell = map.get(cpu);
        if (cell !== undefined)
            cells.add(cell);
    }
    return [...cells].sort((a, b) => a - b);
}

/** All CPUs (sorted ids) of the given NUMA cells. */
export function cpusOfCells(topology: HostTopology, cellIds: Iterable<number>): number[] {
    const wanted = new Set(cellIds);
    return topology.cells.filter(c => wanted.has(c.id)).flatMap(c => c.cpus.map(cpu => cpu.id)).sort((a, b) => a - b);
}
