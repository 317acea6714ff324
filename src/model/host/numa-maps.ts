// Where a process's memory sits, from /proc/PID/numa_maps: each mapping lists its resident pages per
// host node as N<node>=<pages>, in pages of kernelpagesize_kB. hugetlbfs mappings carry the word
// "huge" (transparent huge pages do not: they count as base pages there). Mappings with no page
// resident have no N entries and add nothing.
import type { NumaPlacement } from "../perf/types.ts";

export function parseNumaMaps(text: string): NumaPlacement {
    const kibByNode: Record<number, number> = {};
    const hugeKibByNode: Record<number, number> = {};
    for (const line of text.split("\n")) {
        const words = line.trim().split(/\s+/);
        const size = words.map(w => /^kernelpagesize_kB=(\d+)$/.exec(w)?.[1]).find(s => s !== undefined);
        // every kernel since 2.6.39 writes the page size; without it the base page is the best guess
        const pageKib = size === undefined ? 4 : Number(size);
        const huge = words.includes("huge");
        for (const word of words) {
            const m = /^N(\d+)=(\d+)$/.exec(word);
            if (m?.[1] === undefined || m[2] === undefined)
                continue;
            const node = Number(m[1]);
            const kib = Number(m[2]) * pageKib;
            kibByNode[node] = (kibByNode[node] ?? 0) + kib;
            if (huge)
                hugeKibByNode[node] = (hugeKibByNode[node] ?? 0) + kib;
        }
    }
    return { kibByNode, hugeKibByNode };
}
