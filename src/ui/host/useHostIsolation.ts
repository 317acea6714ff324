// The host's CPU isolation (kernel command line, sysfs, systemd's slices), read once when the host
// page opens: it changes only with a reboot or an administrator's systemctl.
import { useEffect, useState } from "react";
import type { IsolationSources } from "../../model/host/isolation.ts";
import { readIsolationSources } from "../../host/isolation.ts";

export interface IsolationReading {
    sources?: IsolationSources | undefined;
    error?: string | undefined;
}

export function useHostIsolation(): IsolationReading {
    const [reading, setReading] = useState<IsolationReading>({});
    useEffect(() => {
        let current = true;
        readIsolationSources().then(sources => { if (current) setReading({ sources }) },
                                    (e: unknown) => { if (current) setReading({ error: e instanceof Error ? e.message : String(e) }) });
        return () => { current = false };
    }, []);
    return reading;
}
