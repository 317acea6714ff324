// Balloon statistics of a running VM, read every few seconds while the Memory tab is open. Reading
// only: the guest's statistics period is changed through the Memory card's reviewed plan, never here.
import { useEffect, useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { MemoryStats } from "../../../libvirt/memory-stats.ts";
import { readMemoryStats } from "../../../libvirt/memory-stats.ts";
import { useInventory } from "../../useInventory.ts";

/** the period the page suggests when statistics are off */
export const STATS_PERIOD = 2;
const POLL_MS = 3000;

export interface BalloonStats {
    stats?: MemoryStats | undefined;
    /** the running VM's statistics period in seconds; 0 when off */
    period: number;
    error?: string | undefined;
}

export function useMemoryStats(vm: Vm): BalloonStats {
    const inventory = useInventory();
    const [stats, setStats] = useState<MemoryStats>();
    const [error, setError] = useState<string>();
    const balloon = vm.live?.memballoon;
    const hasBalloon = vm.active && balloon !== undefined && balloon.model !== "none";
    const period = balloon?.statsPeriod ?? 0;
    const { path } = vm;

    useEffect(() => {
        if (!hasBalloon) {
            setStats(undefined);
            return;
        }
        let cancelled = false;
        const read = () => {
            readMemoryStats(inventory.libvirt, path)
                .then(s => { if (!cancelled) { setStats(s); setError(undefined) } })
                .catch((e: unknown) => { if (!cancelled) setError(e instanceof Error ? e.message : String(e)) });
        };
        read();
        const timer = setInterval(read, POLL_MS);
        return () => {
            cancelled = true;
            clearInterval(timer);
        };
    }, [inventory, path, hasBalloon]);

    return { stats, period, error };
}
