// What the Performance tab shows, as plain rows and texts: per vCPU (used, waiting, I/O wait, halted,
// last host CPU, pin), per cgroup (CFS periods and throttling, pressure), where the memory sits per host
// node beside numatune, and the points of each vCPU's sparkline over the last minutes.
import { _, format } from "../i18n.ts";
import type { PerfRates, PerfSample, NumaPlacement, GroupCounters } from "../perf/types.ts";
import type { SchedulerParams, Tuning } from "../types.ts";
import { limitOf, limitText } from "../perf/findings.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import { formatSize } from "../values/units.ts";

/** How far back the charts reach, ms (the series keeps as much). */
export const CHART_WINDOW_MS = 300000;

/** A percentage as the tables' data-value: one decimal, "" for none. */
export function pctValue(value: number | undefined): string {
    return value === undefined || !Number.isFinite(value) ? "" : value.toFixed(1);
}

/** A percentage for people: "38.0 %", "—" for none. */
export function pctText(value: number | undefined): string {
    const v = pctValue(value);
    return v === "" ? "—" : format(_("$0 %"), v);
}

/** A span of time counted in µs for people: "850 µs", "12 ms", "3.4 s". */
export function usecText(usec: number): string {
    if (usec < 1000) return format(_("$0 µs"), Math.round(usec));
    if (usec < 1000000) return format(_("$0 ms"), Math.round(usec / 1000));
    return format(_("$0 s"), (usec / 1000000).toFixed(1));
}

function canonical(cpuset: string): string {
    try {
        return formatCpuset(parseCpuset(cpuset));
    } catch {
        return cpuset;
    }
}

export interface VcpuRow {
    id: number;
    label: string;
    used?: number | undefined;
    steal?: number | undefined;
    wait?: number | undefined;
    halted?: boolean | undefined;
    haltedText: string;
    lastCpu?: number | undefined;
    /** what it may run on: its pin, else <vcpu cpuset>, else `allCpus` (canonical cpuset text) */
    pin: string;
    /** pinned by a <vcpupin> of its own */
    pinned: boolean;
}

/** The vCPUs of the latest sample (and of the rates), in id order. `allCpus`: the host's online CPUs as cpuset text. */
export function vcpuRows(sample: PerfSample | undefined, rates: PerfRates | undefined, live: Tuning | undefined, allCpus: string): VcpuRow[] {
    const ids = new Set<number>();
    for (const v of sample?.domain.vcpus ?? []) ids.add(v.id);
    for (const v of rates?.vcpus ?? []) ids.add(v.id);
    return [...ids].sort((a, b) => a - b).map(id => {
        const r = rates?.vcpus.find(v => v.id === id);
        const counters = sample?.domain.vcpus.find(v => v.id === id);
        const halted = r?.halted ?? counters?.halted;
        const thread = sample?.threads?.find(t => t.name === `CPU ${id}/KVM`);
        const own = live?.cputune.vcpupin.find(p => p.id === id)?.cpuset;
        return {
            id,
            label: format(_("vCPU $0"), id),
            used: r?.usedPct,
            steal: r?.stealPct,
            wait: r?.waitPct,
            halted,
            haltedText: halted === undefined ? "—" : halted ? _("yes") : _("no"),
            lastCpu: r?.lastCpu ?? thread?.lastCpu,
            pin: canonical(own ?? live?.vcpu.cpuset ?? allCpus),
            pinned: own !== undefined,
        };
    });
}

export interface GroupRow {
    /** "vm" for the VM's own group, else the directory name (vcpu0, emulator, iothread1 …) */
    key: string;
    label: string;
    periods: number;
    throttledPeriods: number;
    /** µs, since the group was made */
    throttledUsec: number;
    /** throttled periods over the last span, % */
    throttledPct?: number | undefined;
    /** cpu pressure "some": % of the time some thread of the group waited for a CPU */
    pressureSome?: number | undefined;
    /** the quota and period in force for it ("" where libvirt sets none by this group's name) */
    limit: string;
}

function groupLabel(group: string): string {
    if (group === "") return _("Whole VM");
    const vcpu = /^vcpu(\d+)$/.exec(group);
    if (vcpu) return format(_("vCPU $0"), vcpu[1] ?? "");
    if (group === "emulator") return _("Emulator");
    const io = /^iothread(\d+)$/.exec(group);
    if (io) return format(_("IOThread $0"), io[1] ?? "");
    return group;
}

/** The VM first, then vCPUs by number, the emulator, IOThreads by number, anything else by name. */
function groupOrder(group: string): [number, number, string] {
    if (group === "") return [0, 0, ""];
    const vcpu = /^vcpu(\d+)$/.exec(group);
    if (vcpu) return [1, Number(vcpu[1]), ""];
    if (group === "emulator") return [2, 0, ""];
    const io = /^iothread(\d+)$/.exec(group);
    if (io) return [3, Number(io[1]), ""];
    return [4, 0, group];
}

function compareGroups(a: GroupCounters, b: GroupCounters): number {
    const [x1, y1, z1] = groupOrder(a.group);
    const [x2, y2, z2] = groupOrder(b.group);
    return x1 - x2 || y1 - y2 || z1.localeCompare(z2);
}

/** `sched`: the scheduler values in force (the running VM's). */
export function groupRows(sample: PerfSample | undefined, rates: PerfRates | undefined, sched?: SchedulerParams): GroupRow[] {
    return [...sample?.groups ?? []].sort(compareGroups).map(g => {
        const r = rates?.groups.find(x => x.group === g.group);
        return {
            key: g.group === "" ? "vm" : g.group,
            label: groupLabel(g.group),
            periods: g.cpu.periods,
            throttledPeriods: g.cpu.throttledPeriods,
            throttledUsec: g.cpu.throttledUsec,
            throttledPct: r?.throttledPct,
            // over the last span where two readings have it, else the kernel's 10 s average
            pressureSome: r?.pressureSome ?? g.pressure?.some.avg10,
            limit: limitText(limitOf(g.group, sched ?? {})),
        };
    });
}

export interface NodeRow {
    node: number;
    kib: number;
    /** share of all the process's memory, % */
    pct: number;
    hugeKib: number;
    sizeText: string;
    hugeText: string;
}

export function numaRows(numa: NumaPlacement | undefined): NodeRow[] {
    if (!numa) return [];
    const nodes = new Set<number>([...Object.keys(numa.kibByNode), ...Object.keys(numa.hugeKibByNode)].map(Number));
    const total = Object.values(numa.kibByNode).reduce((s, k) => s + k, 0);
    return [...nodes].sort((a, b) => a - b).map(node => {
        const kib = numa.kibByNode[node] ?? 0;
        const huge = numa.hugeKibByNode[node] ?? 0;
        return {
            node, kib, pct: total > 0 ? 100 * kib / total : 0, hugeKib: huge,
            sizeText: formatSize(kib), hugeText: huge > 0 ? formatSize(huge) : "—",
        };
    });
}

/** What numatune asks for, in words, to read beside where the memory is. */
export function numatuneText(live: Tuning | undefined): string {
    const n = live?.numatune;
    if (!n) return "";
    if (n.placement === "auto" && n.nodeset === undefined)
        return _("numatune: placement auto (numad chooses the host nodes)");
    if (n.nodeset === undefined)
        return _("numatune: not set; the kernel puts the memory on any host node");
    return format(_("numatune: $0 $1"), n.mode ?? "strict", canonical(n.nodeset));
}

export interface ChartPoint {
    /** ms before the latest rates (≤ 0) */
    x: number;
    /** % of one host CPU */
    y: number;
}

export interface VcpuChart {
    id: number;
    used: ChartPoint[];
    steal: ChartPoint[];
    /** the top of the picture, % (a step of CHART_SCALES above the highest point) */
    yMax: number;
    /** one sentence: what the picture says */
    title: string;
    /** the numbers behind it, oldest first */
    rows: { time: string; used: string; steal: string }[];
}

/** Tops of the y axis: small figures stay readable, a busy vCPU fills the picture. */
export const CHART_SCALES = [10, 25, 50, 100, 200, 400];

export function chartScale(max: number): number {
    return CHART_SCALES.find(s => max <= s) ?? Math.ceil(max / 100) * 100;
}

function maxOf(points: readonly ChartPoint[]): number | undefined {
    return points.length ? Math.max(...points.map(p => p.y)) : undefined;
}

/** One chart per vCPU of the latest rates, over the last CHART_WINDOW_MS of the series. */
export function vcpuCharts(series: readonly PerfRates[]): VcpuChart[] {
    const latest = series[series.length - 1];
    if (!latest) return [];
    const recent = series.filter(r => r.at >= latest.at - CHART_WINDOW_MS);
    return latest.vcpus.map(({ id }) => {
        const used: ChartPoint[] = [];
        const steal: ChartPoint[] = [];
        const rows: VcpuChart["rows"] = [];
        for (const r of recent) {
            const v = r.vcpus.find(x => x.id === id);
            if (!v) continue;
            const x = r.at - latest.at;
            used.push({ x, y: v.usedPct });
            if (v.stealPct !== undefined) steal.push({ x, y: v.stealPct });
            rows.push({
                time: x === 0 ? _("now") : format(_("$0 s ago"), Math.round(-x / 1000)),
                used: pctText(v.usedPct), steal: pctText(v.stealPct),
            });
        }
        const now = latest.vcpus.find(x => x.id === id);
        const title = steal.length
            ? format(_("vCPU $0, last 5 minutes: used $1 now (at most $2), waiting for a host CPU $3 now (at most $4)"),
                     id, pctText(now?.usedPct), pctText(maxOf(used)), pctText(now?.stealPct), pctText(maxOf(steal)))
            : format(_("vCPU $0, last 5 minutes: used $1 now (at most $2)"), id, pctText(now?.usedPct), pctText(maxOf(used)));
        const yMax = chartScale(Math.max(maxOf(used) ?? 0, maxOf(steal) ?? 0));
        return { id, used, steal, yMax, title, rows };
    });
}

/**
 * An SVG path through the points in a width × height box: x from -CHART_WINDOW_MS (left) to 0 (right),
 * y from 0 (bottom) to yMax (top), clamped. A gap longer than `gapMs` (the page was hidden, nothing was
 * read) breaks the line instead of drawing a slope across it.
 */
export function sparkPath(points: readonly ChartPoint[], width: number, height: number, yMax = 100, gapMs = 15000): string {
    const parts: string[] = [];
    let prev: ChartPoint | undefined;
    for (const p of points) {
        const x = (p.x + CHART_WINDOW_MS) / CHART_WINDOW_MS * width;
        const y = height - Math.min(Math.max(p.y, 0), yMax) / yMax * height;
        const move = prev === undefined || p.x - prev.x > gapMs;
        parts.push(`${move ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`);
        prev = p;
    }
    return parts.join(" ");
}
