// IOThreads: which IOThread each disk uses, for next boot (a define): the disks of a wanted change
// whose IOThread differs from the definition as read.
import type { Tuning } from "../types.ts";
import type { DesiredTuning } from "./plan-types.ts";

export type WantedDiskIothreads = NonNullable<DesiredTuning["diskIothreads"]>;

/** The disks whose IOThread changes; undefined when none does. */
export function diskIothreadChange(wanted: WantedDiskIothreads, config: Tuning): WantedDiskIothreads | undefined {
    const out = wanted.filter(w => (w.iothread ?? undefined) !== config.disks.find(d => d.target === w.target)?.iothread);
    return out.length > 0 ? out : undefined;
}
