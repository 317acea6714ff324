// Which cgroup directory holds a process's CPU accounting, from /proc/PID/cgroup and the mount table,
// never from a VM name: libvirt's layout differs by version, driver and distribution (machine/NAME.libvirt-qemu
// on v1, machine.slice/machine-qemu\x2dN\x2dNAME.scope/libvirt on v2, names shortened or numbered).
import { _, format } from "../i18n.ts";

export interface CgroupMount {
    mountPoint: string;
    /** the part of the hierarchy mounted there ("/" unless bind-mounted from inside) */
    root: string;
    version: 1 | 2;
    /** v1: the controllers of the hierarchy (cpu, cpuacct …, name=systemd); v2: empty */
    controllers: string[];
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
function unescapeOctal(text: string): string {
    return text.replace(/\\([0-7]{3})/g, (_whole, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The cgroup filesystems of /proc/self/mountinfo ("id parent maj:min root mountpoint options [optional…] - fstype source superoptions"). */
export function cgroupMounts(mountinfo: string): CgroupMount[] {
    const out: CgroupMount[] = [];
    for (const line of mountinfo.split("\n")) {
        const fields = line.trim().split(" ");
        const dash = fields.indexOf("-");
        if (dash < 6)
            continue;
        const fstype = fields[dash + 1];
        const root = unescapeOctal(fields[3] ?? "");
        const mountPoint = unescapeOctal(fields[4] ?? "");
        if (fstype === "cgroup2")
            out.push({ mountPoint, root, version: 2, controllers: [] });
        else if (fstype === "cgroup")
            out.push({ mountPoint, root, version: 1, controllers: (fields[dash + 3] ?? "").split(",") });
    }
    return out;
}

/** One line of /proc/PID/cgroup: "hierarchy-id:controllers:path" ("0::path" for v2). */
interface ProcCgroupLine { id: string; controllers: string[]; path: string }

function procCgroupLines(text: string): ProcCgroupLine[] {
    const out: ProcCgroupLine[] = [];
    for (const line of text.split("\n")) {
        const m = /^(\d+):([^:]*):(.*)$/.exec(line);
        if (m?.[1] !== undefined && m[2] !== undefined && m[3] !== undefined)
            out.push({ id: m[1], controllers: m[2] ? m[2].split(",") : [], path: m[3] });
    }
    return out;
}

/** The directory of `path` (as /proc/PID/cgroup names it) under a mount, or undefined when the mount
 *  shows another part of the hierarchy. */
function dirUnder(mount: CgroupMount, path: string): string | undefined {
    const root = mount.root === "/" ? "" : mount.root;
    if (root && path !== root && !path.startsWith(root + "/"))
        return undefined;
    const rest = path.slice(root.length);
    return (mount.mountPoint + (rest === "/" ? "" : rest)).replace(/\/+$/, "") || "/";
}

function firstDir(mounts: CgroupMount[], path: string): string | undefined {
    for (const mount of mounts) {
        const dir = dirUnder(mount, path);
        if (dir !== undefined)
            return dir;
    }
    return undefined;
}

export interface CpuCgroup {
    /** the version of the hierarchy that holds the cpu controller (cpu.stat's format) */
    version: 1 | 2;
    /** the process's own group there */
    processDir: string;
    /** the process's group in the v2 hierarchy, where cpu.pressure lives: processDir on a v2 host,
     *  the "unified" mount of a hybrid v1 host; absent when no cgroup2 is mounted */
    pressureDir?: string | undefined;
}

/**
 * The process's group in the hierarchy that carries the cpu controller. The mount table decides the
 * version, not /proc/PID/cgroup alone: a v1 host lists a "0::" line even where no cgroup2 is mounted,
 * and a hybrid host mounts cgroup2 beside the v1 controllers. Throws an Error saying what is missing.
 */
export function processCpuCgroup(procCgroup: string, mountinfo: string, pid: number): CpuCgroup {
    const mounts = cgroupMounts(mountinfo);
    const lines = procCgroupLines(procCgroup);
    const unifiedLine = lines.find(l => l.id === "0" && l.controllers.length === 0);
    const unifiedMounts = mounts.filter(m => m.version === 2);
    const pressureDir = unifiedLine ? firstDir(unifiedMounts, unifiedLine.path) : undefined;

    const v1Mounts = mounts.filter(m => m.version === 1 && m.controllers.includes("cpu"));
    const v1Line = lines.find(l => l.controllers.includes("cpu"));
    if (v1Mounts.length > 0) {
        const dir = v1Line ? firstDir(v1Mounts, v1Line.path) : undefined;
        if (dir === undefined)
            throw new Error(format(_("The cpu cgroup of process $0 is not under a mounted cgroup hierarchy"), pid));
        return { version: 1, processDir: dir, pressureDir };
    }
    if (pressureDir !== undefined)
        return { version: 2, processDir: pressureDir, pressureDir };
    throw new Error(format(_("No mounted cgroup hierarchy holds the cpu controller of process $0"), pid));
}

/** The parent of a trailing "emulator" component, else the directory itself. libvirt moves the QEMU
 *  process into the "emulator" sub-group of the VM's group (beside vcpuN and iothreadN), so the VM's
 *  group is one up; the caller confirms it by finding vcpuN sub-groups there (see perf/host-files.ts). */
export function vmGroupCandidate(processDir: string): string {
    return processDir.endsWith("/emulator") ? processDir.slice(0, -"/emulator".length) : processDir;
}
