// Rules libvirt applies to the whole next-boot definition (at define, or when a config call stores it),
// checked on what the plan would leave: the guest NUMA cells against the maximum vCPUs, the topology
// against it, per-cell memory nodes against automatic placement and mode restrictive, and vCPU counts
// of a VM whose enabled vCPUs are not 0 … n-1. Each refusal gives libvirt's reason in words (and its
// message where it has one), so no plan is made that libvirt refuses, ignores or applies differently.
import { _, format } from "../i18n.ts";
import { formatCpuset } from "../values/cpuset.ts";
import type { Finding, GuestCell, Tuning, VcpuState } from "../types.ts";
import type { DesiredTuning } from "./plan-types.ts";
import { refusal } from "./plan-ops.ts";
import { cellVcpus, checkMemnodeModes } from "../rules/rules-numa.ts";
import { topologyProduct } from "../rules/rules-cpu.ts";

/** The enabled vCPUs of a definition listing them (<vcpus>), or undefined when they are 0 … current-1
 *  (or not listed): then setvcpus and a define's count do what they say. */
export function scatteredVcpus(vcpus: readonly VcpuState[], current: number): number[] | undefined {
    if (vcpus.length === 0)
        return undefined;
    const enabled = vcpus.filter(v => v.enabled).map(v => v.id).sort((a, b) => a - b);
    const contiguous = enabled.length === current && enabled.every((id, i) => id === i);
    return contiguous ? undefined : enabled;
}

function scatteredRefusal(field: string, enabled: number[]): Finding {
    return refusal(field, format(_("This VM's enabled vCPUs are $0, not 0 to $1 in order: libvirt ignores a new count in a definition, refuses to lower the maximum below a listed vCPU, and setvcpus enables or disables other vCPUs than these, so the change could not be undone exactly. Change single vCPUs with virsh setvcpu"),
                                 formatCpuset(enabled), enabled.length - 1));
}

/** vCPU counts on a side whose enabled vCPUs are scattered (0, 4, 5): refused. */
function vcpuCountRefusals(d: DesiredTuning, side: Tuning, field: string): Finding[] {
    const changes = (d.vcpus?.current !== undefined && d.vcpus.current !== side.vcpu.current) ||
        (d.vcpus?.max !== undefined && d.vcpus.max !== side.vcpu.max);
    if (!changes)
        return [];
    const enabled = scatteredVcpus(side.vcpus, side.vcpu.current);
    return enabled === undefined ? [] : [scatteredRefusal(field, enabled)];
}

function cellRefusals(cells: GuestCell[], max: number): Finding[] {
    let total = 0;
    let highest = -1;
    for (const c of cells) {
        let ids: number[];
        try {
            ids = cellVcpus(c.cpus);
        } catch {
            continue; // libvirt's define judges a list that does not parse (its error shown verbatim)
        }
        total += ids.length;
        highest = Math.max(highest, ...ids);
    }
    if (total > max) {
        return [refusal("cells", format(_("The guest NUMA cells name $0 vCPUs but the maximum is $1 (libvirt: \"Number of CPUs in <numa> exceeds the <vcpu> count\"): take vCPUs out of the cells first, or keep the maximum"),
                                        total, max))];
    }
    if (highest >= max) {
        return [refusal("cells", format(_("The guest NUMA cells name vCPU $0 but the maximum is $1 (libvirt: \"CPU IDs in <numa> exceed the <vcpu> count\"): take it out of the cells first, or keep the maximum"),
                                        highest, max))];
    }
    return [];
}

/** What libvirt would refuse in the next-boot definition the plan leaves (`config`: as read). */
export function nextBootRefusals(d: DesiredTuning, config: Tuning): Finding[] {
    const out: Finding[] = [...vcpuCountRefusals(d, config, "vcpu.current")];
    const max = d.vcpus?.max ?? config.vcpu.max;
    const maxChanges = max !== config.vcpu.max;
    // the counts go in a define when topology or cells are involved (plan.ts); beside a <vcpus> list
    // libvirt ignores a new current count there and refuses a maximum below a listed vCPU
    const byDefine = config.cpu.topology !== undefined || config.cpu.cells.length > 0 || d.topology !== undefined || d.cells !== undefined;
    if (out.length === 0 && byDefine && config.vcpus.length > 0 && maxChanges) {
        out.push(refusal("vcpu.max", _("This VM lists its vCPUs one by one (<vcpus>): a definition with another maximum keeps that list, which libvirt then refuses or reads as other vCPUs. Change the count with virsh setvcpus, then edit the topology or cells")));
    }
    const cells = d.cells ?? config.cpu.cells;
    if (maxChanges || d.cells !== undefined)
        out.push(...cellRefusals(cells, max));
    const topology = d.topology ?? config.cpu.topology;
    if (topology !== undefined && (maxChanges || d.topology !== undefined) && topologyProduct(topology) !== max) {
        out.push(refusal("topology", format(_("The topology gives $0 vCPUs ($1 sockets × $2 dies × $3 cores × $4 threads) but the maximum is $5: make them equal"),
                                            topologyProduct(topology), topology.sockets, topology.dies, topology.cores, topology.threads, max)));
    }
    if (d.memnodes !== undefined || d.numatune !== undefined) {
        const mode = d.numatune?.mode ?? config.numatune.mode ?? "strict";
        // a nodeset makes the placement static (the numatune call does; the LXC define writes it)
        const placement = d.numatune?.nodeset !== undefined ? "static" : config.numatune.placement;
        out.push(...checkMemnodeModes(d.memnodes ?? config.numatune.memnodes, mode, placement));
    }
    return out;
}

/** vCPU counts on the running VM whose enabled vCPUs are scattered: refused (setvcpus would pick others). */
export function liveRefusals(d: DesiredTuning, live: Tuning): Finding[] {
    const current = d.vcpus?.current;
    if (current === undefined || current === live.vcpu.current)
        return [];
    const enabled = scatteredVcpus(live.vcpus, live.vcpu.current);
    return enabled === undefined ? [] : [scatteredRefusal("vcpu.current", enabled)];
}
