// The CPU model card as data: the draft (mode, model, migratable, cache, features with their policies),
// the wanted <cpu> change it makes, and the choices offered from the domain capabilities.
import { _, format } from "../i18n.ts";
import type { CpuCache, CpuFeature, CpuFeaturePolicy, CpuMode, Tuning } from "../types.ts";
import { CPU_MODES } from "../types.ts";
import type { CpuCaps } from "../rules/rules-cpumodel.ts";
import type { WantedCpuModel } from "../plan/plan-cpumodel.ts";

export type CacheChoice = "" | "passthrough" | "emulate" | "disable";

export interface CpuModelDraft {
    mode: CpuMode;
    /** the named model ("" none) */
    model: string;
    /** "" = not set */
    migratable: "" | "on" | "off";
    cache: CacheChoice;
    features: CpuFeature[];
}

function modeOf(t: Tuning): CpuMode {
    const mode = t.cpu.mode ?? "custom";
    return (CPU_MODES as readonly string[]).includes(mode) ? mode as CpuMode : "custom";
}

export function cpuModelDraft(t: Tuning): CpuModelDraft {
    const m = t.cpu.migratable;
    return {
        mode: modeOf(t),
        model: t.cpu.model ?? "",
        migratable: m === undefined ? "" : m ? "on" : "off",
        cache: t.cpu.cache?.mode ?? "",
        features: t.cpu.features.map(f => ({ ...f })),
    };
}

export function sameCpuModelDraft(a: CpuModelDraft, b: CpuModelDraft): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function cacheOf(choice: CacheChoice, t: Tuning): CpuCache | null {
    if (choice === "")
        return null;
    // the level as read stays while the mode does; QEMU emulates level 3 only
    if (choice === t.cpu.cache?.mode)
        return t.cpu.cache;
    return choice === "emulate" ? { mode: "emulate", level: 3 } : { mode: choice };
}

/**
 * The <cpu> change the draft asks for, every part named (cpuModelChange keeps only what differs).
 * Leaving custom mode drops the model and its fallback (host-passthrough and maximum have none, and
 * host-model replaces the name at start); a mode that keeps them as they are names neither.
 */
export function draftCpuModel(draft: CpuModelDraft, t: Tuning): WantedCpuModel {
    const out: WantedCpuModel = {
        migratable: draft.migratable === "" ? null : draft.migratable === "on",
        cache: cacheOf(draft.cache, t),
        features: draft.features,
    };
    if (draft.mode !== modeOf(t))
        out.mode = draft.mode;
    if (draft.mode === "custom")
        out.model = draft.model === "" ? null : draft.model;
    else if (draft.mode !== modeOf(t)) {
        out.model = null;
        out.fallback = null;
    }
    return out;
}

/** Adds a feature (or sets the policy of the one of that name), keeping the others' order. */
export function withFeature(features: readonly CpuFeature[], name: string, policy: CpuFeaturePolicy): CpuFeature[] {
    const trimmed = name.trim();
    if (trimmed === "")
        return [...features];
    return features.some(f => f.name === trimmed)
        ? features.map(f => f.name === trimmed ? { name: trimmed, policy } : f)
        : [...features, { name: trimmed, policy }];
}

/** The modes offered, each with why it cannot be chosen here (undefined: it can). */
export function modeChoices(caps: CpuCaps | undefined): { mode: CpuMode; unsupported?: string | undefined }[] {
    return CPU_MODES.map(mode => caps?.modes[mode] === false
        ? { mode, unsupported: format(_("not supported by $0"), caps.virttype) }
        : { mode });
}

/** The custom models offered: libvirt's list for this virttype, usable first, and the current one if libvirt lacks it. */
export function modelChoices(caps: CpuCaps | undefined, current: string): { name: string; label: string }[] {
    const models = [...caps?.models ?? []].sort((a, b) => (a.usable === "yes" ? 0 : 1) - (b.usable === "yes" ? 0 : 1) || a.name.localeCompare(b.name));
    const out = models.map(m => ({ name: m.name, label: m.usable === "yes" ? m.name : format(_("$0 (not usable here)"), m.name) }));
    if (current !== "" && !out.some(m => m.name === current))
        out.unshift({ name: current, label: current });
    return out;
}

/** Feature names to suggest: what the host can provide, with those already listed left out. */
export function featureSuggestions(caps: CpuCaps | undefined, features: readonly CpuFeature[]): string[] {
    const listed = new Set(features.map(f => f.name));
    return (caps?.hostFeatures ?? []).filter(n => !listed.has(n));
}
