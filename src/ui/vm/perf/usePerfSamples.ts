// The Performance tab's readings of one running VM: every 3 s while the tab is mounted and the page
// visible, nothing otherwise (no timer, no read). A read starts only after the previous one ended, so
// two never overlap on a slow host. Per refresh: one GetStats call, one pid file read and one spawn
// (src/host/perf.ts); numa_maps, whose reading walks the whole QEMU memory map, every 10th refresh.
// Reading only: nothing here changes a VM.
import { useEffect, useRef, useState } from "react";
import cockpit from "cockpit";
import type { Vm } from "../../../model/vm/vm.ts";
import type { NumaPlacement, PerfRates, PerfSample } from "../../../model/perf/types.ts";
import type { Series } from "../../../model/perf/series.ts";
import { appendRates } from "../../../model/perf/series.ts";
import { perfRates } from "../../../model/perf/rates.ts";
import { readDomainStats } from "../../../libvirt/stats.ts";
import { readVmHostCounters } from "../../../host/perf.ts";
import type { VmHostCounters } from "../../../host/perf.ts";
import { useInventory } from "../../useInventory.ts";
import { useVisible } from "../../useVisible.ts";

export const POLL_MS = 3000;
const NUMA_EVERY = 10;

export interface PerfSamples {
    latest?: PerfSample | undefined;
    /** between the last two readings (undefined after a restart until the next one) */
    rates?: PerfRates | undefined;
    /** the last 5 minutes of rates, oldest first */
    series: Series;
    /** readings made so far (for tests and the status line) */
    samples: number;
    error?: string | undefined;
}

function message(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

export function usePerfSamples(vm: Vm): PerfSamples {
    const { libvirt } = useInventory();
    const visible = useVisible();
    const [state, setState] = useState<PerfSamples>({ series: [], samples: 0 });
    // the previous reading and the refresh count outlive a hidden spell, not a change of VM
    const previous = useRef<PerfSample | undefined>(undefined);
    const count = useRef(0);
    // numa_maps is read every NUMA_EVERY refreshes; in between the last placement of the same process stands
    const lastNuma = useRef<{ pid: number; numa: NumaPlacement } | undefined>(undefined);
    const { path, name, active } = vm;
    const { driver, session } = vm.connection;

    // another VM, or this one stopped: nothing read before counts
    useEffect(() => {
        previous.current = undefined;
        lastNuma.current = undefined;
        count.current = 0;
        setState({ series: [], samples: 0 });
    }, [libvirt, path, name, active]);

    useEffect(() => {
        if (!active || !visible)
            return;
        let cancelled = false;
        let timer: number | undefined;
        // after a hidden spell the next rates would average over it: start the pair again
        previous.current = undefined;

        const read = async () => {
            const n = count.current++;
            const started = Date.now();
            const numaDue = n % NUMA_EVERY === 0 || lastNuma.current === undefined;
            const host: Promise<VmHostCounters | Error | undefined> = driver === "test" || session
                ? Promise.resolve(undefined)
                : readVmHostCounters(name, driver, { numa: numaDue }).catch((e: unknown) => new Error(message(e)));
            const [domain, counters] = await Promise.all([readDomainStats(libvirt, path, name), host]);
            const prev = previous.current;
            const hostErrors = counters instanceof Error ? [counters.message] : counters?.errors ?? [];
            const got = counters instanceof Error ? undefined : counters;
            if (got?.numa)
                lastNuma.current = { pid: got.pid, numa: got.numa };
            else if (got && lastNuma.current?.pid !== got.pid)
                lastNuma.current = undefined; // restarted: read the new process's placement next time
            const sample: PerfSample = {
                // the counters were read somewhere between asking and the answer: the middle is the best guess
                at: (started + Date.now()) / 2,
                pid: got?.pid,
                domain,
                groups: got?.groups ?? [],
                threads: got?.threads,
                numa: got && lastNuma.current?.pid === got.pid ? lastNuma.current.numa : undefined,
                errors: hostErrors.length > 0 ? hostErrors : undefined,
            };
            if (cancelled)
                return;
            previous.current = sample;
            const rates = prev ? perfRates(prev, sample) : undefined;
            setState(s => ({
                latest: sample,
                rates,
                series: rates ? appendRates(s.series, rates) : s.series,
                samples: s.samples + 1,
            }));
        };
        const loop = () => {
            read()
                .catch((e: unknown) => {
                    if (!cancelled)
                        setState(s => ({ ...s, error: cockpit.format(cockpit.gettext("Could not read the statistics: $0"), message(e)) }));
                })
                .finally(() => {
                    if (!cancelled)
                        timer = window.setTimeout(loop, POLL_MS);
                });
        };
        loop();
        return () => {
            cancelled = true;
            window.clearTimeout(timer);
        };
    }, [libvirt, path, name, driver, session, active, visible]);

    return state;
}
