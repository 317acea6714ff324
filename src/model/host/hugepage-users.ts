// Which VMs take pages from which pool: a VM with <memoryBacking><hugepages> takes its memory in
// pages of each listed size (the host's default size for <hugepages/>), from the host nodes its
// numatune allows (any node without one). Running VMs hold their pages now; shut-off ones will ask
// for them at their next start.
import type { KiB, Tuning } from "../types.ts";
import { parseCpuset } from "../values/cpuset.ts";
import type { HostHugePages } from "./hugepages.ts";
import { hugePageSizes, mountFor } from "./hugepages.ts";

export interface HugePageUser {
    vm: string;
    running: boolean;
    sizeKiB: KiB;
    /** pages of that size the VM's memory needs (its whole memory when one size covers it) */
    pages: number;
    /** the host nodes the pages may come from; undefined: any node */
    nodes?: number[] | undefined;
}

export interface VmMemorySide {
    name: string;
    running: boolean;
    /** the running definition for a running VM, the next-boot one otherwise */
    tuning: Tuning | undefined;
}

function allowedNodes(tuning: Tuning): number[] | undefined {
    const nodeset = tuning.numatune.nodeset;
    if (nodeset === undefined || tuning.numatune.placement === "auto")
        return undefined;
    try {
        return parseCpuset(nodeset);
    } catch {
        return undefined;
    }
}

/** Every VM's use of huge pages, by size; VMs without <hugepages> do not appear. */
export function hugePageUsers(vms: readonly VmMemorySide[], defaultSizeKiB: KiB): HugePageUser[] {
    const users: HugePageUser[] = [];
    for (const vm of vms) {
        const t = vm.tuning;
        if (!t || t.hugepages.length === 0) continue;
        const nodes = allowedNodes(t);
        // several <page> elements split the memory by guest cell; one size without a nodeset covers all
        const sizes = new Map<number, KiB>();
        const cellsMemory = (nodeset: string | undefined): KiB => {
            if (nodeset === undefined) return t.memory;
            try {
                const ids = parseCpuset(nodeset);
                return t.cpu.cells.filter(c => ids.includes(c.id)).reduce((sum, c) => sum + c.memory, 0);
            } catch {
                return 0;
            }
        };
        for (const page of t.hugepages) {
            const size = page.size === 0 ? defaultSizeKiB : page.size;
            if (size <= 0) continue;
            sizes.set(size, (sizes.get(size) ?? 0) + cellsMemory(page.nodeset));
        }
        for (const [sizeKiB, memory] of sizes)
            users.push({ vm: vm.name, running: vm.running, sizeKiB, pages: Math.ceil(memory / sizeKiB), nodes });
    }
    return users.sort((a, b) => a.sizeKiB - b.sizeKiB || a.vm.localeCompare(b.vm));
}

/** The users of one pool: VMs of that size whose allowed nodes include the node. */
export function usersOfPool(users: readonly HugePageUser[], node: number, sizeKiB: KiB): HugePageUser[] {
    return users.filter(u => u.sizeKiB === sizeKiB && (u.nodes === undefined || u.nodes.includes(node)));
}

/** Sizes in use (a pool with pages, or a VM that asks for them) that no hugetlbfs mount offers:
 *  QEMU cannot take those pages, and such a VM does not start. */
export function sizesWithoutMount(pages: HostHugePages, users: readonly HugePageUser[]): KiB[] {
    return hugePageSizes(pages).filter(size => !mountFor(pages, size) &&
        (pages.pools.some(p => p.sizeKiB === size && p.total > 0) || users.some(u => u.sizeKiB === size)));
}
