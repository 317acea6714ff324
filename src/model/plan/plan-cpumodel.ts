// <cpu> mode, model, features and cache for next boot: the part of a wanted CPU model that differs
// from the definition as read, so an unchanged part is not rewritten.
import type { Finding, Tuning, TuningChange } from "../types.ts";
import { checkCpuDefinition } from "../rules/rules-cpumodel.ts";

export type WantedCpuModel = NonNullable<TuningChange["cpuModel"]>;

/** What of `wanted` differs from `config`; undefined when nothing does. */
export function cpuModelChange(wanted: WantedCpuModel, config: Tuning): WantedCpuModel | undefined {
    const have = config.cpu;
    const out: WantedCpuModel = {};
    if (wanted.mode !== undefined && (wanted.mode ?? undefined) !== have.mode) out.mode = wanted.mode;
    if (wanted.model !== undefined && (wanted.model ?? undefined) !== have.model) out.model = wanted.model;
    if (wanted.fallback !== undefined && (wanted.fallback ?? undefined) !== have.fallback) out.fallback = wanted.fallback;
    if (wanted.migratable !== undefined && (wanted.migratable ?? undefined) !== have.migratable) out.migratable = wanted.migratable;
    if (wanted.check !== undefined && (wanted.check ?? undefined) !== have.check) out.check = wanted.check;
    if (wanted.features !== undefined && JSON.stringify(wanted.features) !== JSON.stringify(have.features)) out.features = wanted.features;
    if (wanted.cache !== undefined && JSON.stringify(wanted.cache ?? undefined) !== JSON.stringify(have.cache)) out.cache = wanted.cache;
    return Object.keys(out).length > 0 ? out : undefined;
}

/** libvirt's refusals of the <cpu> the define would leave (no host facts: those are the card's rules). */
export function cpuModelRefusals(after: Tuning): Finding[] {
    return checkCpuDefinition(after).filter(f => f.severity === "error");
}
