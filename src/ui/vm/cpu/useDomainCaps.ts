// The domain capabilities of a VM's hypervisor (emulator, arch, machine, virttype from its next-boot
// definition), read through the adapter's per-connection cache (a new read of the VM costs no call).
import { useEffect, useState } from "react";
import cockpit from "cockpit";
import type { DomainCpuCaps } from "../../../model/host/domain-caps.ts";
import { domainCapsQuery, withBlockers } from "../../../model/host/domain-caps.ts";
import { readDomainCpuCaps, readModelBlockers } from "../../../libvirt/domain-caps.ts";
import type { Vm } from "../../../model/vm/vm.ts";
import { useInventory } from "../../useInventory.ts";

const _ = cockpit.gettext;

export interface DomainCapsState {
    caps?: DomainCpuCaps | undefined;
    error?: string | undefined;
}

function queryOf(xml: string | undefined) {
    try {
        return xml === undefined ? undefined : domainCapsQuery(xml);
    } catch {
        return undefined;
    }
}

export function useDomainCaps(vm: Vm): DomainCapsState {
    const libvirt = useInventory().libvirt;
    const xml = vm.configXml ?? vm.liveXml;
    const [state, setState] = useState<DomainCapsState & { xml?: string | undefined }>({});
    useEffect(() => {
        const query = queryOf(xml);
        if (query === undefined) {
            setState({ xml, error: _("The VM's definition names no emulator, architecture or machine: the hypervisor's capabilities cannot be asked for") });
            return undefined;
        }
        let current = true;
        readDomainCpuCaps(libvirt, query).then(
            caps => { if (current) setState({ caps, xml }) },
            (e: unknown) => { if (current) setState({ xml, error: e instanceof Error ? e.message : String(e) }) });
        return () => { current = false };
    }, [libvirt, xml]);
    // a newer definition keeps the last answer until its own comes (the same query, as a rule)
    return state;
}

/** The caps with what `model` lacks here, when libvirt reports it unusable without saying why (one BaselineCPU call). */
export function useWithBlockers(caps: DomainCpuCaps | undefined, model: string | undefined): DomainCpuCaps | undefined {
    const libvirt = useInventory().libvirt;
    const [found, setFound] = useState<{ caps: DomainCpuCaps; model: string; blockers: string[] | undefined }>();
    const unexplained = caps?.models.some(m => m.name === model && m.usable === "no" && m.blockers === undefined) ? model : undefined;
    useEffect(() => {
        if (caps === undefined || unexplained === undefined) return undefined;
        let current = true;
        void readModelBlockers(libvirt, caps, unexplained).then(blockers => { if (current) setFound({ caps, model: unexplained, blockers }) });
        return () => { current = false };
    }, [libvirt, caps, unexplained]);
    return caps !== undefined && found !== undefined && found.caps === caps ? withBlockers(caps, found.model, found.blockers) : caps;
}
