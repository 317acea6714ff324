// NUMA rules: guest cells (cover every vCPU once, memory adds up), sockets per cell, numatune live rules.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { Finding, GuestCell, KiB, MemNode, Numatune, NumaMode, Scope, Topology } from "../types.ts";
import { NUMA_MODES } from "../types.ts";
import { formatSize } from "../values/units.ts";
import { error, warning, parseSizeField } from "./rules-fields.ts";
import type { RuleContext } from "./rules-driver.ts";
import { checkScopeRunning, checkSupport, touchesLive } from "./rules-driver.ts";

/** Parses a cell's vCPU list; empty text is a memory-only cell. Throws like parseCpuset. */
export function cellVcpus(cpus: string): number[] {
    return cpus.trim() === "" ? [] : parseCpuset(cpus);
}

/**
 * Guest NUMA cells: ids 0…n-1 in order, valid vCPU lists, every vCPU 0…maxVcpus-1 in exactly one
 * cell, memory > 0 per cell and, when `expectedMemory` is given, the cells adding up to it.
 */
export function checkGuestCells(cells: GuestCell[], maxVcpus: number, expectedMemory?: KiB): Finding[] {
    const findings: Finding[] = [];
    if (cells.length === 0)
        return findings;
    const owner = new Map<number, number>();
    const duplicated = new Map<number, number[]>();
    cells.forEach((cell, index) => {
        const field = `cell.${cell.id}`;
        if (cell.id !== index)
            findings.push(error(`${field}.id`, format(_("Cell ids must be 0, 1, 2 … in order: expected $0 here, found $1"), index, cell.id)));
        let vcpus: number[];
        try {
            vcpus = cellVcpus(cell.cpus);
        } catch (e) {
            findings.push(error(`${field}.cpus`, e instanceof Error ? e.message : String(e)));
            return;
        }
        const outside = vcpus.filter(v => v >= maxVcpus);
        if (outside.length > 0) {
            findings.push(error(`${field}.cpus`, format(_("vCPUs $0 do not exist: the VM has vCPUs 0-$1"),
                                                         formatCpuset(outside), maxVcpus - 1)));
        }
        for (const v of vcpus) {
            if (v >= maxVcpus)
                continue;
            const first = owner.get(v);
            if (first === undefined)
                owner.set(v, cell.id);
            else
                duplicated.set(v, [...(duplicated.get(v) ?? [first]), cell.id]);
        }
        if (!(cell.memory > 0))
            findings.push(error(`${field}.memory`, _("Each cell needs some memory")));
    });
    for (const [vcpu, owners] of duplicated)
        findings.push(error("cells", format(_("vCPU $0 is in cells $1: put each vCPU in exactly one cell"), vcpu, owners.join(", "))));
    const missing: number[] = [];
    for (let v = 0; v < maxVcpus; v++) {
        if (!owner.has(v))
            missing.push(v);
    }
    if (missing.length > 0)
        findings.push(error("cells", format(_("vCPUs $0 are in no cell: put each vCPU in exactly one cell"), formatCpuset(missing))));
    if (expectedMemory !== undefined) {
        const sum = cells.reduce((s, c) => s + c.memory, 0);
        if (sum !== expectedMemory) {
            findings.push(error("cells", format(_("The cells add up to $0 but the VM's memory is $1: make the cells' memory add up to the VM's memory"),
                                                formatSize(sum), formatSize(expectedMemory))));
        }
    }
    return findings;
}

/** openEuler guidance: the vCPUs of one socket should be in one guest cell. */
export function checkSocketsInCells(topology: Topology | undefined, cells: GuestCell[], maxVcpus: number): Finding[] {
    if (topology === undefined || cells.length === 0)
        return [];
    const perSocket = topology.dies * topology.cores * topology.threads;
    if (!(perSocket > 0))
        return [];
    const cellOf = new Map<number, number>();
    for (const cell of cells) {
        try {
            for (const v of cellVcpus(cell.cpus))
                cellOf.set(v, cell.id);
        } catch {
            // reported by checkGuestCells
        }
    }
    const findings: Finding[] = [];
    for (let socket = 0; socket * perSocket < maxVcpus; socket++) {
        const ids = new Set<number>();
        for (let v = socket * perSocket; v < Math.min(maxVcpus, (socket + 1) * perSocket); v++) {
            const c = cellOf.get(v);
            if (c !== undefined)
                ids.add(c);
        }
        if (ids.size > 1) {
            findings.push(warning("cells", format(_("Socket $0 (vCPUs $1-$2) is split across cells $3: keep the vCPUs of a socket in one cell"),
                                                  socket, socket * perSocket, Math.min(maxVcpus, (socket + 1) * perSocket) - 1, [...ids].join(", "))));
        }
    }
    return findings;
}

/** A host nodeset: cpuset syntax, non-empty, only existing host NUMA nodes. */
export function checkNodeset(field: string, text: string, hostNodes: number[]): Finding[] {
    let nodes: number[];
    try {
        nodes = parseCpuset(text);
    } catch (e) {
        return [error(field, e instanceof Error ? e.message : String(e))];
    }
    if (nodes.length === 0)
        return [error(field, _("The node list leaves no node: choose at least one host NUMA node"))];
    const missing = nodes.filter(n => !hostNodes.includes(n));
    if (missing.length > 0) {
        return [error(field, format(_("Host NUMA nodes $0 do not exist: this host has nodes $1"),
                                    formatCpuset(missing), formatCpuset(hostNodes)))];
    }
    return [];
}

/** Canonical comparison of two nodesets (unparsable text compares as written). */
export function sameNodeset(a: string | undefined, b: string | undefined): boolean {
    const canon = (s: string | undefined) => {
        if (s === undefined)
            return "";
        try {
            return formatCpuset(parseCpuset(s));
        } catch {
            return s.trim();
        }
    };
    return canon(a) === canon(b);
}

/**
 * numatune live rules: the mode never changes on a running VM; the nodeset changes live only with mode
 * restrictive; the nodeset names existing host nodes. `live` is the running VM's numatune.
 */
export function checkNumatune(desired: { mode?: NumaMode; nodeset?: string }, config: Numatune, ctx: RuleContext, scope: Scope,
                              live?: Numatune): Finding[] {
    const findings: Finding[] = [];
    if (desired.mode === undefined && desired.nodeset === undefined)
        return findings;
    findings.push(...checkSupport(ctx, "numatune", "numatune"));
    findings.push(...checkScopeRunning(scope, ctx.running, "numatune"));
    if (desired.mode !== undefined && !NUMA_MODES.includes(desired.mode))
        findings.push(error("numatune.mode", format(_("Unknown mode \"$0\": choose strict, preferred, interleave or restrictive"), desired.mode)));
    if (desired.nodeset !== undefined)
        findings.push(...checkNodeset("numatune.nodeset", desired.nodeset, ctx.hostNodes));
    if ((desired.mode ?? config.mode) !== undefined && (desired.nodeset ?? config.nodeset) === undefined && config.placement !== "auto")
        findings.push(error("numatune.nodeset", _("A memory mode needs a nodeset: choose the host NUMA nodes")));
    if (touchesLive(scope, ctx.running) && live !== undefined) {
        const liveMode = live.mode ?? "strict";
        if (desired.mode !== undefined && desired.mode !== liveMode) {
            findings.push(error("numatune.mode", format(_("The memory mode cannot change while the VM runs (it is $0): choose Next boot"), liveMode)));
        }
        if (desired.nodeset !== undefined && !sameNodeset(desired.nodeset, live.nodeset) && liveMode !== "restrictive") {
            findings.push(error("numatune.nodeset", format(_("The nodeset of a running VM changes only with mode restrictive (it is $0): choose Next boot, or set mode restrictive for next boot and restart"),
                                                           liveMode)));
        }
    }
    return findings;
}

/** Per-cell <memnode> beside the VM's <memory> as libvirt's define checks them: never with automatic
 *  placement, and mode restrictive in both or in neither. */
export function checkMemnodeModes(memnodes: MemNode[], mode: NumaMode, placement: "static" | "auto" | undefined): Finding[] {
    if (memnodes.length === 0)
        return [];
    if (placement === "auto") {
        return [error("memnode", _("Host memory placement is automatic (placement='auto'): libvirt refuses per-cell memory nodes beside it (\"Per-node binding is not compatible with automatic NUMA placement\"). Set a nodeset for the VM first, or remove the per-cell nodes"))];
    }
    if (mode === "restrictive" && memnodes.some(m => m.mode !== "restrictive")) {
        return [error("memnode", _("The memory mode is restrictive: libvirt requires mode restrictive in every per-cell memory node (\"'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element\")"))];
    }
    if (mode !== "restrictive" && memnodes.some(m => m.mode === "restrictive")) {
        return [error("memnode", format(_("A per-cell memory node in mode restrictive needs the VM's memory mode restrictive too (it is $0; libvirt: \"'restrictive' mode is required in memory element when mode is 'restrictive' in memnode element\")"), mode))];
    }
    return [];
}

/** Per-cell <memnode>: the guest cell exists, host nodes exist; config only. */
export function checkMemnodes(memnodes: MemNode[], cells: GuestCell[], hostNodes: number[]): Finding[] {
    const findings: Finding[] = [];
    for (const m of memnodes) {
        const field = `memnode.${m.cellid}`;
        if (!cells.some(c => c.id === m.cellid))
            findings.push(error(field, format(_("Guest cell $0 does not exist"), m.cellid)));
        findings.push(...checkNodeset(field, m.nodeset, hostNodes));
    }
    return findings;
}

export function validateNumatune(desired: { mode?: NumaMode; nodeset?: string; memnodes?: MemNode[] }, config: Numatune, cells: GuestCell[],
                                 ctx: RuleContext, scope: Scope, live?: Numatune): Finding[] {
    const findings = checkNumatune(desired, config, ctx, scope, live);
    if (desired.memnodes !== undefined || (desired.mode !== undefined && config.memnodes.length > 0)) {
        const placement = desired.nodeset !== undefined ? "static" : config.placement;
        findings.push(...checkMemnodeModes(desired.memnodes ?? config.memnodes, desired.mode ?? config.mode ?? "strict", placement));
    }
    if (desired.memnodes !== undefined) {
        findings.push(...checkMemnodes(desired.memnodes, cells, ctx.hostNodes));
        if (scope === "live")
            findings.push(error("memnode", _("Per-cell memory nodes change only for next boot: choose Next boot")));
    }
    return findings;
}

/**
 * Guest NUMA cell editor: each memory as typed (MiB by default). Config only. The cells must cover
 * every vCPU once; their memory becomes the VM's initial memory (`expectedMemory` when the user also
 * fixed the total).
 */
export function validateGuestCells(texts: { id: number; cpus: string; memory: string }[],
                                   vm: { maxVcpus: number; topology?: Topology | undefined; cells: GuestCell[] },
                                   ctx: RuleContext, scope: Scope, expectedMemory?: KiB): { values: GuestCell[]; findings: Finding[] } {
    const findings: Finding[] = [...checkSupport(ctx, "guest-numa", "cells")];
    if (scope === "live")
        findings.push(error("cells", _("Guest NUMA cells change only for next boot: choose Next boot")));
    const values: GuestCell[] = [];
    for (const t of texts) {
        const r = parseSizeField(`cell.${t.id}.memory`, t.memory, { required: true, min: 1 });
        if (!r.ok) {
            findings.push(r.finding);
            continue;
        }
        const old = vm.cells.find(c => c.id === t.id);
        values.push({ ...(old ?? { distances: [] }), id: t.id, cpus: t.cpus, memory: r.value ?? 0 });
    }
    if (findings.some(f => f.severity === "error"))
        return { values, findings };
    findings.push(...checkGuestCells(values, vm.maxVcpus, expectedMemory));
    findings.push(...checkSocketsInCells(vm.topology, values, vm.maxVcpus));
    return { values, findings };
}
