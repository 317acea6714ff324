// The VMs as the host's memory views need them (hugepage pools, KSM): the definition that holds pages now
// (running) or will ask for them (next boot), and the host nodes each VM's memory is bound to.
import type { Vm } from "./vm.ts";
import { configOrLive } from "./vm.ts";
import type { HugePageUser, VmMemorySide } from "../host/hugepage-users.ts";
import { pageDemands } from "../rules/rules-backing.ts";
import type { KiB } from "../types.ts";
import { parseCpuset } from "../values/cpuset.ts";

export function memorySides(vms: readonly Vm[]): VmMemorySide[] {
    return vms.filter(vm => vm.connection.driver === "qemu")
        .map(vm => ({ name: vm.name, running: vm.active, tuning: vm.active ? vm.live : configOrLive(vm) }));
}

/** VMs whose memory is bound (strict or restrictive numatune) to host nodes: name → nodes. */
export function pinnedMemory(vms: readonly Vm[]): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const side of memorySides(vms)) {
        const n = side.tuning?.numatune;
        if (!n?.nodeset || n.placement === "auto" || (n.mode !== undefined && n.mode !== "strict" && n.mode !== "restrictive"))
            continue;
        try {
            out.set(side.name, parseCpuset(n.nodeset));
        } catch {
            // a nodeset libvirt accepted but this parser does not: not counted as pinned
        }
    }
    return out;
}

/**
 * Every VM's use of huge pages, by size and host nodes (one row per set of guest cells drawing on the
 * same nodes); VMs without <hugepages> do not appear. `hostNodes`: the nodes a VM with no binding
 * numatune may take pages from.
 */
export function hugePageUsers(vms: readonly VmMemorySide[], hostNodes: readonly number[], defaultSizeKiB: KiB): HugePageUser[] {
    const users: HugePageUser[] = [];
    for (const vm of vms)
        if (vm.tuning)
            for (const d of pageDemands(vm.tuning, hostNodes, defaultSizeKiB))
                users.push({ vm: vm.name, running: vm.running, sizeKiB: d.sizeKiB, pages: d.pages, nodes: d.nodes });
    return users.sort((a, b) => a.sizeKiB - b.sizeKiB || a.vm.localeCompare(b.vm));
}
