// The hypervisor's domain capabilities for a VM (Connect.GetDomainCapabilities for its emulator, arch,
// machine and virttype), with the features the host can give such a guest: host-model's CPU expanded
// by Connect.BaselineCPU. Read once per connection and query: they change only with a new QEMU or libvirt.
import type { DomainCapsQuery, DomainCpuCaps } from "../model/host/domain-caps.ts";
import {
    domainCapsKey, hostModelBaselineInput, modelBaselineInput, modelBlockers, parseDomainCpuCaps, withHostFeatures,
} from "../model/host/domain-caps.ts";
import { BASELINE_CPU_EXPAND_FEATURES } from "../model/flags.ts";
import type { Libvirt } from "./client.ts";

const cache = new WeakMap<Libvirt, Map<string, Promise<DomainCpuCaps>>>();

async function load(libvirt: Libvirt, q: DomainCapsQuery): Promise<DomainCpuCaps> {
    const [xml] = await libvirt.connect("GetDomainCapabilities", "ssssu", [q.emulatorbin, q.arch, q.machine, q.virttype, 0]);
    const caps = parseDomainCpuCaps(String(xml));
    const input = hostModelBaselineInput(caps);
    if (input === undefined)
        return caps;
    try {
        const [expanded] = await libvirt.connect("BaselineCPU", "asu", [[input], BASELINE_CPU_EXPAND_FEATURES]);
        return withHostFeatures(caps, String(expanded));
    } catch (e) {
        // without the expansion the features are not judged: the card says so rather than guess
        return { ...caps, hostFeaturesError: e instanceof Error ? e.message : String(e) };
    }
}

/** The CPU part of the domain capabilities for `q`, cached per connection; a failed read is not kept. */
export function readDomainCpuCaps(libvirt: Libvirt, q: DomainCapsQuery): Promise<DomainCpuCaps> {
    let byKey = cache.get(libvirt);
    if (byKey === undefined) {
        byKey = new Map();
        cache.set(libvirt, byKey);
    }
    const key = domainCapsKey(q);
    let caps = byKey.get(key);
    if (caps === undefined) {
        const map = byKey;
        caps = load(libvirt, q);
        caps.catch(() => map.delete(key));
        map.set(key, caps);
    }
    return caps;
}

const blockerCache = new WeakMap<DomainCpuCaps, Map<string, Promise<string[] | undefined>>>();

/** What an unusable model lacks here (libvirt 9.0 does not say): its expanded features the host cannot provide. */
export function readModelBlockers(libvirt: Libvirt, caps: DomainCpuCaps, model: string): Promise<string[] | undefined> {
    let byModel = blockerCache.get(caps);
    if (byModel === undefined) {
        byModel = new Map();
        blockerCache.set(caps, byModel);
    }
    let blockers = byModel.get(model);
    if (blockers === undefined) {
        blockers = libvirt.connect("BaselineCPU", "asu", [[modelBaselineInput(caps.arch, model)], BASELINE_CPU_EXPAND_FEATURES])
            .then(([xml]) => modelBlockers(caps, String(xml)), () => undefined);
        byModel.set(model, blockers);
    }
    return blockers;
}
