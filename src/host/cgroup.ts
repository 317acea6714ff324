// Which cgroup hierarchy the host runs decides the range of cpu_shares (v1: 2–262144, v2: 1–10000).
import cockpit from "cockpit";
import { cgroupVersion } from "../model/host/cgroup.ts";

export async function readCgroupVersion(): Promise<1 | 2 | undefined> {
    const file = cockpit.file("/proc/self/mounts");
    try {
        const text = await file.read();
        return text ? cgroupVersion(text) : undefined;
    } catch {
        return undefined;
    } finally {
        file.close();
    }
}
