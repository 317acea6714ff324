// What the placement map draws, computed once per (host, VMs, view, suggestion): nodes → sockets →
// cores → CPU cells, each cell with its owners, load, conflict mark and accessible name. Pure (no
// cockpit, no React) so a benchmark can time it in Node; the React map only renders this.
import { _, format } from "../i18n.ts";
import { CpusetCache } from "../placement/placement.ts";
import type { Conflict, PinOwner, PlacementMap, View } from "../placement/placement.ts";
import type { PlacementSuggestion } from "../placement/placement-suggest.ts";
import type { HostTopology } from "../host/capabilities.ts";

export interface CpuCellView {
    cpu: number;
    node?: number | undefined;
    online: boolean;
    /** short owner marks ("v3", "E", "io1") for the cell face */
    marks: string[];
    /** distinct VMs on this CPU, in first-seen order (their colour index comes from the legend) */
    vms: string[];
    load: number;
    conflict: boolean;
    /** what the suggestion would put here ("vCPU 3"), or undefined */
    suggested?: string | undefined;
    /** its short mark for the cell face ("v3", "E") */
    suggestedMark?: string | undefined;
    /** host CPU isolation: "isolated" from the scheduler, or "host" (the host's own processes may run here) */
    isolation?: "isolated" | "host" | undefined;
    /** the cell's accessible name: everything a sighted user reads off the cell and its details */
    label: string;
}

export interface CoreView { key: string; cpus: CpuCellView[] }
export interface SocketView { key: string; title: string; cores: CoreView[] }
export interface NodeView { id: number; title: string; sockets: SocketView[]; overloaded: boolean }

export interface PlacementView {
    nodes: NodeView[];
    /** every VM with a pin in this view, sorted: the legend and the colour of each VM */
    vms: string[];
    conflicts: Conflict[];
    /** CPU ids in display order: arrow-key navigation follows it */
    order: number[];
}

export function ownerText(o: PinOwner): string {
    if (o.kind === "vcpu") return format(_("vCPU $0"), o.id);
    if (o.kind === "iothread") return format(_("IOThread $0"), o.id);
    return _("emulator");
}

function mark(o: PinOwner): string {
    return o.kind === "vcpu" ? `v${o.id}` : o.kind === "iothread" ? `io${o.id}` : "E";
}

/** "vm1: vCPU 0, emulator; vm2: vCPU 3" */
export function ownersText(owners: PinOwner[]): string {
    const byVm = new Map<string, string[]>();
    for (const o of owners) {
        const list = byVm.get(o.vm) ?? [];
        list.push(ownerText(o));
        byVm.set(o.vm, list);
    }
    return [...byVm].map(([vm, list]) => `${vm}: ${list.join(", ")}`).join("; ");
}

export interface Suggested { label: string; mark: string }

/** What the map marks of the host's CPU isolation: both sets only when the host isolates or restricts something. */
export interface IsolationMarks {
    isolated: ReadonlySet<number>;
    housekeeping: ReadonlySet<number>;
}

/** Each VM's vCPU pins in one view, as (vCPU, host CPUs): what the isolation finding checks. */
export function vcpuPinsByVm(map: PlacementMap, view: View): Map<string, { vcpu: number; cpus: number[] }[]> {
    const byVm = new Map<string, Map<number, number[]>>();
    for (const use of map.cpus) {
        for (const o of use[view]) {
            if (o.kind !== "vcpu") continue;
            let vcpus = byVm.get(o.vm);
            if (!vcpus) { vcpus = new Map(); byVm.set(o.vm, vcpus); }
            const cpus = vcpus.get(o.id) ?? [];
            cpus.push(use.cpu);
            vcpus.set(o.id, cpus);
        }
    }
    return new Map([...byVm].map(([vm, vcpus]) => [vm, [...vcpus].map(([vcpu, cpus]) => ({ vcpu, cpus }))]));
}

/** CPU -> what a suggestion pins there ("vCPU 3" / "v3", "emulator" / "E"). */
export function suggestedCpus(s: PlacementSuggestion | undefined, hostCpus: number): Map<number, Suggested> {
    const out = new Map<number, Suggested>();
    if (!s?.fits) return out;
    const cache = new CpusetCache(hostCpus);
    for (const p of s.desired.vcpupin ?? []) {
        for (const c of cache.get(p.cpuset ?? undefined))
            out.set(c, { label: format(_("vCPU $0"), p.id), mark: `v${p.id}` });
    }
    if (typeof s.desired.emulatorpin === "string") {
        for (const c of cache.get(s.desired.emulatorpin)) {
            if (!out.has(c)) out.set(c, { label: _("emulator"), mark: "E" });
        }
    }
    return out;
}

export function placementView(host: HostTopology, map: PlacementMap, view: View,
                              suggested: ReadonlyMap<number, Suggested> = new Map(), isolation?: IsolationMarks): PlacementView {
    const conflicts = map.conflicts.filter(c => c.view === view);
    const conflictCpus = new Set<number>();
    const overloadedNodes = new Set<number>();
    for (const c of conflicts) {
        if (c.node !== undefined) overloadedNodes.add(c.node);
        else c.cpus.forEach(cpu => conflictCpus.add(cpu));
    }
    const vmSet = new Set<string>();
    const order: number[] = [];
    const nodes: NodeView[] = host.cells.map(cell => {
        const sockets = new Map<string, Map<string, CpuCellView[]>>();
        for (const hc of cell.cpus) {
            const use = map.cpus[hc.id];
            const owners = use?.[view] ?? [];
            const vms: string[] = [];
            for (const o of owners) {
                if (!vms.includes(o.vm)) vms.push(o.vm);
                vmSet.add(o.vm);
            }
            const load = use?.load[view] ?? 0;
            const conflict = conflictCpus.has(hc.id);
            const sug = suggested.get(hc.id);
            const parts = [format(_("CPU $0"), hc.id)];
            if (hc.socket_id !== undefined) parts.push(format(_("socket $0"), hc.socket_id));
            if (hc.core_id !== undefined) parts.push(format(_("core $0"), hc.core_id));
            if (!hc.online) parts.push(_("offline"));
            const iso = isolation?.isolated.has(hc.id) ? "isolated" : isolation?.housekeeping.has(hc.id) ? "host" : undefined;
            if (iso === "isolated") parts.push(_("isolated from the scheduler"));
            else if (iso === "host") parts.push(_("host processes may run here"));
            parts.push(owners.length > 0 ? ownersText(owners) : _("nothing pinned"));
            if (load > 0) parts.push(format(_("load $0"), load.toFixed(2)));
            if (conflict) parts.push(_("conflict"));
            if (sug !== undefined) parts.push(format(_("suggested: $0"), sug.label));
            const socketKey = `${hc.socket_id ?? "?"}/${hc.die_id ?? 0}`;
            const coreKey = hc.siblings?.join(",") ?? `${socketKey}/${hc.core_id ?? hc.id}`;
            let cores = sockets.get(socketKey);
            if (!cores) { cores = new Map(); sockets.set(socketKey, cores); }
            let core = cores.get(coreKey);
            if (!core) { core = []; cores.set(coreKey, core); }
            core.push({
                cpu: hc.id, node: cell.id, online: hc.online, marks: owners.map(mark), vms, load, conflict,
                suggested: sug?.label, suggestedMark: sug?.mark, isolation: iso, label: parts.join(", "),
            });
        }
        const socketViews: SocketView[] = [...sockets].map(([key, cores]) => {
            const first = cell.cpus.find(c => `${c.socket_id ?? "?"}/${c.die_id ?? 0}` === key);
            return {
                key,
                title: first?.socket_id === undefined ? _("Socket unknown")
                    : first.die_id ? format(_("Socket $0, die $1"), first.socket_id, first.die_id) : format(_("Socket $0"), first.socket_id),
                cores: [...cores].map(([k, cpus]) => ({ key: k, cpus })),
            };
        });
        for (const s of socketViews)
            for (const core of s.cores)
                for (const c of core.cpus) order.push(c.cpu);
        return { id: cell.id, title: format(_("Node $0"), cell.id), sockets: socketViews, overloaded: overloadedNodes.has(cell.id) };
    });
    return { nodes, vms: [...vmSet].sort(), conflicts, order };
}
