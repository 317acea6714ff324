// What the kernel enforces for a running VM's QEMU threads: the QEMU pid from libvirt's pid file,
// then Name, Cpus_allowed_list and Mems_allowed_list of every /proc/<pid>/task/<tid>/status, in one
// spawn of find + grep (argument array; no shell, no glob).
import cockpit from "cockpit";
import type { ThreadStatus } from "../model/placement/affinity.ts";
import { parseTaskStatus } from "../model/placement/affinity.ts";

async function qemuPid(vmName: string): Promise<number> {
    const file = cockpit.file(`/run/libvirt/qemu/${vmName}.pid`, { superuser: "try" });
    try {
        const text = (await file.read())?.trim() ?? "";
        if (!/^\d+$/.test(text))
            throw new Error(cockpit.format(cockpit.gettext("No QEMU process id for $0 in /run/libvirt/qemu (is it running?)"), vmName));
        return Number(text);
    } finally {
        file.close();
    }
}

export async function readQemuThreads(vmName: string): Promise<{ pid: number; threads: ThreadStatus[] }> {
    const pid = await qemuPid(vmName);
    const read = () => cockpit.spawn(
        ["find", `/proc/${pid}/task`, "-mindepth", "2", "-maxdepth", "2", "-name", "status",
            "-exec", "grep", "-H", "-E", "^(Name|Cpus_allowed_list|Mems_allowed_list):", "{}", "+"],
        { superuser: "try", err: "message" });
    // a thread that ends between find and grep makes the command fail: read once more
    const output = await read().catch(() => read());
    return { pid, threads: parseTaskStatus(output) };
}
