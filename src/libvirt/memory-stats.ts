// Balloon statistics (virsh dommemstat): MemoryStats `u → a{it}` keyed by libvirt's
// virDomainMemoryStatTags numbers. Reading only: the statistics period is set by a reviewed plan step
// (Op "memstat-period", SetMemoryStatsPeriod), never by looking at the page.
import type { Libvirt } from "./client.ts";
import { toNumber } from "./variant.ts";

/** KiB, except the fault counters (counts) and lastUpdate (seconds since the epoch). */
export interface MemoryStats {
    swapIn?: number;
    swapOut?: number;
    majorFault?: number;
    minorFault?: number;
    unused?: number;
    available?: number;
    actual?: number;
    rss?: number;
    usable?: number;
    lastUpdate?: number;
    diskCaches?: number;
    hugetlbPgalloc?: number;
    hugetlbPgfail?: number;
}

/** VIR_DOMAIN_MEMORY_STAT_* (libvirt-domain.h) → our names. */
const TAGS: Record<number, keyof MemoryStats> = {
    0: "swapIn",
    1: "swapOut",
    2: "majorFault",
    3: "minorFault",
    4: "unused",
    5: "available",
    6: "actual",
    7: "rss",
    8: "usable",
    9: "lastUpdate",
    10: "diskCaches",
    11: "hugetlbPgalloc",
    12: "hugetlbPgfail",
};

/** a{it} as cockpit.js hands it over (an object with the tag numbers as keys) → typed stats. */
export function memoryStatsFromDbus(dict: unknown): MemoryStats {
    const out: MemoryStats = {};
    if (typeof dict !== "object" || dict === null)
        return out;
    for (const [tag, value] of Object.entries(dict)) {
        const name = TAGS[Number(tag)];
        const n = toNumber(value);
        if (name !== undefined && n !== undefined)
            out[name] = n;
    }
    return out;
}

export async function readMemoryStats(libvirt: Libvirt, path: string): Promise<MemoryStats> {
    const [dict] = await libvirt.domain(path, "MemoryStats", "u", [0]);
    return memoryStatsFromDbus(dict);
}
