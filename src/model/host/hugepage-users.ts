// Which VMs take pages from which pool, as rows of the host page: a VM with <memoryBacking><hugepages>
// takes its memory in pages of each listed size from the host nodes its numatune allows. Running VMs
// hold their pages now; shut-off ones will ask for them at their next start. The count itself is the
// rules' own (rules-backing.ts pageDemands, through model/vm/host-memory.ts hugePageUsers), so the
// host page and the Memory backing card never disagree.
import type { KiB, Tuning } from "../types.ts";
import type { HostHugePages } from "./hugepages.ts";
import { hugePageSizes, mountFor } from "./hugepages.ts";

export interface HugePageUser {
    vm: string;
    running: boolean;
    sizeKiB: KiB;
    /** pages of that size the VM's memory needs (its whole memory when one size covers it) */
    pages: number;
    /** the host nodes the pages may come from */
    nodes: number[];
}

export interface VmMemorySide {
    name: string;
    running: boolean;
    /** the running definition for a running VM, the next-boot one otherwise */
    tuning: Tuning | undefined;
}

/** The users of one pool: VMs of that size whose allowed nodes include the node. */
export function usersOfPool(users: readonly HugePageUser[], node: number, sizeKiB: KiB): HugePageUser[] {
    return users.filter(u => u.sizeKiB === sizeKiB && u.nodes.includes(node));
}

/** Sizes in use (a pool with pages, or a VM that asks for them) that no hugetlbfs mount offers:
 *  QEMU cannot take those pages, and such a VM does not start. */
export function sizesWithoutMount(pages: HostHugePages, users: readonly HugePageUser[]): KiB[] {
    return hugePageSizes(pages).filter(size => !mountFor(pages, size) &&
        (pages.pools.some(p => p.sizeKiB === size && p.total > 0) || users.some(u => u.sizeKiB === size)));
}
