// What a host plan writes, as values that can be read back: each write names a target (a sysfs file
// or a libvirt parameter) whose value in a reading of the host is compared before the apply (has
// someone changed it since the Review?), after it (did the kernel give what was asked?) and after a
// rollback (is it as it was?).
import { _, format } from "../i18n.ts";
import { formatSize } from "../values/units.ts";
import type { HostHugePages } from "./hugepages.ts";
import { poolOf } from "./hugepages.ts";
import type { HostStep } from "./host-plan.ts";
import type { KsmState } from "./ksm.ts";
import { KSM_RUN_PATH, SHM_MERGE_ACROSS_NODES, SHM_PAGES_TO_SCAN, SHM_SLEEP_MILLISECS } from "./ksm.ts";

export interface HostReading {
    pages?: HostHugePages | undefined;
    ksm?: KsmState | undefined;
}

const NR_PATH = /^\/sys\/devices\/system\/node\/node(\d+)\/hugepages\/hugepages-(\d+)kB\/nr_hugepages$/;

/** The targets a step writes, with the value it writes (the sysfs path or the parameter name). */
export function writes(step: HostStep): [string, number][] {
    const w = step.write;
    if (w.kind === "sysfs")
        return [[w.path, Number(w.value)]];
    return Object.entries(w.params);
}

/** The value of a target in a reading; undefined when the reading does not have it. */
export function valueIn(reading: HostReading, target: string): number | undefined {
    const nr = NR_PATH.exec(target);
    if (nr)
        return reading.pages ? poolOf(reading.pages, Number(nr[1]), Number(nr[2]))?.total : undefined;
    const ksm = reading.ksm;
    if (!ksm) return undefined;
    switch (target) {
    case KSM_RUN_PATH: return ksm.run;
    case SHM_PAGES_TO_SCAN: return ksm.pagesToScan;
    case SHM_SLEEP_MILLISECS: return ksm.sleepMillisecs;
    case SHM_MERGE_ACROSS_NODES: return ksm.mergeAcrossNodes ? 1 : 0;
    default: return undefined;
    }
}

/** A target in words ("the pool of 2 MiB pages on host node 0"). */
export function targetName(target: string): string {
    const nr = NR_PATH.exec(target);
    if (nr)
        return format(_("the pool of $0 pages on host node $1"), formatSize(Number(nr[2])), Number(nr[1]));
    if (target === KSM_RUN_PATH)
        return _("KSM run");
    return target;
}

export interface ValueDifference {
    target: string;
    expected: number;
    found: number | undefined;
}

/** The targets of the steps whose value in `reading` differs from `expected` (target → value). */
export function differences(expected: ReadonlyMap<string, number>, reading: HostReading): ValueDifference[] {
    const out: ValueDifference[] = [];
    for (const [target, value] of expected) {
        const found = valueIn(reading, target);
        if (found !== value)
            out.push({ target, expected: value, found });
    }
    return out;
}

/** Each target the steps write, with its value in `reading` (what the Review saw, what was before). */
export function valuesBefore(steps: readonly HostStep[], reading: HostReading): Map<string, number> {
    const out = new Map<string, number>();
    for (const step of steps)
        for (const [target] of writes(step)) {
            const v = valueIn(reading, target);
            if (v !== undefined && !out.has(target)) out.set(target, v);
        }
    return out;
}

/** Each target with the last value the steps write to it: what the host should show afterwards. */
export function valuesAfter(steps: readonly HostStep[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const step of steps)
        for (const [target, value] of writes(step))
            out.set(target, value);
    return out;
}

/** A difference in words, for a conflict, a short allocation or a rollback that did not restore. */
export function describeDifference(d: ValueDifference, kind: "changed" | "short" | "not-restored"): string {
    const name = targetName(d.target);
    const found = d.found === undefined ? _("unknown") : String(d.found);
    if (kind === "changed")
        return format(_("$0 is now $1 (it was $2 when reviewed)"), name, found, d.expected);
    if (kind === "short")
        return NR_PATH.test(d.target)
            ? format(_("$0: $1 pages asked, the kernel gave $2 (not enough free contiguous memory)"), name, d.expected, found)
            : format(_("$0: $1 asked, read back $2"), name, d.expected, found);
    return format(_("$0 is $1, it was $2"), name, found, d.expected);
}
