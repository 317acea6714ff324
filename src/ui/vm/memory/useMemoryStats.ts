// Balloon statistics of a running VM, read every few seconds while the Memory tab is open. When the
// guest's statistics period is off, it is switched on (live only) and the tab says so.
import { useEffect, useState } from "react";
import type { DomainSnapshot } from "../../../libvirt/domain.ts";
import type { MemoryStats } from "../../../libvirt/memory-stats.ts";
import { readMemoryStats, setMemoryStatsPeriod } from "../../../libvirt/memory-stats.ts";
import { useInventory } from "../../useInventory.ts";

export const STATS_PERIOD = 2; // seconds between the guest's reports
const POLL_MS = 3000;

export interface BalloonStats {
    stats?: MemoryStats | undefined;
    /** the page turned the statistics period on (it was off) */
    enabled: boolean;
    error?: string | undefined;
}

export function useMemoryStats(vm: DomainSnapshot): BalloonStats {
    const inventory = useInventory();
    const [stats, setStats] = useState<MemoryStats>();
    const [enabled, setEnabled] = useState(false);
    const [error, setError] = useState<string>();
    const balloon = vm.live?.memballoon;
    const hasBalloon = vm.active && balloon !== undefined && balloon.model !== "none";
    const periodOff = hasBalloon && !balloon?.statsPeriod;
    const { path } = vm;

    // statistics off: turn them on for the running VM, then re-read it so the page knows
    useEffect(() => {
        if (!periodOff) return;
        let cancelled = false;
        setMemoryStatsPeriod(inventory.libvirt, path, STATS_PERIOD)
            .then(() => {
                if (cancelled) return;
                setEnabled(true);
                return inventory.reloadDomain(path);
            })
            .catch((e: unknown) => { if (!cancelled) setError(e instanceof Error ? e.message : String(e)) });
        return () => { cancelled = true };
    }, [inventory, path, periodOff]);

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

    return { stats, enabled, error };
}
