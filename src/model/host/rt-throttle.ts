// The kernel's real-time throttling (/proc/sys/kernel/sched_rt_runtime_us and sched_rt_period_us): how
// much of each period real-time threads may take of a CPU before the kernel makes them wait, and what
// that means for a real-time vCPU.
import { _, format } from "../i18n.ts";

export const RT_RUNTIME_PATH = "/proc/sys/kernel/sched_rt_runtime_us";
export const RT_PERIOD_PATH = "/proc/sys/kernel/sched_rt_period_us";

export interface RtThrottle {
    /** µs of each period real-time threads may run; -1: no limit */
    runtimeUs: number;
    periodUs: number;
}

/** Both files' text -> the setting; undefined when either is missing or not a number. */
export function parseRtThrottle(runtime: string, period: string): RtThrottle | undefined {
    const r = runtime.trim();
    const p = period.trim();
    if (!/^-?\d+$/.test(r) || !/^\d+$/.test(p) || Number(p) <= 0)
        return undefined;
    return { runtimeUs: Number(r), periodUs: Number(p) };
}

export function unthrottled(t: RtThrottle): boolean {
    return t.runtimeUs < 0;
}

/** The setting in words, with what it does to a real-time vCPU. */
export function rtThrottleText(t: RtThrottle): string {
    if (unthrottled(t))
        return format(_("Real-time threads are not throttled (sched_rt_runtime_us is -1): a real-time vCPU that spins keeps its host CPU for as long as it likes, and the host's own threads on that CPU (kernel workers, RCU, the emulator) may starve. Give real-time vCPUs CPUs of their own and keep the host's work on others (period $0 µs)."),
                      t.periodUs);
    const share = Math.round(Math.min(t.runtimeUs, t.periodUs) * 1000 / t.periodUs) / 10;
    return format(_("Real-time threads may run $0 µs of every $1 µs ($2 %) on each CPU; then the kernel makes them wait for the rest of the period, so the host's other threads still run. A real-time vCPU that spins is paused that long each period: latency in the guest."),
                  t.runtimeUs, t.periodUs, share);
}
