// The host's real-time throttling, read once per page (it changes only when root writes /proc/sys).
import { useEffect, useState } from "react";
import type { RtThrottle } from "../../../model/host/rt-throttle.ts";
import { readRtThrottle } from "../../../host/rt-throttle.ts";

let pending: Promise<RtThrottle | undefined> | undefined;

/** undefined while reading; null when the host does not say. */
export function useRtThrottle(): RtThrottle | null | undefined {
    const [value, setValue] = useState<RtThrottle | null>();
    useEffect(() => {
        let current = true;
        pending ??= readRtThrottle().catch(() => undefined);
        void pending.then(v => { if (current) setValue(v ?? null) });
        return () => { current = false };
    }, []);
    return value;
}
