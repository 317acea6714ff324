// Each thread's scheduling policy of a running VM's QEMU: /proc/PID/task/TID/stat in one spawn of
// find + grep (argument array; no shell, no glob), the pid from libvirt's pid file.
import cockpit from "cockpit";
import type { TaskSched } from "../model/host/task-sched.ts";
import { parseTaskSched } from "../model/host/task-sched.ts";
import { vmPid } from "./proc.ts";

export async function readTaskSched(vmName: string): Promise<{ pid: number; tasks: TaskSched[] }> {
    const pid = await vmPid(vmName);
    const read = () => cockpit.spawn(
        ["find", `/proc/${pid}/task`, "-mindepth", "2", "-maxdepth", "2", "-name", "stat", "-exec", "grep", "-H", "", "{}", "+"],
        { superuser: "try", err: "message" });
    // a thread that ends between find and grep makes the command fail: read once more
    const output = await read().catch(() => read());
    return { pid, tasks: parseTaskSched(output) };
}
