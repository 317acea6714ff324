// The scheduling policy each thread of a running VM's QEMU has now, from /proc/PID/task/TID/stat
// (field 40 rt_priority, field 41 policy, counted after the command name in parentheses, which may
// hold spaces and parentheses itself): what libvirt set at start, or what someone changed since.
import { _, format } from "../i18n.ts";
import type { SchedPolicy } from "../types.ts";
import { classifyThread } from "../placement/affinity.ts";

/** Linux's SCHED_* numbers; "other" is the normal time-sharing scheduler. */
export type LivePolicy = SchedPolicy | "other" | "deadline";
const POLICIES: Record<number, LivePolicy> = { 0: "other", 1: "fifo", 2: "rr", 3: "batch", 5: "idle", 6: "deadline" };

export interface TaskSched {
    tid: number;
    name: string;
    /** undefined: a number this code does not know */
    policy: LivePolicy | undefined;
    priority: number;
}

const LINE = /^\/proc\/\d+\/task\/(\d+)\/stat:(\d+) \((.*)\) (.*)$/;

/** `grep -H "" /proc/PID/task/TID/stat` output -> each thread's policy, by ascending tid. */
export function parseTaskSched(output: string): TaskSched[] {
    const out: TaskSched[] = [];
    for (const line of output.split("\n")) {
        const m = LINE.exec(line.replace(/\r$/, ""));
        if (!m)
            continue;
        // the rest starts at field 3 (state): rt_priority is field 40, policy field 41
        const rest = (m[4] ?? "").trim().split(/\s+/);
        const priority = Number(rest[40 - 3]);
        const policy = Number(rest[41 - 3]);
        if (!Number.isSafeInteger(priority) || !Number.isSafeInteger(policy))
            continue;
        out.push({ tid: Number(m[1]), name: m[3] ?? "", policy: POLICIES[policy], priority });
    }
    return out.sort((a, b) => a.tid - b.tid);
}

/** The policy of each thread the scheduling card lists: vcpu-N, iothread-N, emulator (QEMU's main thread). */
export function liveSchedByThread(tasks: readonly TaskSched[], pid: number): Map<string, TaskSched> {
    const out = new Map<string, TaskSched>();
    for (const t of tasks) {
        const { kind, id } = classifyThread(t.name);
        if (kind === "emulator") {
            if (t.tid === pid)
                out.set("emulator", t);
        } else {
            out.set(`${kind}-${id ?? 0}`, t);
        }
    }
    return out;
}

/** "fifo, priority 1", "normal (other)". */
export function livePolicyText(t: TaskSched): string {
    if (t.policy === undefined)
        return _("unknown");
    if (t.policy === "other")
        return _("normal (other)");
    return t.policy === "fifo" || t.policy === "rr" ? format(_("$0, priority $1"), t.policy, t.priority) : t.policy;
}
