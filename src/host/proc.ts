// What the kernel enforces for a running VM's QEMU threads: the QEMU pid from libvirt's pid file,
// then Name, Cpus_allowed_list and Mems_allowed_list of every /proc/<pid>/task/<tid>/status, in one
// spawn of find + grep (argument array; no shell, no glob).
import cockpit from "cockpit";
import type { ThreadStatus } from "../model/placement/affinity.ts";
import { parseTaskStatus } from "../model/placement/affinity.ts";

/** The pid of a running VM's QEMU (or, for LXC, libvirt_lxc) process, from libvirt's pid file. */
export async function vmPid(vmName: string, driver: "qemu" | "lxc" = "qemu"): Promise<number> {
    const file = cockpit.file(`/run/libvirt/${driver}/${vmName}.pid`, { superuser: "try" });
    try {
        const text = (await file.read())?.trim() ?? "";
        if (!/^\d+$/.test(text))
            throw new Error(driver === "qemu"
                ? cockpit.format(cockpit.gettext("No QEMU process id for $0 in /run/libvirt/qemu (is it running?)"), vmName)
                : cockpit.format(cockpit.gettext("No process id for $0 in /run/libvirt/lxc (is it running?)"), vmName));
        return Number(text);
    } finally {
        file.close();
    }
}

export async function readQemuThreads(vmName: string): Promise<{ pid: number; threads: ThreadStatus[] }> {
    const pid = await vmPid(vmName);
    const read = () => cockpit.spawn(
        ["find", `/proc/${pid}/task`, "-mindepth", "2", "-maxdepth", "2", "-name", "status",
            "-exec", "grep", "-H", "-E", "^(Name|Cpus_allowed_list|Mems_allowed_list):", "{}", "+"],
        { superuser: "try", err: "message" });
    // a thread that ends between find and grep makes the command fail: read once more
    const output = await read().catch(() => read());
    return { pid, threads: parseTaskStatus(output) };
}
