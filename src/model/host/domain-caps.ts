// libvirt's domain capabilities (Connect.GetDomainCapabilities, `virsh domcapabilities`): the CPU part,
// for one emulator, architecture, machine type and virttype. What they say differs per virttype: TCG
// (`type='qemu'`) has no host-passthrough and its own host-model, KVM its own usable models.
// The features the host can provide come from host-model's CPU expanded into every feature
// (Connect.BaselineCPU with EXPAND_FEATURES) less the ones host-model disables.
import type { CpuFeature, CpuMode } from "../types.ts";
import { CPU_FEATURE_POLICIES } from "../types.ts";
import { directChildren, findPath, firstChild, parseXml } from "../domain/xml-dom.ts";

export type ModelUsable = "yes" | "no" | "unknown";

/** A named model of custom mode, as the hypervisor can run it here. */
export interface CustomModel {
    name: string;
    usable: ModelUsable;
    vendor?: string | undefined;
    /** the features it lacks here, where libvirt says (libvirt 9.0 does not: undefined) */
    blockers?: string[] | undefined;
}

export interface DomainCpuCaps {
    virttype: string;
    arch: string;
    machine?: string | undefined;
    /** each mode libvirt lists, whether it is supported */
    modes: Partial<Record<CpuMode, boolean>>;
    /** the migratable values libvirt takes for host-passthrough and maximum (absent: not listed) */
    migratable: Partial<Record<"host-passthrough" | "maximum", string[]>>;
    /** host-model's CPU: the model, vendor and its feature list as libvirt reports it */
    hostModel?: { model: string; vendor?: string | undefined; features: CpuFeature[] } | undefined;
    models: CustomModel[];
    /** the features the host can give a guest of this virttype (set by withHostFeatures) */
    hostFeatures?: string[] | undefined;
    /** why hostFeatures could not be read, when that is so */
    hostFeaturesError?: string | undefined;
}

/** What GetDomainCapabilities is asked for: a VM's emulator, arch, machine and virttype. */
export interface DomainCapsQuery {
    emulatorbin: string;
    arch: string;
    machine: string;
    virttype: string;
}

function text(el: Element | undefined): string | undefined {
    const t = el?.textContent?.trim();
    return t === undefined || t === "" ? undefined : t;
}

function enumValues(mode: Element, name: string): string[] | undefined {
    const e = directChildren(mode, "enum").find(x => x.getAttribute("name") === name);
    return e === undefined ? undefined : directChildren(e, "value").map(v => text(v) ?? "").filter(v => v !== "");
}

function features(parent: Element): CpuFeature[] {
    const out: CpuFeature[] = [];
    for (const f of directChildren(parent, "feature")) {
        const name = f.getAttribute("name");
        const policy = f.getAttribute("policy") ?? "require";
        if (name !== null && (CPU_FEATURE_POLICIES as readonly string[]).includes(policy))
            out.push({ name, policy: policy as CpuFeature["policy"] });
    }
    return out;
}

function usableOf(value: string | null): ModelUsable {
    return value === "yes" || value === "no" ? value : "unknown";
}

/** The CPU part of a domain capabilities document. Throws when it is not one. */
export function parseDomainCpuCaps(xml: string): DomainCpuCaps {
    const root = parseXml(xml, "domainCapabilities").documentElement;
    const out: DomainCpuCaps = {
        virttype: text(firstChild(root, "domain")) ?? "",
        arch: text(firstChild(root, "arch")) ?? "",
        machine: text(firstChild(root, "machine")),
        modes: {},
        migratable: {},
        models: [],
    };
    const cpu = firstChild(root, "cpu");
    for (const mode of cpu ? directChildren(cpu, "mode") : []) {
        const name = mode.getAttribute("name");
        const supported = mode.getAttribute("supported") === "yes";
        if (name === "host-passthrough" || name === "maximum") {
            out.modes[name] = supported;
            const values = enumValues(mode, name === "maximum" ? "maximumMigratable" : "hostPassthroughMigratable");
            if (supported && values !== undefined)
                out.migratable[name] = values;
        } else if (name === "host-model") {
            out.modes["host-model"] = supported;
            const model = text(firstChild(mode, "model"));
            if (supported && model !== undefined)
                out.hostModel = { model, vendor: text(firstChild(mode, "vendor")), features: features(mode) };
        } else if (name === "custom") {
            out.modes.custom = supported;
            out.models = directChildren(mode, "model").flatMap(m => {
                const modelName = text(m);
                return modelName === undefined ? [] : [{ name: modelName, usable: usableOf(m.getAttribute("usable")), vendor: m.getAttribute("vendor") ?? undefined }];
            });
            // newer libvirt names what each unusable model lacks: <blockers model='X'><feature name='y'/></blockers>
            for (const b of directChildren(mode, "blockers")) {
                const model = out.models.find(m => m.name === b.getAttribute("model"));
                if (model !== undefined)
                    model.blockers = directChildren(b, "feature").map(f => f.getAttribute("name") ?? "").filter(n => n !== "");
            }
        }
    }
    return out;
}

function escapeXml(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;").replace(/"/g, "&quot;");
}

/**
 * host-model's CPU as the host CPU description Connect.BaselineCPU takes (no policies: it reads host
 * CPUs); undefined when host-model is not supported. Only the features it requires are listed.
 */
export function hostModelBaselineInput(caps: DomainCpuCaps): string | undefined {
    const hm = caps.hostModel;
    if (hm === undefined || caps.arch === "")
        return undefined;
    const lines = [`<cpu>`, `  <arch>${escapeXml(caps.arch)}</arch>`, `  <model>${escapeXml(hm.model)}</model>`];
    if (hm.vendor !== undefined)
        lines.push(`  <vendor>${escapeXml(hm.vendor)}</vendor>`);
    for (const f of hm.features.filter(x => x.policy === "require" || x.policy === "force"))
        lines.push(`  <feature name='${escapeXml(f.name)}'/>`);
    lines.push(`</cpu>`);
    return lines.join("\n");
}

/** The caps with the features the host can provide: BaselineCPU's expanded answer less host-model's disabled ones. */
export function withHostFeatures(caps: DomainCpuCaps, expandedXml: string): DomainCpuCaps {
    const cpu = parseXml(expandedXml, "cpu").documentElement;
    const disabled = new Set((caps.hostModel?.features ?? []).filter(f => f.policy === "disable" || f.policy === "forbid").map(f => f.name));
    const names = features(cpu).filter(f => f.policy === "require" || f.policy === "force").map(f => f.name).filter(n => !disabled.has(n));
    return { ...caps, hostFeatures: [...new Set(names)].sort() };
}

/** What to ask GetDomainCapabilities for a VM's definition; undefined when it does not name its emulator. */
export function domainCapsQuery(domainXml: string): DomainCapsQuery | undefined {
    const root = parseXml(domainXml, "domain").documentElement;
    const type = findPath(root, ["os", "type"]);
    const emulatorbin = text(findPath(root, ["devices", "emulator"]));
    const virttype = root.getAttribute("type");
    if (type === undefined || emulatorbin === undefined || virttype === null)
        return undefined;
    return { emulatorbin, arch: type.getAttribute("arch") ?? "", machine: type.getAttribute("machine") ?? "", virttype };
}

/** One key per query, for a cache per connection. */
export function domainCapsKey(q: DomainCapsQuery): string {
    return JSON.stringify([q.emulatorbin, q.arch, q.machine, q.virttype]);
}

/** A named model as the host CPU description BaselineCPU expands into its features. */
export function modelBaselineInput(arch: string, model: string): string {
    return `<cpu>\n  <arch>${escapeXml(arch)}</arch>\n  <model>${escapeXml(model)}</model>\n</cpu>`;
}

/**
 * What a model lacks here, where libvirt 9.0 does not say: the model's features (BaselineCPU's expansion
 * of it) that the host cannot provide. undefined when the host's features are not known.
 */
export function modelBlockers(caps: DomainCpuCaps, expandedModelXml: string): string[] | undefined {
    if (caps.hostFeatures === undefined)
        return undefined;
    const host = new Set(caps.hostFeatures);
    const cpu = parseXml(expandedModelXml, "cpu").documentElement;
    return features(cpu).filter(f => f.policy === "require" || f.policy === "force").map(f => f.name).filter(n => !host.has(n));
}

/** The caps with `blockers` for `model` (an empty list says nothing and is not kept). */
export function withBlockers(caps: DomainCpuCaps, model: string, blockers: string[] | undefined): DomainCpuCaps {
    if (blockers === undefined || blockers.length === 0)
        return caps;
    return { ...caps, models: caps.models.map(m => m.name === model && m.blockers === undefined ? { ...m, blockers } : m) };
}
