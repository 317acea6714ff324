// Before and after a change: the rates of a time window summed up (time-weighted means per vCPU,
// per cgroup and for the VM), and two windows side by side as rows ("steal 38 % → 2 %").
// Honest about gaps: a window says how much of it was measured, and whether the VM restarted
// inside it (perfRates gives no rate across a restart, so the series has a hole there).
import type { PerfRates } from "./types.ts";
import { _, format } from "../i18n.ts";

export interface VcpuMeans {
    id: number;
    usedPct?: number | undefined;
    stealPct?: number | undefined;
    waitPct?: number | undefined;
}
export interface GroupMeans {
    /** "" for the VM's own group, else the sub-group's directory name (vcpu0, emulator …) */
    group: string;
    throttledPct?: number | undefined;
    throttledMsPerS?: number | undefined;
}
export interface WindowSummary {
    fromMs: number;
    toMs: number;
    /** wall-clock time the rates inside the window cover, ms */
    measuredMs: number;
    /** number of rates (pairs of readings) inside the window */
    rates: number;
    /** a hole in the series inside the window: a restart (or readings that failed) */
    gap: boolean;
    cpuPct?: number | undefined;
    vcpus: VcpuMeans[];
    groups: GroupMeans[];
}

/** A rate belongs to a window when the span it covers lies inside it. */
function inside(r: PerfRates, fromMs: number, toMs: number): boolean {
    return r.at - r.spanMs >= fromMs && r.at <= toMs;
}

/** Time-weighted mean of the values that are there; undefined when none is. */
class Mean {
    private sum = 0;
    private weight = 0;
    add(value: number | undefined, weight: number) {
        if (value === undefined || !Number.isFinite(value)) return;
        this.sum += value * weight;
        this.weight += weight;
    }
    get value(): number | undefined {
        return this.weight > 0 ? this.sum / this.weight : undefined;
    }
}

function meansOf<K extends string | number, F extends string>(map: Map<K, Record<F, Mean>>, fields: readonly F[], key: K): Record<F, Mean> {
    let entry = map.get(key);
    if (!entry) {
        entry = Object.fromEntries(fields.map(f => [f, new Mean()])) as Record<F, Mean>;
        map.set(key, entry);
    }
    return entry;
}

const VCPU_FIELDS = ["usedPct", "stealPct", "waitPct"] as const;
const GROUP_FIELDS = ["throttledPct", "throttledMsPerS"] as const;

/** Slack for the poller's timer: consecutive rates may leave a few ms between them. */
const GAP_SLACK_MS = 250;

export function summarizeWindow(series: readonly PerfRates[], fromMs: number, toMs: number): WindowSummary {
    const rates = series.filter(r => inside(r, fromMs, toMs)).sort((a, b) => a.at - b.at);
    const cpu = new Mean();
    const vcpus = new Map<number, Record<(typeof VCPU_FIELDS)[number], Mean>>();
    const groups = new Map<string, Record<(typeof GROUP_FIELDS)[number], Mean>>();
    let measuredMs = 0;
    let gap = false;
    rates.forEach((r, i) => {
        const w = r.spanMs;
        measuredMs += w;
        const prev = rates[i - 1];
        if (prev && r.at - r.spanMs - prev.at > GAP_SLACK_MS) gap = true;
        cpu.add(r.cpuPct, w);
        for (const v of r.vcpus) {
            const m = meansOf(vcpus, VCPU_FIELDS, v.id);
            for (const f of VCPU_FIELDS) m[f].add(v[f], w);
        }
        for (const g of r.groups) {
            const m = meansOf(groups, GROUP_FIELDS, g.group);
            for (const f of GROUP_FIELDS) m[f].add(g[f], w);
        }
    });
    return {
        fromMs, toMs, measuredMs, rates: rates.length, gap,
        cpuPct: cpu.value,
        vcpus: [...vcpus.entries()].sort((a, b) => a[0] - b[0]).map(([id, m]) => ({
            id, usedPct: m.usedPct.value, stealPct: m.stealPct.value, waitPct: m.waitPct.value,
        })),
        // the VM's own group first, then the sub-groups by name
        groups: [...groups.entries()].sort((a, b) => a[0] === "" ? -1 : b[0] === "" ? 1 : a[0].localeCompare(b[0], "en", { numeric: true }))
            .map(([group, m]) => ({ group, throttledPct: m.throttledPct.value, throttledMsPerS: m.throttledMsPerS.value })),
    };
}

/** The span the findings speak for: one 3 s rate flickers (a burst, a pause); 30 s says what lasts. */
export const FINDINGS_SPAN_MS = 30000;

/**
 * The rates of the last `spanMs` of a series as one PerfRates: time-weighted means per vCPU and per
 * cgroup, with each vCPU's last host CPU from the newest rate (where it runs now). Undefined for an
 * empty series. A restart inside the span leaves a hole the means simply do not cover.
 */
export function recentRates(series: readonly PerfRates[], spanMs: number = FINDINGS_SPAN_MS): PerfRates | undefined {
    const newest = series.reduce<PerfRates | undefined>((a, r) => a === undefined || r.at > a.at ? r : a, undefined);
    if (!newest) return undefined;
    const s = summarizeWindow(series, newest.at - spanMs, newest.at);
    const last = new Map(newest.vcpus.map(v => [v.id, v]));
    return {
        at: newest.at,
        spanMs: s.measuredMs,
        cpuPct: s.cpuPct,
        vcpus: s.vcpus.map(v => ({
            id: v.id, usedPct: v.usedPct ?? 0, stealPct: v.stealPct, waitPct: v.waitPct,
            halted: last.get(v.id)?.halted, lastCpu: last.get(v.id)?.lastCpu,
        })),
        groups: s.groups.map(g => ({ group: g.group, throttledPct: g.throttledPct, throttledMsPerS: g.throttledMsPerS ?? 0 })),
    };
}

/** Mean over the vCPUs that have the figure (each vCPU counts once, whatever its load). */
function vcpuMean(s: WindowSummary, field: "usedPct" | "stealPct" | "waitPct"): number | undefined {
    const values = s.vcpus.map(v => v[field]).filter((x): x is number => x !== undefined);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

export type WindowQuality = "empty" | "short" | "gap" | "full";

/** A window is "short" below 80 % of its length measured (the first reading needs a second one). */
export function windowQuality(s: WindowSummary): WindowQuality {
    if (s.rates === 0) return "empty";
    if (s.gap) return "gap";
    return s.measuredMs < 0.8 * (s.toMs - s.fromMs) ? "short" : "full";
}

/** What the page says about a window beside its figures; undefined when it was measured in full. */
export function windowNote(s: WindowSummary): string | undefined {
    const seconds = Math.round(s.measuredMs / 1000);
    const length = Math.round((s.toMs - s.fromMs) / 1000);
    switch (windowQuality(s)) {
    case "empty": return _("nothing measured");
    case "gap": return format(_("$0 s of $1 s measured; the VM restarted or readings failed inside the window"), seconds, length);
    case "short": return format(_("$0 s of $1 s measured"), seconds, length);
    case "full": return undefined;
    }
}

export interface CompareRow {
    /** stable key: cpu, used, steal, wait, throttled; used-vcpu-N, steal-vcpu-N, throttled-GROUP */
    metric: string;
    label: string;
    before?: number | undefined;
    after?: number | undefined;
    /** "38 % → 2 %", with "—" where a side has no figure */
    text: string;
}

export function percentText(value: number | undefined): string {
    return value === undefined ? "—" : format(_("$0 %"), value < 10 ? value.toFixed(1) : value.toFixed(0));
}

/** One decimal, as data attributes and tests carry the figures. */
export function round1(value: number | undefined): number | undefined {
    return value === undefined ? undefined : Math.round(value * 10) / 10;
}

function row(metric: string, label: string, before: number | undefined, after: number | undefined): CompareRow {
    const b = round1(before);
    const a = round1(after);
    return { metric, label, before: b, after: a, text: `${percentText(b)} → ${percentText(a)}` };
}

function groupLabel(group: string): string {
    return group === "" ? _("throttled (VM)") : format(_("throttled ($0)"), group);
}

/**
 * The rows the Review's outcome shows: the VM first (CPU, mean used and steal per vCPU, throttled),
 * then each vCPU and each cgroup. A row appears when either side has its figure.
 */
export function compareWindows(before: WindowSummary, after: WindowSummary): CompareRow[] {
    const rows: CompareRow[] = [];
    const add = (r: CompareRow) => {
        if (r.before !== undefined || r.after !== undefined) rows.push(r);
    };
    add(row("cpu", _("CPU of the VM (% of one host CPU)"), before.cpuPct, after.cpuPct));
    add(row("used", _("used, mean per vCPU"), vcpuMean(before, "usedPct"), vcpuMean(after, "usedPct")));
    add(row("steal", _("steal, mean per vCPU"), vcpuMean(before, "stealPct"), vcpuMean(after, "stealPct")));
    add(row("wait", _("I/O wait, mean per vCPU"), vcpuMean(before, "waitPct"), vcpuMean(after, "waitPct")));
    const groupOf = (s: WindowSummary, g: string) => s.groups.find(x => x.group === g);
    add(row("throttled", groupLabel(""), groupOf(before, "")?.throttledPct, groupOf(after, "")?.throttledPct));
    const ids = [...new Set([...before.vcpus, ...after.vcpus].map(v => v.id))].sort((a, b) => a - b);
    for (const id of ids) {
        const b = before.vcpus.find(v => v.id === id);
        const a = after.vcpus.find(v => v.id === id);
        add(row(`used-vcpu-${id}`, format(_("vCPU $0 used"), id), b?.usedPct, a?.usedPct));
        add(row(`steal-vcpu-${id}`, format(_("vCPU $0 steal"), id), b?.stealPct, a?.stealPct));
    }
    const names = [...new Set([...before.groups, ...after.groups].map(g => g.group))].filter(g => g !== "")
        .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    for (const g of names)
        add(row(`throttled-${g}`, groupLabel(g), groupOf(before, g)?.throttledPct, groupOf(after, g)?.throttledPct));
    return rows;
}
