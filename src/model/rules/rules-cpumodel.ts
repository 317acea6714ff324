// <cpu> mode, model, features and cache rules. Two kinds: what libvirt refuses in the definition itself
// (checkCpuDefinition: the planner runs these on the define it builds), and what the hypervisor of this
// host can run, from its domain capabilities (checkCpuModel: the card runs these before Review). The
// capabilities are per virttype: a TCG guest (type='qemu') has no host-passthrough and QEMU's emulated
// host-model, a KVM guest the host's own CPU.
import { _, format } from "../i18n.ts";
import type { CpuMode, Finding, Tuning } from "../types.ts";
import { error, warning } from "./rules-fields.ts";

/** The CPU part of the domain capabilities as the rules need it (src/model/host/domain-caps.ts's DomainCpuCaps fits). */
export interface CpuCaps {
    virttype: string;
    modes: Partial<Record<CpuMode, boolean>>;
    migratable: Partial<Record<"host-passthrough" | "maximum", string[]>>;
    hostModel?: { model: string; vendor?: string | undefined } | undefined;
    models: readonly { name: string; usable: "yes" | "no" | "unknown"; vendor?: string | undefined; blockers?: string[] | undefined }[];
    /** the features the host can give a guest of this virttype; undefined when not known */
    hostFeatures?: readonly string[] | undefined;
}

const PROVIDES = new Set(["require", "force"]);

function modeOf(t: Tuning): string {
    return t.cpu.mode ?? "custom";
}

function hypervisorName(virttype: string): string {
    return virttype === "qemu" ? _("QEMU's emulation (TCG, type qemu)") : virttype === "kvm" ? _("KVM") : virttype;
}

/** What libvirt refuses in the <cpu> of a definition, whatever the host. */
export function checkCpuDefinition(t: Tuning): Finding[] {
    const out: Finding[] = [];
    const mode = modeOf(t);
    const cpu = t.cpu;
    if (mode === "custom" && cpu.model === undefined && cpu.features.length > 0)
        out.push(error("cpumodel.model", _("libvirt takes CPU features only with a named model in custom mode: choose a model")));
    else if (mode === "custom" && cpu.model === undefined && cpu.check !== undefined)
        out.push(error("cpumodel.model", _("libvirt takes the check attribute only for a CPU with a model: choose a model")));
    if (cpu.migratable !== undefined && mode !== "host-passthrough" && mode !== "maximum")
        out.push(error("cpumodel.migratable", format(_("Migratable applies only to host-passthrough and maximum, not to $0"), mode)));
    const cache = cpu.cache;
    if (cache?.mode === "passthrough" && mode !== "host-passthrough" && mode !== "maximum")
        out.push(error("cpumodel.cache", format(_("Cache passthrough gives the guest the host's cache layout: only host-passthrough and maximum have it, not $0"), mode)));
    if (cache?.mode === "emulate" && cache.level !== 3)
        out.push(error("cpumodel.cache", _("QEMU emulates only the level 3 cache: an emulated cache needs level 3")));
    if (cache !== undefined && cache.mode !== "emulate" && cache.level !== undefined)
        out.push(error("cpumodel.cache", format(_("The cache mode $0 takes no level"), cache.mode)));
    return out;
}

function modelFindings(t: Tuning, caps: CpuCaps): Finding[] {
    const name = t.cpu.model;
    if (modeOf(t) !== "custom" || name === undefined)
        return [];
    const model = caps.models.find(m => m.name === name);
    const hv = hypervisorName(caps.virttype);
    if (model === undefined)
        return [error("cpumodel.model", format(_("$0 has no CPU model $1 on this host"), hv, name))];
    if (model.usable === "no") {
        if (model.blockers !== undefined && model.blockers.length > 0)
            return [error("cpumodel.model", format(_("CPU model $0 cannot run here with $1: the host lacks $2"), name, hv, model.blockers.join(", ")))];
        return [error("cpumodel.model", format(_("CPU model $0 cannot run here with $1: libvirt reports it not usable (libvirt 9.0 does not say which features are missing)"), name, hv))];
    }
    if (model.usable === "unknown")
        return [warning("cpumodel.model", format(_("libvirt cannot tell whether CPU model $0 runs here with $1"), name, hv))];
    return [];
}

/** The guest CPU's vendor: the host's for host-model and host-passthrough, the model's for custom. */
function guestVendor(t: Tuning, caps: CpuCaps): string | undefined {
    const mode = modeOf(t);
    if (mode === "custom")
        return caps.models.find(m => m.name === t.cpu.model)?.vendor;
    return caps.hostModel?.vendor;
}

/** AMD guests with two threads per core see them as siblings only with topoext. */
function topoextFinding(t: Tuning, caps: CpuCaps): Finding[] {
    const threads = t.cpu.topology?.threads ?? 1;
    if (threads < 2 || modeOf(t) === "host-passthrough" || guestVendor(t, caps) !== "AMD")
        return [];
    if (t.cpu.features.some(f => f.name === "topoext" && PROVIDES.has(f.policy)))
        return [];
    return [warning("cpumodel.topoext", format(_("This AMD guest has $0 threads per core but no topoext: its kernel sees no SMT siblings (\"This family of AMD CPUs doesn't support hyperthreading\") and schedules as if every thread were a core. Require topoext, or use one thread per core"), threads))];
}

/** Every rule on the CPU of the definition `t` would become, against this host's domain capabilities. */
export function checkCpuModel(t: Tuning, caps: CpuCaps | undefined): Finding[] {
    const out = checkCpuDefinition(t);
    if (caps === undefined)
        return out;
    const mode = modeOf(t) as CpuMode;
    const hv = hypervisorName(caps.virttype);
    if (caps.modes[mode] === false) {
        out.push(error("cpumodel.mode", mode === "host-passthrough" && caps.virttype === "qemu"
            ? _("host-passthrough needs KVM: under QEMU's emulation (TCG, type qemu) there is no host CPU to pass through. Use maximum for every feature TCG can emulate")
            : format(_("$0 does not support CPU mode $1 on this host"), hv, mode)));
    }
    out.push(...modelFindings(t, caps));
    const migratable = t.cpu.migratable;
    if (migratable !== undefined && (mode === "host-passthrough" || mode === "maximum")) {
        const values = caps.migratable[mode];
        const value = migratable ? "on" : "off";
        if (values !== undefined && !values.includes(value))
            out.push(error("cpumodel.migratable", format(_("With $0, libvirt takes only migratable $1 for $2"), hv, values.join(", "), mode)));
    }
    const hostFeatures = caps.hostFeatures === undefined ? undefined : new Set(caps.hostFeatures);
    if (hostFeatures !== undefined) {
        for (const f of t.cpu.features) {
            if (PROVIDES.has(f.policy) && !hostFeatures.has(f.name))
                out.push(error(`cpumodel.feature.${f.name}`, format(_("The host cannot give CPU feature $0 to a guest of $1: with $2 the guest would not start. Disable or forbid it, or leave it out"), f.name, hv, f.policy)));
        }
    }
    out.push(...topoextFinding(t, caps));
    return out;
}
