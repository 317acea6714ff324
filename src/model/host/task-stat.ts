// One thread's /proc/PID/task/TID/stat: "TID (comm) state ppid …", field 39 the CPU it last ran on.
// comm may hold spaces and parentheses ("CPU 0/KVM", "a) b"): it ends at the LAST ")".
import type { ThreadCpu } from "../perf/types.ts";

export function parseTaskStat(text: string): ThreadCpu | undefined {
    const open = text.indexOf("(");
    const close = text.lastIndexOf(")");
    if (open < 0 || close < open)
        return undefined;
    const tid = Number(text.slice(0, open).trim());
    // fields from 3 (state) on; field 39 is index 36
    const rest = text.slice(close + 1).trim().split(/\s+/);
    const lastCpu = Number(rest[36]);
    if (!Number.isInteger(tid) || tid <= 0 || rest[36] === undefined || !Number.isInteger(lastCpu))
        return undefined;
    return { tid, name: text.slice(open + 1, close), lastCpu };
}

/** The vCPU a QEMU thread runs ("CPU 3/KVM", "CPU 3/TCG"), or undefined for other threads. */
export function vcpuOfThread(name: string): number | undefined {
    const m = /^CPU (\d+)\//.exec(name);
    return m?.[1] === undefined ? undefined : Number(m[1]);
}
