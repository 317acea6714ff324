// What one running VM's figures say in words, each with the card that fixes it: a vCPU that waits for a
// host CPU shared with other pinned threads (named), throttling by the VM's own quota (named with its
// period), memory that sits on other host nodes than numatune asks for or than its vCPUs run on.
// Who is pinned where comes from the host placement map (placement.ts), so both pages agree.
import { _, format } from "../i18n.ts";
import type { HostTopology } from "../host/capabilities.ts";
import { cellOfCpu } from "../host/capabilities.ts";
import type { CpuUse, PinOwner } from "../placement/placement.ts";
import type { SchedulerParams, Tuning } from "../types.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { NumaPlacement, PerfRates } from "./types.ts";

/** A vCPU waiting this share of the time for a host CPU is slowed visibly (a guest's "steal" over
 *  10 % is where guest tools such as top start to flag it); below it, waits are normal scheduling jitter. */
export const STEAL_PCT = 10;
/** …and from this share on it runs at well under the speed it should. */
export const STEAL_SEVERE_PCT = 30;
/** Throttled in this share of the scheduler periods: the quota caps the VM's work, not a burst now and then. */
export const THROTTLED_PCT = 20;
/** Throttled in half of the periods or more: the VM lives at its quota. */
export const THROTTLED_SEVERE_PCT = 50;
/** "Most of its memory": more than half on nodes it should not be on (each access costs a hop). */
export const REMOTE_PCT = 50;
/** Nearly all of it remote. */
export const REMOTE_SEVERE_PCT = 90;
/** cgroup's default CFS period when libvirt reports none, µs */
const DEFAULT_PERIOD_US = 100000;
/** Names listed in one sentence before "and N more". */
const MAX_NAMED = 4;

export type PerfFindingKind = "steal-shared" | "throttled" | "remote-memory";

/** The tab and card element id that fix a finding (routes.ts makes the address). */
export interface PerfFix {
    tab: "cpu" | "numa";
    card: "card-pinning" | "card-scheduler" | "card-numatune";
}

export interface PerfFinding {
    kind: PerfFindingKind;
    severity: "warning" | "danger";
    text: string;
    fix: PerfFix;
}

export interface PerfFindingsInput {
    /** the VM's name, as the placement map names it */
    vm: string;
    /** its running definition with the scheduler values in force (vm.ts effectiveLive) */
    live?: Tuning | undefined;
    /** rates over the span the findings speak for */
    rates?: PerfRates | undefined;
    /** where its memory sits now */
    numa?: NumaPlacement | undefined;
    /** who is pinned on each host CPU, all VMs (placementMap(...).cpus, live pins) */
    cpus?: readonly CpuUse[] | undefined;
    host?: HostTopology | undefined;
}

export function perfFindings(input: PerfFindingsInput): PerfFinding[] {
    return [...stealFindings(input), ...throttleFindings(input), ...memoryFindings(input)];
}

function cpusOf(text: string | undefined): number[] {
    if (text === undefined) return [];
    try {
        return parseCpuset(text);
    } catch {
        return [];
    }
}

function ownerName(owner: PinOwner, self: string): string {
    if (owner.vm === self) {
        switch (owner.kind) {
        case "vcpu": return format(_("its own vCPU $0"), owner.id);
        case "emulator": return _("its own emulator");
        case "iothread": return format(_("its own IOThread $0"), owner.id);
        }
    }
    switch (owner.kind) {
    case "vcpu": return format(_("$0 vCPU $1"), owner.vm, owner.id);
    case "emulator": return format(_("$0 emulator"), owner.vm);
    case "iothread": return format(_("$0 IOThread $1"), owner.vm, owner.id);
    }
}

/** "a, b, c and 2 more" */
export function nameList(names: readonly string[]): string {
    const shown = names.slice(0, MAX_NAMED).join(", ");
    return names.length > MAX_NAMED ? format(_("$0 and $1 more"), shown, names.length - MAX_NAMED) : shown;
}

function pct(value: number): number {
    return Math.round(value);
}

function stealFindings({ vm, live, rates, cpus }: PerfFindingsInput): PerfFinding[] {
    if (!rates || !cpus) return [];
    const out: PerfFinding[] = [];
    for (const v of rates.vcpus) {
        const steal = v.stealPct;
        if (steal === undefined || steal < STEAL_PCT) continue;
        // a pinned vCPU competes on its pin; a floating one where it last ran
        const pinned = cpusOf(live?.cputune.vcpupin.find(p => p.id === v.id)?.cpuset);
        const candidates = pinned.length > 0 ? pinned : v.lastCpu !== undefined ? [v.lastCpu] : [];
        const shared: number[] = [];
        const names: string[] = [];
        const seen = new Set<string>();
        for (const c of candidates) {
            const others = (cpus[c]?.live ?? []).filter(o => !(o.vm === vm && o.kind === "vcpu" && o.id === v.id));
            if (others.length === 0) continue;
            shared.push(c);
            for (const o of others) {
                const key = `${o.vm}\u0000${o.kind}\u0000${o.id}`;
                if (seen.has(key)) continue;
                seen.add(key);
                names.push(ownerName(o, vm));
            }
        }
        if (shared.length === 0) continue;
        const text = shared.length === 1
            ? format(_("vCPU $0 waits $1 % of the time for a host CPU: host CPU $2 also runs $3"), v.id, pct(steal), formatCpuset(shared), nameList(names))
            : format(_("vCPU $0 waits $1 % of the time for a host CPU: host CPUs $2 also run $3"), v.id, pct(steal), formatCpuset(shared), nameList(names));
        out.push({
            kind: "steal-shared", severity: steal >= STEAL_SEVERE_PCT ? "danger" : "warning", text,
            fix: { tab: "cpu", card: "card-pinning" },
        });
    }
    return out;
}

/** The quota and period in force for one cgroup libvirt made (µs; a negative quota is none), with
 *  the names virsh schedinfo gives them; undefined for a group libvirt does not limit by name. */
export function limitOf(group: string, s: SchedulerParams): { quota?: number | undefined; period: number; names: [string, string] } | undefined {
    const family = familyOf(group);
    const pick = (quota: number | undefined, period: number | undefined, names: [string, string]) =>
        ({ quota, period: period ?? DEFAULT_PERIOD_US, names });
    switch (family) {
    case "vm": return pick(s.global_quota, s.global_period, ["global_quota", "global_period"]);
    case "vcpu": return pick(s.quota, s.period, ["vcpu_quota", "vcpu_period"]);
    case "emulator": return pick(s.emulator_quota, s.emulator_period, ["emulator_quota", "emulator_period"]);
    case "iothread": return pick(s.iothread_quota, s.iothread_period, ["iothread_quota", "iothread_period"]);
    default: return undefined;
    }
}

/** Which set of groups one finding speaks for: the VM, its vCPUs, its emulator, its IOThreads. */
function familyOf(group: string): "vm" | "vcpu" | "emulator" | "iothread" | undefined {
    if (group === "") return "vm";
    if (/^vcpu\d+$/.test(group)) return "vcpu";
    if (group === "emulator") return "emulator";
    if (/^iothread\d+$/.test(group)) return "iothread";
    return undefined;
}

/** "vcpu_quota 20000 µs per vcpu_period 100000 µs" */
export function limitText(limit: ReturnType<typeof limitOf>): string {
    if (!limit) return "";
    if (limit.quota === undefined || limit.quota <= 0) return format(_("no $0"), limit.names[0]);
    return format(_("$0 $1 µs per $2 $3 µs"), limit.names[0], limit.quota, limit.names[1], limit.period);
}

function throttleFindings({ live, rates }: PerfFindingsInput): PerfFinding[] {
    if (!rates) return [];
    const sched: SchedulerParams = live?.cputune ?? {};
    const families = new Map<string, { ids: number[]; worst: number }>();
    for (const g of rates.groups) {
        const family = familyOf(g.group);
        if (family === undefined || g.throttledPct === undefined || g.throttledPct < THROTTLED_PCT) continue;
        const quota = limitOf(g.group, sched)?.quota;
        // only its own quota: a limit above the VM (a slice) is not fixed on this page
        if (quota === undefined || quota <= 0) continue;
        const entry = families.get(family) ?? { ids: [], worst: 0 };
        entry.ids.push(Number(g.group.replace(/\D+/g, "")));
        entry.worst = Math.max(entry.worst, g.throttledPct);
        families.set(family, entry);
    }
    const out: PerfFinding[] = [];
    for (const [family, { ids, worst }] of families) {
        const group = family === "vm" ? "" : family === "emulator" ? "emulator" : `${family}0`;
        const limit = limitText(limitOf(group, sched));
        const p = pct(worst);
        const one = ids.length === 1;
        const list = one ? String(ids[0] ?? 0) : formatCpuset(ids);
        let text = format(_("The VM is throttled by its own quota in $0 % of the scheduler periods: $1"), p, limit);
        if (family === "emulator")
            text = format(_("Its emulator is throttled by its own quota in $0 % of the scheduler periods: $1"), p, limit);
        else if (family === "vcpu")
            text = one
                ? format(_("vCPU $0 is throttled by its own quota in $1 % of the scheduler periods: $2"), list, p, limit)
                : format(_("vCPUs $0 are throttled by their own quota in $1 % of the scheduler periods: $2"), list, p, limit);
        else if (family === "iothread")
            text = one
                ? format(_("IOThread $0 is throttled by its own quota in $1 % of the scheduler periods: $2"), list, p, limit)
                : format(_("IOThreads $0 are throttled by their own quota in $1 % of the scheduler periods: $2"), list, p, limit);
        out.push({
            kind: "throttled", severity: worst >= THROTTLED_SEVERE_PCT ? "danger" : "warning", text,
            fix: { tab: "cpu", card: "card-scheduler" },
        });
    }
    return out;
}

function nodesText(nodes: readonly number[]): string {
    return nodes.length === 1 ? format(_("host node $0"), nodes[0] ?? 0) : format(_("host nodes $0"), formatCpuset(nodes));
}

/** Share of the memory on nodes outside `allowed`, and those nodes (largest first). */
function outside(numa: NumaPlacement, allowed: ReadonlySet<number>): { pct: number; nodes: number[] } | undefined {
    let total = 0;
    let away = 0;
    const nodes: [number, number][] = [];
    for (const [node, kib] of Object.entries(numa.kibByNode)) {
        total += kib;
        if (!allowed.has(Number(node)) && kib > 0) {
            away += kib;
            nodes.push([Number(node), kib]);
        }
    }
    if (total <= 0) return undefined;
    return { pct: 100 * away / total, nodes: nodes.sort((a, b) => b[1] - a[1]).map(n => n[0]) };
}

function memoryFindings({ live, numa, host }: PerfFindingsInput): PerfFinding[] {
    if (!numa || !live) return [];
    const fix: PerfFix = { tab: "numa", card: "card-numatune" };
    const severity = (p: number) => p >= REMOTE_SEVERE_PCT ? "danger" as const : "warning" as const;
    const nodeset = live.numatune.nodeset;
    const wanted = cpusOf(nodeset);
    if (nodeset !== undefined && wanted.length > 0) {
        const away = outside(numa, new Set(wanted));
        if (away && away.pct > REMOTE_PCT) {
            return [{
                kind: "remote-memory", severity: severity(away.pct), fix,
                text: format(_("$0 % of its memory is on $1, numatune says $2 $3"), pct(away.pct), nodesText(away.nodes),
                             live.numatune.mode ?? "strict", formatCpuset(wanted)),
            }];
        }
    }
    // the nodes its pinned vCPUs run on
    if (!host) return [];
    const cellOf = cellOfCpu(host);
    const vcpuNodes = new Set<number>();
    for (const pin of live.cputune.vcpupin) {
        for (const c of cpusOf(pin.cpuset)) {
            const n = cellOf.get(c);
            if (n !== undefined) vcpuNodes.add(n);
        }
    }
    if (vcpuNodes.size === 0) return [];
    const away = outside(numa, vcpuNodes);
    if (!away || away.pct <= REMOTE_PCT) return [];
    return [{
        kind: "remote-memory", severity: severity(away.pct), fix,
        text: format(_("$0 % of its memory is on $1, away from $2 its vCPUs are pinned to"), pct(away.pct), nodesText(away.nodes),
                     nodesText([...vcpuNodes].sort((a, b) => a - b))),
    }];
}
