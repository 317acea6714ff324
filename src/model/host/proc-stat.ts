// Host per-CPU times from /proc/stat: "cpuN user nice system idle iowait irq softirq steal guest guest_nice"
// in USER_HZ ticks. guest time is already inside user (the kernel adds it there), so it is not added again.
import type { HostCpuTimes } from "../perf/types.ts";

export function parseProcStat(text: string): HostCpuTimes[] {
    const out: HostCpuTimes[] = [];
    for (const line of text.split("\n")) {
        const m = /^cpu(\d+)\s+(.*)$/.exec(line.trim());
        if (m?.[1] === undefined || m[2] === undefined)
            continue;
        // older kernels write fewer columns: the missing ones are 0
        const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
            m[2].split(/\s+/).map(Number).map(n => Number.isFinite(n) ? n : 0);
        const busy = user + nice + system + irq + softirq + steal;
        out.push({ cpu: Number(m[1]), busy, total: busy + idle + iowait });
    }
    return out;
}
