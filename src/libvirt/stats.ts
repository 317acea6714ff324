// libvirt's statistics for the Performance tab and the hot spots: one Domain.GetStats for the VM on
// screen, one Connect.GetAllDomainStats for every running VM at once (a constant number of D-Bus calls
// per refresh, whatever the VM count). Reading only.
import type { Libvirt } from "./client.ts";
import { toNumber, unwrapDict } from "./variant.ts";
import { GET_ALL_STATS_ACTIVE, STATS_CPU_TOTAL, STATS_IOTHREAD, STATS_NOWAIT, STATS_STATE, STATS_VCPU } from "../model/flags.ts";
import type { IothreadPoll } from "../model/types.ts";
import { iothreadPollFromStats } from "../model/vm/iothread-poll.ts";
import type { DomainCounters } from "../model/perf/types.ts";
import { domainCountersFromStats } from "../model/perf/domain-stats.ts";

const GROUPS = STATS_STATE | STATS_CPU_TOTAL | STATS_VCPU;

type StatValue = number | string | boolean;

/** a{sv} (each value a variant in a variant) → the flat record domainCountersFromStats reads. */
function statsRecord(dict: unknown): Record<string, StatValue> {
    const out: Record<string, StatValue> = {};
    for (const [key, value] of Object.entries(unwrapDict(dict))) {
        if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
            out[key] = value;
    }
    return out;
}

export async function readDomainStats(libvirt: Libvirt, path: string, name: string): Promise<DomainCounters> {
    const [dict] = await libvirt.domain(path, "GetStats", "uu", [GROUPS, STATS_NOWAIT]);
    return domainCountersFromStats(name, statsRecord(dict));
}

export async function readAllDomainStats(libvirt: Libvirt): Promise<DomainCounters[]> {
    const [records] = await libvirt.connect("GetAllDomainStats", "uu", [GROUPS, GET_ALL_STATS_ACTIVE | STATS_NOWAIT]);
    if (!Array.isArray(records))
        return [];
    const out: DomainCounters[] = [];
    for (const record of records) {
        if (Array.isArray(record) && typeof record[0] === "string")
            out.push(domainCountersFromStats(record[0], statsRecord(record[1])));
    }
    return out;
}

/** A running VM's IOThread polling (GetStats, IOTHREAD group): libvirt 9.0 keeps it in no XML. */
export async function readIothreadPoll(libvirt: Libvirt, path: string): Promise<IothreadPoll[]> {
    const [dict] = await libvirt.domain(path, "GetStats", "uu", [STATS_IOTHREAD, STATS_NOWAIT]);
    const record: Record<string, number> = {};
    for (const [key, value] of Object.entries(unwrapDict(dict))) {
        const n = toNumber(value);
        if (n !== undefined)
            record[key] = n;
    }
    return iothreadPollFromStats(record);
}
