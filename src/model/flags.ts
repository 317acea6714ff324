// The one place that knows libvirt's flag values (checked on libvirt 9.0.0, see shared notes).
import type { Scope } from "./types.ts";

export const AFFECT_CURRENT = 0;
export const AFFECT_LIVE = 1;
export const AFFECT_CONFIG = 2;

export const VCPU_MAXIMUM = 4;
export const VCPU_GUEST = 8;
export const VCPU_HOTPLUGGABLE = 16;

export const MEM_MAXIMUM = 4;

export const XML_SECURE = 1;
export const XML_INACTIVE = 2;

// virConnectListAllDomainsFlags
export const LIST_ACTIVE = 1;
export const LIST_INACTIVE = 2;

// virDomainEventType: 1 undefined
export const EVENT_UNDEFINED = 1;

// virDomainState, in the order of its values (GetState's first result indexes it)
export type DomainState = "nostate" | "running" | "blocked" | "paused" | "shutdown" | "shutoff" | "crashed" | "pmsuspended";
export const DOMAIN_STATES: readonly DomainState[] = ["nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended"];

export const NUMA_MODE_VALUE = { strict: 0, preferred: 1, interleave: 2, restrictive: 3 } as const;

export function scopeFlags(scope: Scope): number {
    switch (scope) {
    case "live": return AFFECT_LIVE;
    case "config": return AFFECT_CONFIG;
    case "both": return AFFECT_LIVE | AFFECT_CONFIG;
    }
}

export function scopeVirshArgs(scope: Scope): string {
    switch (scope) {
    case "live": return "--live";
    case "config": return "--config";
    case "both": return "--live --config";
    }
}

// virDomainStatsTypes (GetStats / GetAllDomainStats): the groups of statistics asked for
export const STATS_STATE = 1;
export const STATS_CPU_TOTAL = 2;
export const STATS_BALLOON = 4;
export const STATS_VCPU = 8;
/** iothread.count, iothread.<id>.poll-max-ns / poll-grow / poll-shrink */
export const STATS_IOTHREAD = 128;
// virConnectGetAllDomainStatsFlags: only running domains (a shut-off VM has nothing to measure);
// NOWAIT: a VM busy in a job (migration, dump) answers what it can at once instead of holding up the
// refresh of every VM (since libvirt 4.5; GetStats takes it too)
export const GET_ALL_STATS_ACTIVE = 1;
export const STATS_NOWAIT = 1 << 29;

// virConnectBaselineCPUFlags: list every feature of the baseline model, not only those beyond it
export const BASELINE_CPU_EXPAND_FEATURES = 1;
