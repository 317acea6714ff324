// cgroup cpu.stat of one group, as one shape whatever the cgroup version: v1 counts throttled time in
// ns (throttled_time), v2 in µs (throttled_usec) and adds usage_usec. A group without the cpu
// controller (v2) has no nr_* lines: it cannot have a quota, so it was never throttled (zeros).
import type { CpuStat } from "../perf/types.ts";

/** "key value" lines → numbers; lines that are not a key and a whole number are skipped. */
export function keyNumbers(text: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const line of text.split("\n")) {
        const m = /^\s*(\S+)\s+(\d+)\s*$/.exec(line);
        if (m?.[1] !== undefined && m[2] !== undefined)
            out.set(m[1], Number(m[2]));
    }
    return out;
}

export function parseCpuStat(text: string, version: 1 | 2): CpuStat {
    const values = keyNumbers(text);
    const throttledUsec = version === 1
        ? (values.get("throttled_time") ?? 0) / 1000
        : values.get("throttled_usec") ?? 0;
    return {
        periods: values.get("nr_periods") ?? 0,
        throttledPeriods: values.get("nr_throttled") ?? 0,
        throttledUsec,
        usageUsec: version === 2 ? values.get("usage_usec") : undefined,
    };
}
