// KSM's state and counters (libvirt's node memory parameters and sysfs run): read when shown, then
// every 10 s while the page is visible (the counters move as ksmd scans); reload() after a change.
import { useCallback, useMemo, useState } from "react";
import type { KsmState } from "../../model/host/ksm.ts";
import { readKsm } from "../../host/ksm.ts";
import { useInventory } from "../useInventory.ts";
import { useVisiblePoll } from "../useVisiblePoll.ts";

const REFRESH_MS = 10000;

export interface KsmReading {
    /** undefined until read; null: libvirt reports no KSM here */
    ksm?: KsmState | null | undefined;
    error?: string | undefined;
    reload(): void;
}

export function useKsm(): KsmReading {
    const inventory = useInventory();
    const [ksm, setKsm] = useState<KsmState | null>();
    const [error, setError] = useState<string>();
    const [generation, setGeneration] = useState(0);
    // a new connection or a reload starts the readings afresh
    const restart = useMemo(() => ({ inventory, generation }), [inventory, generation]);
    useVisiblePoll(async (_first, live) => {
        try {
            const state = await readKsm(inventory.libvirt);
            if (!live()) return;
            setKsm(state ?? null);
            setError(undefined);
        } catch (e) {
            if (live()) setError(e instanceof Error ? e.message : String(e));
        }
    }, REFRESH_MS, restart);
    const reload = useCallback(() => setGeneration(g => g + 1), []);
    return { ksm, error, reload };
}
