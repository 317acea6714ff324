// <memoryBacking> for next boot: the part of a wanted backing that differs from the definition as read
// (so an unchanged part is not rewritten), and the refusals of libvirt's own rules on the result.
import type { Finding, HugePage, MemoryBacking, Tuning, TuningChange } from "../types.ts";
import { checkMemoryBacking } from "../rules/rules-backing.ts";

export type WantedBacking = NonNullable<TuningChange["memoryBacking"]>;

function samePages(a: readonly HugePage[], b: readonly HugePage[]): boolean {
    const key = (p: HugePage) => `${p.size}/${p.nodeset ?? ""}`;
    return a.length === b.length && a.every((p, i) => b[i] !== undefined && key(p) === key(b[i] as HugePage));
}

function sameAllocation(a: MemoryBacking["allocation"], b: WantedBacking["allocation"]): boolean {
    if (b === null) return a === undefined;
    return a?.mode === b?.mode && a?.threads === b?.threads;
}

/** What of `wanted` differs from `config`; undefined when nothing does. */
export function backingChange(wanted: WantedBacking, config: Tuning): WantedBacking | undefined {
    const have = config.memoryBacking;
    const out: WantedBacking = {};
    if (wanted.hugepages !== undefined && !(wanted.hugepages === null ? config.hugepages.length === 0 : samePages(wanted.hugepages, config.hugepages)))
        out.hugepages = wanted.hugepages;
    for (const flag of ["nosharepages", "locked", "discard"] as const) {
        const on = wanted[flag];
        if (on !== undefined && on !== have[flag]) out[flag] = on;
    }
    if (wanted.source !== undefined && (wanted.source ?? undefined) !== have.source) out.source = wanted.source;
    if (wanted.access !== undefined && (wanted.access ?? undefined) !== have.access) out.access = wanted.access;
    if (wanted.allocation !== undefined && !sameAllocation(have.allocation, wanted.allocation)) out.allocation = wanted.allocation;
    return Object.keys(out).length > 0 ? out : undefined;
}

/** libvirt's refusals of the definition the plan leaves (no host facts: those are the card's rules). */
export function backingRefusals(after: Tuning, before: Tuning): Finding[] {
    return checkMemoryBacking(after, { hostNodes: [], before }).filter(f => f.severity === "error");
}
