// Each host CPU's busy % from two readings of /proc/stat, every 5 s while the page is visible and the
// map mounted: where pins overlap, contention shows as busy CPUs. One file read per refresh.
import { useRef, useState } from "react";
import type { HostCpuTimes } from "../../model/perf/types.ts";
import { hostCpuBusy } from "../../model/perf/rates.ts";
import { readHostCpuTimes } from "../../host/perf.ts";
import { useVisiblePoll } from "../useVisiblePoll.ts";

const REFRESH_MS = 5000;

export function useHostCpuBusy(): ReadonlyMap<number, number> | undefined {
    const [busy, setBusy] = useState<ReadonlyMap<number, number>>();
    const prev = useRef<HostCpuTimes[] | undefined>(undefined);
    useVisiblePoll(async (first, live) => {
        if (first) prev.current = undefined;
        const next = await readHostCpuTimes().catch(() => undefined);
        if (!live() || !next) return;
        if (prev.current) setBusy(hostCpuBusy(prev.current, next));
        prev.current = next;
    }, REFRESH_MS);
    return busy;
}
