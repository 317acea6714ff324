// <cpu>: mode, named model, migratable, check, <feature> list and <cache>, read from the domain XML;
// editTuning's cpuModel change writes them (writeCpuModel).
import type { CpuCache, CpuFeature, Tuning, TuningChange } from "../types.ts";
import { CPU_FEATURE_POLICIES } from "../types.ts";
import { directChildren, firstChild } from "./xml-dom.ts";

type CpuModelPart = Pick<Tuning["cpu"], "model" | "fallback" | "migratable" | "check" | "features" | "cache">;

function isPolicy(value: string): value is CpuFeature["policy"] {
    return (CPU_FEATURE_POLICIES as readonly string[]).includes(value);
}

function readCache(cpu: Element): CpuCache | undefined {
    const el = firstChild(cpu, "cache");
    const mode = el?.getAttribute("mode");
    if (el === undefined || (mode !== "passthrough" && mode !== "emulate" && mode !== "disable"))
        return undefined;
    const level = el.getAttribute("level");
    return level !== null && /^\d+$/.test(level) ? { mode, level: Number(level) } : { mode };
}

/** The <cpu> parts beside mode, topology and cells; features without a known policy are left out. */
export function readCpuModel(root: Element): CpuModelPart {
    const cpu = firstChild(root, "cpu");
    if (cpu === undefined)
        return { features: [] };
    const out: CpuModelPart = { features: [] };
    const model = firstChild(cpu, "model");
    const name = model?.textContent?.trim();
    if (name !== undefined && name !== "")
        out.model = name;
    const fallback = model?.getAttribute("fallback");
    if (fallback === "allow" || fallback === "forbid")
        out.fallback = fallback;
    const migratable = cpu.getAttribute("migratable");
    if (migratable === "on" || migratable === "off")
        out.migratable = migratable === "on";
    const check = cpu.getAttribute("check");
    if (check !== null)
        out.check = check;
    for (const el of directChildren(cpu, "feature")) {
        // libvirt's default policy when the attribute is missing is require
        const policy = el.getAttribute("policy") ?? "require";
        const featureName = el.getAttribute("name");
        if (featureName !== null && isPolicy(policy))
            out.features.push({ name: featureName, policy });
    }
    const cache = readCache(cpu);
    if (cache !== undefined)
        out.cache = cache;
    return out;
}

/** Writes a cpuModel change (not yet supported: refused, never silently dropped). */
export function writeCpuModel(_root: Element, _change: NonNullable<TuningChange["cpuModel"]>): void {
    throw new Error("CPU model edits are not implemented yet");
}
