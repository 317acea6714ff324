// The host's real-time throttling, read from /proc/sys/kernel (world-readable); undefined when the
// kernel has no such files (a container without them, another OS).
import type { RtThrottle } from "../model/host/rt-throttle.ts";
import { RT_PERIOD_PATH, RT_RUNTIME_PATH, parseRtThrottle } from "../model/host/rt-throttle.ts";
import { readText } from "./sysfs.ts";

export async function readRtThrottle(): Promise<RtThrottle | undefined> {
    const [runtime, period] = await Promise.all([readText(RT_RUNTIME_PATH), readText(RT_PERIOD_PATH)]);
    return parseRtThrottle(runtime, period);
}
