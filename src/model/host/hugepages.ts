// The host's hugepage pools as the kernel shows them: per node and page size in
// /sys/devices/system/node/nodeN/hugepages/hugepages-<size>kB/{nr,free,surplus}_hugepages, the
// reservations (global only) in /sys/kernel/mm/hugepages/…/resv_hugepages, the default size in
// /proc/meminfo and the hugetlbfs mounts (where QEMU can take the pages from) in /proc/mounts.
// The adapter reads them all in one `grep -H` ("path:line"), parsed here.
import type { KiB } from "../types.ts";

export interface HugePagePool {
    node: number;
    sizeKiB: KiB;
    total: number;
    free: number;
    surplus: number;
}

export interface HugetlbfsMount {
    path: string;
    pageSizeKiB: KiB;
}

export interface HostHugePages {
    /** per node x size, sorted node then size */
    pools: HugePagePool[];
    /** sizeKiB -> resv_hugepages (the kernel keeps reservations globally only) */
    reservedBySize: Record<number, number>;
    /** Hugepagesize of /proc/meminfo: the size of a hugetlbfs mount without pagesize= */
    defaultSizeKiB: KiB;
    /** hugetlbfs mounts from /proc/mounts */
    mounts: HugetlbfsMount[];
    /** each node's MemTotal and MemFree (KiB) from /sys/devices/system/node/nodeN/meminfo, when read */
    nodeMemory?: Record<number, { total: KiB; free: KiB }> | undefined;
}

export const NODE_HUGEPAGES = "/sys/devices/system/node";
export const GLOBAL_HUGEPAGES = "/sys/kernel/mm/hugepages";

const POOL_DIR = /^hugepages-(\d+)kB$/;
const NODE_FILE = /^\/sys\/devices\/system\/node\/node(\d+)\/hugepages\/hugepages-(\d+)kB\/(nr|free|surplus)_hugepages$/;
const NODE_MEMINFO = /^\/sys\/devices\/system\/node\/node(\d+)\/meminfo$/;
const NODE_MEMINFO_LINE = /^Node \d+ (MemTotal|MemFree):\s+(\d+)\s*kB/;
const GLOBAL_FILE = /^\/sys\/kernel\/mm\/hugepages\/hugepages-(\d+)kB\/(nr|free|surplus|resv)_hugepages$/;

/** The page size of a pool directory name ("hugepages-2048kB" → 2048), undefined for anything else. */
export function poolDirSize(name: string): KiB | undefined {
    const m = POOL_DIR.exec(name);
    return m ? Number(m[1]) : undefined;
}

/** Hugepagesize of /proc/meminfo in KiB; undefined when the kernel has no hugetlb. */
export function meminfoHugepagesize(text: string): KiB | undefined {
    const m = /^Hugepagesize:\s+(\d+)\s*kB\s*$/m.exec(text);
    return m ? Number(m[1]) : undefined;
}

/** hugetlbfs's pagesize= option ("2M", "1G", "1024M", "2048K", plain bytes) in KiB. */
export function mountPageSize(option: string): KiB | undefined {
    const m = /^(\d+)([KMGkmg]?)$/.exec(option);
    if (!m) return undefined;
    const n = Number(m[1]);
    switch ((m[2] ?? "").toUpperCase()) {
    case "K": return n;
    case "M": return n * 1024;
    case "G": return n * 1024 * 1024;
    default: return n % 1024 === 0 ? n / 1024 : undefined;
    }
}

// /proc/mounts escapes space, tab, newline and backslash as octal
function unescapeMountPath(path: string): string {
    return path.replace(/\\([0-7]{3})/g, (_whole, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The hugetlbfs mounts of /proc/mounts text; a mount without pagesize= has the default size. */
export function hugetlbfsMounts(mountsText: string, defaultSizeKiB: KiB): HugetlbfsMount[] {
    const mounts: HugetlbfsMount[] = [];
    for (const line of mountsText.split("\n")) {
        const fields = line.trim().split(/\s+/);
        if (fields.length < 4 || fields[2] !== "hugetlbfs")
            continue;
        const option = (fields[3] ?? "").split(",").find(o => o.startsWith("pagesize="));
        const size = option === undefined ? defaultSizeKiB : mountPageSize(option.slice("pagesize=".length));
        if (size !== undefined)
            mounts.push({ path: unescapeMountPath(fields[1] ?? ""), pageSizeKiB: size });
    }
    return mounts;
}

function count(value: string): number {
    const n = Number(value.trim());
    return Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * The whole reading from `grep -H '' FILES…` over the per-node and global pool files, /proc/meminfo
 * and /proc/mounts. A kernel without per-node pools (no NUMA) shows its global pools as node 0.
 */
export function parseHostHugePages(output: string): HostHugePages {
    const nodePools = new Map<string, HugePagePool>();
    const globalPools = new Map<string, HugePagePool>();
    const reservedBySize: Record<number, number> = {};
    const meminfo: string[] = [];
    const mountLines: string[] = [];
    const nodeMemory: Record<number, { total: KiB; free: KiB }> = {};
    const pool = (pools: Map<string, HugePagePool>, node: number, sizeKiB: KiB) => {
        const key = `${node}/${sizeKiB}`;
        let p = pools.get(key);
        if (!p) {
            p = { node, sizeKiB, total: 0, free: 0, surplus: 0 };
            pools.set(key, p);
        }
        return p;
    };
    const set = (p: HugePagePool, field: string, value: number) => {
        if (field === "nr") p.total = value;
        else if (field === "free") p.free = value;
        else if (field === "surplus") p.surplus = value;
    };
    for (const line of output.split("\n")) {
        const colon = line.indexOf(":");
        if (colon < 0) continue;
        const path = line.slice(0, colon);
        const value = line.slice(colon + 1);
        if (path === "/proc/meminfo") {
            meminfo.push(value);
            continue;
        }
        if (path === "/proc/mounts" || path === "/proc/self/mounts") {
            mountLines.push(value);
            continue;
        }
        const mem = NODE_MEMINFO.exec(path);
        if (mem) {
            const line = NODE_MEMINFO_LINE.exec(value);
            if (line) {
                const entry = nodeMemory[Number(mem[1])] ??= { total: 0, free: 0 };
                entry[line[1] === "MemTotal" ? "total" : "free"] = Number(line[2]);
            }
            continue;
        }
        const n = NODE_FILE.exec(path);
        if (n) {
            const node = Number(n[1]);
            const size = Number(n[2]);
            set(pool(nodePools, node, size), n[3] ?? "", count(value));
            continue;
        }
        const g = GLOBAL_FILE.exec(path);
        if (g) {
            const size = Number(g[1]);
            if (g[2] === "resv")
                reservedBySize[size] = count(value);
            else
                set(pool(globalPools, 0, size), g[2] ?? "", count(value));
        }
    }
    const pools = [...(nodePools.size > 0 ? nodePools.values() : globalPools.values())]
        .sort((a, b) => a.node - b.node || a.sizeKiB - b.sizeKiB);
    // a size the kernel offers always has a global directory, even with no reservation
    for (const p of globalPools.values())
        reservedBySize[p.sizeKiB] ??= 0;
    const defaultSizeKiB = meminfoHugepagesize(meminfo.join("\n")) ?? 0;
    const pages: HostHugePages = { pools, reservedBySize, defaultSizeKiB, mounts: hugetlbfsMounts(mountLines.join("\n"), defaultSizeKiB) };
    if (Object.keys(nodeMemory).length > 0)
        pages.nodeMemory = nodeMemory;
    return pages;
}

/** The page sizes the host offers (any node), ascending. */
export function hugePageSizes(pages: HostHugePages): KiB[] {
    const sizes = new Set<number>(pages.pools.map(p => p.sizeKiB));
    for (const key of Object.keys(pages.reservedBySize))
        sizes.add(Number(key));
    return [...sizes].sort((a, b) => a - b);
}

/** The pool of one node and size, if the kernel has it. */
export function poolOf(pages: HostHugePages, node: number, sizeKiB: KiB): HugePagePool | undefined {
    return pages.pools.find(p => p.node === node && p.sizeKiB === sizeKiB);
}

/** Free pages of a size over the given nodes (every node when `nodes` is undefined). */
export function freePages(pages: HostHugePages, sizeKiB: KiB, nodes?: readonly number[]): number {
    return pages.pools
        .filter(p => p.sizeKiB === sizeKiB && (nodes === undefined || nodes.includes(p.node)))
        .reduce((sum, p) => sum + p.free, 0);
}

/** The hugetlbfs mount of a page size, undefined when none: QEMU then cannot back memory with that size. */
export function mountFor(pages: HostHugePages, sizeKiB: KiB): HugetlbfsMount | undefined {
    return pages.mounts.find(m => m.pageSizeKiB === sizeKiB);
}

/** The mounts libvirt does not use (made after libvirtd started), given the mount paths it does. */
export function mountsNotUsed(pages: HostHugePages, used: ReadonlySet<string>): HugetlbfsMount[] {
    return pages.mounts.filter(m => !used.has(m.path));
}
