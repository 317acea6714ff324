// <cpu>: mode, named model, migratable, check, <feature> list and <cache>, read from the domain XML;
// editTuning's cpuModel change writes them (writeCpuModel).
import type { CpuCache, CpuFeature, Tuning, TuningChange } from "../types.ts";
import { CPU_FEATURE_POLICIES, CPU_MODES } from "../types.ts";
import { _, format } from "../i18n.ts";
import { childOrder } from "./domain-schema.ts";
import {
    createChild, directChildren, firstChild, insertIndented, isEmptyElement, orderedRef, pruneEmpty, removeNode, setAttr, setText,
} from "./xml-dom.ts";

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

export type CpuModelChange = NonNullable<TuningChange["cpuModel"]>;

const CPU_ORDER = childOrder(["cpu"]);
/** libvirt's feature names (cpu_map): letters, digits, '-', '_' and '.' */
const FEATURE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function check(change: CpuModelChange): void {
    if (change.mode !== undefined && change.mode !== null && !(CPU_MODES as readonly string[]).includes(change.mode))
        throw new Error(format(_("Unknown CPU mode \"$0\""), String(change.mode)));
    if (change.model !== undefined && change.model !== null && change.model.trim() === "")
        throw new Error(_("An empty CPU model name is not a model: remove the model instead"));
    const seen = new Set<string>();
    for (const f of change.features ?? []) {
        if (typeof f.name !== "string" || !FEATURE_NAME.test(f.name))
            throw new Error(format(_("\"$0\" is not a CPU feature name"), String(f.name)));
        if (!isPolicy(f.policy))
            throw new Error(format(_("Unknown policy \"$0\" for CPU feature $1"), String(f.policy), f.name));
        if (seen.has(f.name))
            throw new Error(format(_("CPU feature $0 is listed twice: libvirt takes each feature once"), f.name));
        seen.add(f.name);
    }
    const level = change.cache?.level;
    if (level !== undefined && (!Number.isSafeInteger(level) || level < 1 || level > 3))
        throw new Error(format(_("Invalid CPU cache level $0"), String(level)));
}

/** The features in place, keyed by name: a kept feature keeps its place and spelling, a gone one goes, a new one follows the last. */
function writeFeatures(cpu: Element, wanted: readonly CpuFeature[]): void {
    const existing = directChildren(cpu, "feature");
    const byName = new Map(wanted.map(f => [f.name, f]));
    for (const el of existing) {
        const want = byName.get(el.getAttribute("name") ?? "");
        if (want === undefined) {
            removeNode(el);
            continue;
        }
        // a missing policy attribute is require
        if ((el.getAttribute("policy") ?? "require") !== want.policy)
            el.setAttribute("policy", want.policy);
        byName.delete(want.name);
    }
    for (const f of wanted.filter(x => byName.has(x.name))) {
        const el = cpu.ownerDocument.createElement("feature");
        // libvirt writes policy before name
        el.setAttribute("policy", f.policy);
        el.setAttribute("name", f.name);
        const features = directChildren(cpu, "feature");
        const last = features[features.length - 1];
        insertIndented(cpu, el, last !== undefined ? nextElement(last) : orderedRef(cpu, "feature", CPU_ORDER));
    }
}

function nextElement(el: Element): Element | null {
    for (let n = el.nextSibling; n !== null; n = n.nextSibling)
        if (n.nodeType === 1) return n as Element;
    return null;
}

function writeModelName(cpu: Element, change: CpuModelChange): void {
    let model = firstChild(cpu, "model");
    if (change.model !== undefined) {
        if (change.model === null) {
            if (model !== undefined)
                while (model.firstChild) model.removeChild(model.firstChild);
        } else {
            model ??= createChild(cpu, "model", CPU_ORDER);
            setText(model, change.model);
        }
    }
    if (change.fallback !== undefined) {
        if (change.fallback !== null) model ??= createChild(cpu, "model", CPU_ORDER);
        if (model !== undefined) setAttr(model, "fallback", change.fallback);
    }
    if (model !== undefined && isEmptyElement(model))
        removeNode(model);
}

function writeCache(cpu: Element, cache: CpuCache | null): void {
    const el = firstChild(cpu, "cache");
    if (cache === null) {
        if (el !== undefined) removeNode(el);
        return;
    }
    const target = el ?? createChild(cpu, "cache", CPU_ORDER);
    // libvirt writes level before mode
    setAttr(target, "level", cache.level === undefined ? null : String(cache.level));
    setAttr(target, "mode", cache.mode);
}

function hasValue(change: CpuModelChange): boolean {
    return (change.mode ?? change.model ?? change.fallback ?? change.migratable ?? change.check ?? change.cache ?? null) !== null ||
        (change.features ?? []).length > 0;
}

/**
 * Writes a cpuModel change with minimal edits: what it names, nothing else, except what libvirt itself
 * would drop from the new mode (match outside custom mode; the model of host-passthrough and maximum)
 * and the match='exact' and fallback='allow' libvirt adds to a custom CPU with a new model, so the define
 * stores what was sent.
 */
export function writeCpuModel(root: Element, change: CpuModelChange): void {
    check(change);
    const cpu = firstChild(root, "cpu") ?? (hasValue(change) ? createChild(root, "cpu", childOrder([])) : undefined);
    if (cpu === undefined)
        return;
    const modeBefore = cpu.getAttribute("mode") ?? "custom";
    const hadModel = Boolean(firstChild(cpu, "model")?.textContent?.trim());
    if (change.mode !== undefined)
        setAttr(cpu, "mode", change.mode);
    writeModelName(cpu, change);
    const mode = cpu.getAttribute("mode") ?? "custom";
    if (mode !== modeBefore) {
        if (mode !== "custom")
            cpu.removeAttribute("match");
        const model = firstChild(cpu, "model");
        if ((mode === "host-passthrough" || mode === "maximum") && model !== undefined)
            removeNode(model);
    }
    const named = firstChild(cpu, "model");
    if (mode === "custom" && named?.textContent?.trim() && (mode !== modeBefore || !hadModel)) {
        if (!cpu.hasAttribute("match"))
            cpu.setAttribute("match", "exact");
        if (!named.hasAttribute("fallback"))
            named.setAttribute("fallback", "allow");
    }
    if (change.migratable !== undefined)
        setAttr(cpu, "migratable", change.migratable === null ? null : change.migratable ? "on" : "off");
    if (change.check !== undefined)
        setAttr(cpu, "check", change.check);
    if (change.features !== undefined)
        writeFeatures(cpu, change.features);
    if (change.cache !== undefined)
        writeCache(cpu, change.cache);
    pruneEmpty(cpu);
}
