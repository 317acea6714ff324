// Thread scheduling (<vcpusched>, <iothreadsched>, <emulatorsched>) for next boot: the lists of a wanted
// change that differ from the definition as read, and libvirt's refusals of the result.
import type { Finding, ThreadSched, Tuning } from "../types.ts";
import { checkSchedDefinition } from "../rules/rules-sched.ts";
import type { DesiredTuning } from "./plan-types.ts";

export type WantedSched = NonNullable<DesiredTuning["sched"]>;

function key(s: ThreadSched | null | undefined): string {
    return s === null || s === undefined ? "" : `${s.ids ?? ""}/${s.scheduler}/${s.priority ?? ""}`;
}

function sameList(a: readonly ThreadSched[], b: readonly ThreadSched[]): boolean {
    return a.length === b.length && a.every((s, i) => key(s) === key(b[i]));
}

/** What of `wanted` differs from `config`; undefined when nothing does. */
export function schedChange(wanted: WantedSched, config: Tuning): WantedSched | undefined {
    const have = config.cputune;
    const out: WantedSched = {};
    if (wanted.vcpusched !== undefined && !sameList(wanted.vcpusched, have.vcpusched)) out.vcpusched = wanted.vcpusched;
    if (wanted.iothreadsched !== undefined && !sameList(wanted.iothreadsched, have.iothreadsched)) out.iothreadsched = wanted.iothreadsched;
    if (wanted.emulatorsched !== undefined && key(wanted.emulatorsched) !== key(have.emulatorsched)) out.emulatorsched = wanted.emulatorsched;
    return Object.keys(out).length > 0 ? out : undefined;
}

/** libvirt's refusals of the scheduling the plan's definition leaves (no host facts: those are the card's rules). */
export function schedRefusals(after: Tuning): Finding[] {
    return checkSchedDefinition(after.cputune, after).filter(f => f.severity === "error");
}
