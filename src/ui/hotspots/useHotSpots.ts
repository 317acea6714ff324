// The hot spots' readings: one GetAllDomainStats for every running VM every REFRESH_MS, only while
// the page is visible and the card mounted (no timer, no read otherwise). A read starts after the
// previous one ended. Each refresh is one D-Bus call whatever the number of VMs; the VMs' quotas come
// from the inventory the page already holds (kept current by libvirt's signals), not from more calls.
import { useMemo, useRef, useState } from "react";
import cockpit from "cockpit";
import type { DomainCounters } from "../../model/perf/types.ts";
import type { HotSpot } from "../../model/perf/hotspots.ts";
import { hotSpots } from "../../model/perf/hotspots.ts";
import type { SchedulerParams } from "../../model/types.ts";
import { readAllDomainStats } from "../../libvirt/stats.ts";
import { useInventory, useInventoryState } from "../useInventory.ts";
import { useVisiblePoll } from "../useVisiblePoll.ts";

export const REFRESH_MS = 5000;

export interface HotSpotsState {
    /** undefined until two readings exist */
    spots?: HotSpot[] | undefined;
    /** running VMs in the last reading */
    running?: number | undefined;
    /** readings made so far */
    readings: number;
    error?: string | undefined;
}

interface Reading {
    at: number;
    stats: DomainCounters[];
}

export function useHotSpots(): HotSpotsState {
    const inventory = useInventory();
    const { domains } = useInventoryState();
    const [state, setState] = useState<{ prev?: Reading | undefined; next?: Reading | undefined; readings: number; error?: string | undefined }>({ readings: 0 });
    const last = useRef<Reading | undefined>(undefined);
    const { libvirt } = inventory;

    useVisiblePoll(async (first, live) => {
        // after a hidden spell the next figures would average over it: start the pair again
        if (first) last.current = undefined;
        try {
            const stats = await readAllDomainStats(libvirt);
            if (!live()) return;
            const reading = { at: Date.now(), stats };
            const prev = last.current;
            last.current = reading;
            setState(s => ({ prev, next: reading, readings: s.readings + 1 }));
        } catch (e) {
            if (live()) setState(s => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
        }
    }, REFRESH_MS, libvirt);

    const sched = useMemo(() => new Map<string, SchedulerParams | undefined>(domains.filter(d => d.active).map(d => [d.name, d.sched])), [domains]);
    const spots = useMemo(() => state.prev && state.next
        ? hotSpots({ prev: state.prev.stats, next: state.next.stats, spanMs: state.next.at - state.prev.at, sched }, { minPct: 0 })
        : undefined, [state.prev, state.next, sched]);
    return {
        spots,
        running: state.next?.stats.length,
        readings: state.readings,
        error: state.error === undefined ? undefined : cockpit.format(cockpit.gettext("Could not read the statistics: $0"), state.error),
    };
}
