// Thread scheduling per thread, as the card edits it (one policy per vCPU, IOThread and the emulator),
// back to libvirt's lists: an entry whose threads all keep its policy stays as written (its id set and
// place), the other threads with a policy are grouped by policy into new entries.
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { SchedPolicy, ThreadSched } from "../types.ts";

/** A thread's policy: undefined = the host's default (no entry). */
export interface ThreadPolicy {
    scheduler: SchedPolicy;
    priority?: number | undefined;
}

function idsOf(s: ThreadSched): number[] {
    try {
        return s.ids === undefined ? [] : parseCpuset(s.ids);
    } catch {
        return [];
    }
}

function samePolicy(a: ThreadPolicy | undefined, b: ThreadPolicy | undefined): boolean {
    return a?.scheduler === b?.scheduler && a?.priority === b?.priority;
}

/** The policy the list gives thread `id` (the first entry naming it, as libvirt would refuse two). */
export function policyOf(list: readonly ThreadSched[], id: number): ThreadPolicy | undefined {
    const s = list.find(e => idsOf(e).includes(id));
    if (s === undefined)
        return undefined;
    return s.priority === undefined ? { scheduler: s.scheduler } : { scheduler: s.scheduler, priority: s.priority };
}

/** The list for the wanted per-thread policies over threads `ids`. */
export function schedList(current: readonly ThreadSched[], ids: readonly number[], wanted: (id: number) => ThreadPolicy | undefined): ThreadSched[] {
    const out: ThreadSched[] = [];
    const covered = new Set<number>();
    for (const s of current) {
        const own = idsOf(s);
        const policy: ThreadPolicy = s.priority === undefined ? { scheduler: s.scheduler } : { scheduler: s.scheduler, priority: s.priority };
        if (own.length > 0 && own.every(id => !ids.includes(id) || samePolicy(wanted(id), policy)) && own.some(id => ids.includes(id))) {
            out.push(s);
            own.forEach(id => covered.add(id));
        }
    }
    const groups = new Map<string, { policy: ThreadPolicy; ids: number[] }>();
    for (const id of ids) {
        const p = wanted(id);
        if (p === undefined || covered.has(id))
            continue;
        const key = `${p.scheduler}/${p.priority ?? ""}`;
        const g = groups.get(key) ?? { policy: p, ids: [] };
        g.ids.push(id);
        groups.set(key, g);
    }
    for (const { policy, ids: group } of groups.values()) {
        const entry: ThreadSched = { ids: formatCpuset(group), scheduler: policy.scheduler };
        if (policy.priority !== undefined)
            entry.priority = policy.priority;
        out.push(entry);
    }
    return out;
}
