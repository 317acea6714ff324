// The host's transparent hugepage size (KiB), read once per page: the virtio-mem block size rule needs it.
import { useEffect, useState } from "react";
import { readThpSizeKiB } from "../host/thp.ts";

let cached: Promise<number | undefined> | undefined;

export function useThpSize(): number | undefined {
    const [kib, setKib] = useState<number>();
    useEffect(() => {
        let current = true;
        cached ??= readThpSizeKiB();
        void cached.then(v => { if (current) setKib(v) });
        return () => { current = false };
    }, []);
    return kib;
}
