// What the host knows about a running VM beyond libvirt's statistics: CFS throttling and pressure of
// its cgroups, the CPU each QEMU thread last ran on, where its memory sits; and the host's per-CPU
// times. Reading only. Per refresh of one VM: one file read (the pid file) and ONE spawn (find | grep
// over every file at once); the cgroup layout (/proc/PID/cgroup and the mount table, two file reads)
// only when the pid is new, i.e. on the first refresh and after a restart.
import cockpit from "cockpit";
import type { Driver } from "../model/types.ts";
import type { GroupCounters, HostCpuTimes, NumaPlacement, ThreadCpu } from "../model/perf/types.ts";
import type { HostLayout } from "../model/perf/host-files.ts";
import { hostCountersFromOutput } from "../model/perf/host-files.ts";
import { processCpuCgroup, vmGroupCandidate } from "../model/host/proc-cgroup.ts";
import { parseProcStat } from "../model/host/proc-stat.ts";
import { vmPid } from "./proc.ts";

export interface VmHostCounters {
    pid: number;
    groups: GroupCounters[];
    threads: ThreadCpu[];
    numa?: NumaPlacement | undefined;
    errors: string[];
}

async function readFile(path: string): Promise<string> {
    const file = cockpit.file(path, { superuser: "try" });
    try {
        return (await file.read()) ?? "";
    } finally {
        file.close();
    }
}

// the layout of each VM's cgroups, keyed by driver/name, kept while its pid stays the same
const layouts = new Map<string, HostLayout>();

async function layoutOf(key: string, pid: number): Promise<HostLayout> {
    const known = layouts.get(key);
    if (known?.pid === pid)
        return known;
    const [procCgroup, mountinfo] = await Promise.all([readFile(`/proc/${pid}/cgroup`), readFile("/proc/self/mountinfo")]);
    const cgroup = processCpuCgroup(procCgroup, mountinfo, pid);
    const layout: HostLayout = {
        pid,
        version: cgroup.version,
        processDir: cgroup.processDir,
        vmDir: vmGroupCandidate(cgroup.processDir),
        pressureProcessDir: cgroup.pressureDir,
        pressureVmDir: cgroup.pressureDir === undefined ? undefined : vmGroupCandidate(cgroup.pressureDir),
    };
    layouts.set(key, layout);
    return layout;
}

/** Runs `find … -exec grep -H . {} +`; output is kept even when the command fails (a thread or a
 *  group that went away between find and grep), the failure then goes into `errors`. */
async function grepAll(starts: string[], wantTasks: boolean, pid: number, wantNuma: boolean, errors: string[]): Promise<string> {
    // depth 2: the sub-groups' files and /proc/PID/task/TID/stat; an LXC container's own groups are not read
    const depth = wantTasks ? "2" : "1";
    const names: string[] = ["-name", "cpu.stat", "-o", "-name", "cpu.pressure"];
    if (wantTasks)
        // a plain string: in a template literal "/" "*" would open a comment for xgettext's C parser
        names.push("-o", "-path", "/proc/" + pid + "/task/*/stat");
    if (wantNuma)
        names.push("-o", "-path", `/proc/${pid}/numa_maps`);
    let output = "";
    try {
        await cockpit.spawn(["find", ...starts, "-maxdepth", depth, "-type", "f", "(", ...names, ")", "-exec", "grep", "-H", ".", "{}", "+"],
            { superuser: "try", err: "message" }).stream(data => { output += data });
    } catch (e) {
        // what was read before and after the failing file is still good. A thread that ended between
        // find and grep is no error worth showing; anything else is said as find/grep said it.
        const taskDir = "/proc/" + pid + "/task/";
        const lines = (e instanceof Error ? e.message : String(e)).split("\n").map(l => l.trim()).filter(Boolean);
        const rest = lines.filter(l => !(l.includes(taskDir) && /No such file or directory|No such process/.test(l)));
        if (rest.length > 0 || lines.length === 0)
            errors.push(rest.join("\n") || String(e));
    }
    return output;
}

export async function readVmHostCounters(vmName: string, driver: Driver, options: { numa?: boolean } = {}): Promise<VmHostCounters> {
    if (driver === "test")
        throw new Error(cockpit.gettext("The test driver has no host processes to read"));
    const pid = await vmPid(vmName, driver);
    const layout = await layoutOf(`${driver}/${vmName}`, pid);
    // an LXC container's pid is libvirt_lxc, whose threads and memory are not the container's
    const qemu = driver === "qemu";
    const wantNuma = qemu && options.numa !== false;
    const starts = [layout.vmDir];
    if (layout.pressureVmDir !== undefined && layout.pressureVmDir !== layout.vmDir)
        starts.push(layout.pressureVmDir);
    if (qemu)
        starts.push(`/proc/${pid}/task`);
    if (wantNuma)
        starts.push(`/proc/${pid}/numa_maps`);
    const errors: string[] = [];
    const output = await grepAll(starts, qemu, pid, wantNuma, errors);
    const counters = hostCountersFromOutput(output, layout, { threads: qemu, numa: wantNuma });
    // QEMU writes its pid file before libvirt moves it into the emulator group: a layout read in that
    // moment finds no vcpuN groups; read it again next time rather than keep it for the VM's life
    if (qemu && !counters.groups.some(g => /^vcpu\d+$/.test(g.group)))
        layouts.delete(`${driver}/${vmName}`);
    return { pid, ...counters, errors: [...errors, ...counters.errors] };
}

export async function readHostCpuTimes(): Promise<HostCpuTimes[]> {
    return parseProcStat(await readFile("/proc/stat"));
}
