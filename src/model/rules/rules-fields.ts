// Field-level validators: the raw text a user typed -> a parsed value, or a Finding for that field.
// Pure: no cockpit, no I/O. Integers only ("1e9", "1.5", "0x10", "abc" are refused), sizes through units.ts.
import { _, format } from "../i18n.ts";
import type { Finding, KiB, SchedulerKey, Topology } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { parseSize } from "../values/units.ts";

/** The answer of a field validator: the parsed value (undefined = leave unset) or the finding. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; finding: Finding };

/** Which cgroup hierarchy the host runs: it bounds cpu_shares. */
export type CgroupVersion = "v1" | "v2";

export const SHARES_RANGE: Record<CgroupVersion, { min: number; max: number }> = {
    v1: { min: 2, max: 262144 },
    v2: { min: 1, max: 10000 },
};
export const PERIOD_MIN = 1000;
export const PERIOD_MAX = 1000000;
export const QUOTA_MIN = 1000;
export const QUOTA_MAX = 17592186044415;

export function error(field: string, message: string): Finding {
    return { field, severity: "error", message };
}

export function warning(field: string, message: string): Finding {
    return { field, severity: "warning", message };
}

function fail<T>(field: string, message: string): FieldResult<T> {
    return { ok: false, finding: error(field, message) };
}

// a plain decimal: ASCII digits, a minus sign where negatives mean something; no "+", no "0x", no "2e0"
const INTEGER = /^-?[0-9]+$/;

export interface IntegerOptions {
    min?: number;
    max?: number;
    /** when false (default), empty text gives value undefined (= leave unset) */
    required?: boolean;
}

/**
 * Parses a plain decimal integer (optional minus sign, ASCII digits only, surrounding spaces ignored):
 * "0x2", "2e0", "2.0" and "+2" are refused, as libvirt's own parsers would not take them all alike.
 * Empty text: an error when required, otherwise value undefined.
 */
export function parseIntegerField(field: string, text: string, options: IntegerOptions = {}): FieldResult<number | undefined> {
    const trimmed = text.trim();
    if (trimmed === "") {
        return options.required
            ? fail(field, _("A value is required: enter a whole number"))
            : { ok: true, value: undefined };
    }
    if (!INTEGER.test(trimmed))
        return fail(field, format(_("\"$0\" is not a whole number: enter digits only, without units, decimals or exponents"), trimmed));
    const value = Number(trimmed);
    const { min, max } = options;
    if (!Number.isSafeInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
        if (min !== undefined && max !== undefined)
            return fail(field, format(_("$0 is out of range: enter a value from $1 to $2"), trimmed, min, max));
        if (min !== undefined)
            return fail(field, format(_("$0 is too small: enter at least $1"), trimmed, min));
        if (max !== undefined)
            return fail(field, format(_("$0 is too large: enter at most $1"), trimmed, max));
        return fail(field, format(_("$0 is too large"), trimmed));
    }
    return { ok: true, value: value === 0 ? 0 : value }; // no -0
}

/** cpu_shares: 2–262144 on cgroup v1, 1–10000 (cpu.weight) on cgroup v2. */
export function parseSharesField(text: string, cgroup: CgroupVersion, required = false, field = "shares"): FieldResult<number | undefined> {
    const range = SHARES_RANGE[cgroup];
    const result = parseIntegerField(field, text, { required });
    if (!result.ok || result.value === undefined)
        return result;
    if (result.value < range.min || result.value > range.max) {
        return fail(field, cgroup === "v1"
            ? format(_("CPU shares must be from $0 to $1 on this host (cgroup v1)"), range.min, range.max)
            : format(_("CPU shares must be from $0 to $1 on this host (cgroup v2 cpu.weight)"), range.min, range.max));
    }
    return result;
}

/** A period in µs: 1000–1000000, or 0 (unset). */
export function parsePeriodField(field: string, text: string, required = false): FieldResult<number | undefined> {
    const result = parseIntegerField(field, text, { required });
    if (!result.ok || result.value === undefined || result.value === 0)
        return result;
    if (result.value < PERIOD_MIN || result.value > PERIOD_MAX)
        return fail(field, format(_("A period must be from $0 to $1 microseconds, or 0 to leave it unset"), PERIOD_MIN, PERIOD_MAX));
    return result;
}

/** A quota in µs: 1000–17592186044415, negative or "unlimited" (-1) for no limit, 0 (unset). */
export function parseQuotaField(field: string, text: string, required = false): FieldResult<number | undefined> {
    if (text.trim().toLowerCase() === "unlimited")
        return { ok: true, value: -1 };
    const result = parseIntegerField(field, text, { required });
    if (!result.ok || result.value === undefined || result.value <= 0)
        return result;
    if (result.value < QUOTA_MIN || result.value > QUOTA_MAX) {
        return fail(field, format(_("A quota must be from $0 to $1 microseconds, negative or \"unlimited\" for no limit, or 0 to leave it unset"),
                                  QUOTA_MIN, QUOTA_MAX));
    }
    return result;
}

/** Dispatches on the scheduler key: shares, *_period or *_quota. */
export function parseSchedulerField(key: SchedulerKey, text: string, cgroup: CgroupVersion, required = false): FieldResult<number | undefined> {
    if (key === "shares")
        return parseSharesField(text, cgroup, required, key);
    if (key.endsWith("period"))
        return parsePeriodField(key, text, required);
    return parseQuotaField(key, text, required);
}

export interface SizeOptions {
    required?: boolean;
    /** unit for a bare number, as units.ts understands it (e.g. "KiB"); MiB when absent, like units.ts */
    defaultUnit?: string;
    /** smallest accepted value in KiB */
    min?: KiB;
    max?: KiB;
    /** accept "unlimited" / "-1" (memtune) giving MEMTUNE_UNLIMITED */
    unlimited?: boolean;
}

/** A size such as "512 MiB", "4G" or "1024" (defaultUnit, MiB unless given) -> KiB. */
export function parseSizeField(field: string, text: string, options: SizeOptions = {}): FieldResult<KiB | undefined> {
    const trimmed = text.trim();
    if (trimmed === "") {
        return options.required
            ? fail(field, _("A size is required, for example 512 MiB or 4 GiB"))
            : { ok: true, value: undefined };
    }
    if (options.unlimited && (trimmed.toLowerCase() === "unlimited" || trimmed === "-1"))
        return { ok: true, value: MEMTUNE_UNLIMITED };
    let kib: KiB;
    try {
        kib = parseSize(trimmed, options.defaultUnit ?? "MiB");
    } catch (e) {
        return fail(field, e instanceof Error ? e.message : String(e));
    }
    if (options.min !== undefined && kib < options.min)
        return fail(field, format(_("$0 is too small: enter at least $1 KiB"), trimmed, options.min));
    if (options.max !== undefined && kib > options.max)
        return fail(field, format(_("$0 is too large: enter at most $1 KiB"), trimmed, options.max));
    return { ok: true, value: kib };
}

export const TOPOLOGY_KEYS = ["sockets", "dies", "cores", "threads"] as const;
/** The most vCPUs libvirt's QEMU driver allows (and so the most of each topology level). */
export const MAX_TOPOLOGY_LEVEL = 16384;

/**
 * The four topology fields as typed: each a plain decimal integer of at least 1, required (an empty
 * field is an error with its reason, never a silent 1). The topology only when all four are valid.
 */
export function parseTopologyFields(texts: Record<typeof TOPOLOGY_KEYS[number], string>): { topology?: Topology; findings: Finding[] } {
    const findings: Finding[] = [];
    const out: Partial<Topology> = {};
    for (const key of TOPOLOGY_KEYS) {
        const r = parseIntegerField(`topology.${key}`, texts[key], { required: true, min: 1, max: MAX_TOPOLOGY_LEVEL });
        if (!r.ok)
            findings.push(r.finding);
        else if (r.value !== undefined)
            out[key] = r.value;
    }
    if (findings.length > 0)
        return { findings };
    return { topology: out as Topology, findings };
}

/** The balloon statistics period in seconds: 0 (off) to libvirt's int maximum; required. */
export function parseStatsPeriodField(text: string, field = "memballoon.period"): FieldResult<number | undefined> {
    return parseIntegerField(field, text, { required: true, min: 0, max: 2147483647 });
}

/** Collects the findings of several field results. */
export function findingsOf(...results: FieldResult<unknown>[]): Finding[] {
    return results.flatMap(r => r.ok ? [] : [r.finding]);
}
