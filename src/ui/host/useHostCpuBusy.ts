// Each host CPU's busy % from two readings of /proc/stat, every 5 s while the page is visible and the
// map mounted: where pins overlap, contention shows as busy CPUs. One file read per refresh.
import { useEffect, useState } from "react";
import type { HostCpuTimes } from "../../model/perf/types.ts";
import { hostCpuBusy } from "../../model/perf/rates.ts";
import { readHostCpuTimes } from "../../host/perf.ts";
import { useVisible } from "../vm/perf/useVisible.ts";

const REFRESH_MS = 5000;

export function useHostCpuBusy(): ReadonlyMap<number, number> | undefined {
    const visible = useVisible();
    const [busy, setBusy] = useState<ReadonlyMap<number, number>>();
    useEffect(() => {
        if (!visible) return;
        let cancelled = false;
        let timer: number | undefined;
        let prev: HostCpuTimes[] | undefined;
        const loop = () => {
            readHostCpuTimes()
                .then(next => {
                    if (cancelled) return;
                    if (prev) setBusy(hostCpuBusy(prev, next));
                    prev = next;
                }, () => undefined)
                .finally(() => {
                    if (!cancelled) timer = window.setTimeout(loop, REFRESH_MS);
                });
        };
        loop();
        return () => {
            cancelled = true;
            window.clearTimeout(timer);
        };
    }, [visible]);
    return busy;
}
