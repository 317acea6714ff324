// The host's hugepage pools and hugetlbfs mounts, read when the component mounts and again on
// reload() (after a change of a pool, or before a start that needs pages). No timer: the pools change
// only when someone writes them or a VM starts or stops, and the views that care reload then.
import { useCallback, useEffect, useState } from "react";
import type { HostHugePages } from "../../model/host/hugepages.ts";
import { readHostHugePages } from "../../host/hugepages.ts";

export interface HostHugePagesState {
    pages?: HostHugePages | undefined;
    error?: string | undefined;
    reload(): void;
}

export function useHostHugePages(): HostHugePagesState {
    const [generation, setGeneration] = useState(0);
    const [pages, setPages] = useState<HostHugePages>();
    const [error, setError] = useState<string>();
    useEffect(() => {
        let current = true;
        readHostHugePages().then(
            p => { if (current) { setPages(p); setError(undefined) } },
            (e: unknown) => { if (current) setError(e instanceof Error ? e.message : String(e)) });
        return () => { current = false };
    }, [generation]);
    // the last reading stays shown while the next one is under way
    const reload = useCallback(() => setGeneration(g => g + 1), []);
    return { pages, error, reload };
}
