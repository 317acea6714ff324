// Effective affinity: each QEMU thread of a running VM with the CPUs and memory nodes the kernel allows
// (/proc/<pid>/task/<tid>/status) beside what libvirt was told (pins, <vcpu cpuset>, numatune).
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { Tuning } from "../types.ts";

export interface ThreadStatus {
    tid: number;
    name: string;
    cpus: number[];
    mems: number[];
}

export type ThreadKind = "vcpu" | "emulator" | "iothread";

export interface AffinityRow extends ThreadStatus {
    kind: ThreadKind;
    /** vCPU or iothread id */
    id?: number | undefined;
    label: string;
    toldCpus: number[];
    /** undefined: libvirt does not bind this thread's memory (no strict/restrictive nodeset) */
    toldMems?: number[] | undefined;
    cpusMatch: boolean;
    memsMatch: boolean;
    /** why it is flagged, when it is */
    mismatch?: string | undefined;
}

const STATUS_LINE = /^\/proc\/\d+\/task\/(\d+)\/status:(Name|Cpus_allowed_list|Mems_allowed_list):\s*(.*)$/;

function list(text: string): number[] {
    try {
        return text.trim() === "" ? [] : parseCpuset(text.trim());
    } catch {
        return [];
    }
}

/** Parses `grep -H` output over /proc/<pid>/task/<tid>/status files; threads by ascending tid. */
export function parseTaskStatus(output: string): ThreadStatus[] {
    const threads = new Map<number, ThreadStatus>();
    for (const line of output.split("\n")) {
        const m = STATUS_LINE.exec(line.replace(/\r$/, ""));
        if (!m)
            continue;
        const tid = Number(m[1]);
        let t = threads.get(tid);
        if (!t) {
            t = { tid, name: "", cpus: [], mems: [] };
            threads.set(tid, t);
        }
        const value = m[3] ?? "";
        if (m[2] === "Name")
            t.name = value.trim();
        else if (m[2] === "Cpus_allowed_list")
            t.cpus = list(value);
        else
            t.mems = list(value);
    }
    return [...threads.values()].sort((a, b) => a.tid - b.tid);
}

/** QEMU names vCPU threads "CPU N/KVM" (or /TCG, /HVF …) and iothreads "IO <alias>" (alias iothreadN). */
export function classifyThread(name: string): { kind: ThreadKind; id?: number } {
    const vcpu = /^CPU (\d+)\/\w+$/.exec(name);
    if (vcpu)
        return { kind: "vcpu", id: Number(vcpu[1]) };
    const io = /^IO iothread(\d+)$/.exec(name);
    if (io)
        return { kind: "iothread", id: Number(io[1]) };
    return { kind: "emulator" };
}

function toldCpus(t: Tuning, kind: ThreadKind, id: number | undefined, allCpus: number[]): number[] {
    let text: string | undefined;
    if (kind === "vcpu")
        text = t.cputune.vcpupin.find(p => p.id === id)?.cpuset;
    else if (kind === "iothread")
        text = t.cputune.iothreadpin.find(p => p.id === id)?.cpuset;
    else
        text = t.cputune.emulatorpin;
    text ??= t.vcpu.cpuset;
    return text === undefined ? allCpus : list(text);
}

function toldMems(t: Tuning): number[] | undefined {
    const mode = t.numatune.mode ?? "strict";
    if (t.numatune.nodeset === undefined || (mode !== "strict" && mode !== "restrictive"))
        return undefined;
    return list(t.numatune.nodeset);
}

function same(a: number[], b: number[]): boolean {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Rows for the effective-affinity table. `live` is the running VM's tuning; `hostCpus` the host's
 * online CPUs (what "no pin" means). Vcpu threads first (by id), then iothreads, then emulator threads.
 */
export function effectiveAffinity(threads: ThreadStatus[], live: Tuning, hostCpus: number[]): AffinityRow[] {
    const mems = toldMems(live);
    const rows = threads.map((th): AffinityRow => {
        const { kind, id } = classifyThread(th.name);
        const label = kind === "vcpu" ? format(_("vCPU $0"), id ?? 0)
            : kind === "iothread" ? format(_("IOThread $0"), id ?? 0) : format(_("Emulator ($0)"), th.name);
        const cpus = toldCpus(live, kind, id, hostCpus);
        const cpusMatch = same(th.cpus, cpus);
        const memsMatch = mems === undefined || same(th.mems, mems);
        const reasons: string[] = [];
        if (!cpusMatch)
            reasons.push(format(_("the kernel allows CPUs $0, libvirt was told $1"), formatCpuset(th.cpus) || "—", formatCpuset(cpus) || "—"));
        if (!memsMatch)
            reasons.push(format(_("the kernel allows memory nodes $0, libvirt was told $1"), formatCpuset(th.mems) || "—", formatCpuset(mems ?? []) || "—"));
        return { ...th, kind, id, label, toldCpus: cpus, toldMems: mems, cpusMatch, memsMatch,
                 mismatch: reasons.length > 0 ? reasons.join("; ") : undefined };
    });
    const order = (r: AffinityRow) => (r.kind === "vcpu" ? 0 : r.kind === "iothread" ? 1 : 2);
    return rows.sort((a, b) => order(a) - order(b) || (a.id ?? 0) - (b.id ?? 0) || a.tid - b.tid);
}
