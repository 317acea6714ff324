// Real load in the fixture guests and the host kernel's own view of a running VM, for the Performance
// tab's e2e tests: the guest's busy loops (test/stack/guest/init, `fixtures.sh burn`) turned on only
// for as long as a test needs them, and the witnesses the page is checked against, read here without
// any of the page's code: the VM's cgroup cpu.stat files, its memory per host node (numastat -p and
// numa_maps), and its vCPU threads' run-queue waits.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { stack } from "./lib.ts";

/** Tells `vm` to run `n` busy loops (0 stops them; n ≤ its online CPUs) and waits until it says so. */
export function burn(vm: string, n: number): void {
    stack("fixtures.sh", "burn", vm, String(n));
}

/** Runs `body` with each VM of `load` busy on that many CPUs, and stops the load afterwards whatever
 *  happened: a busy TCG guest takes a whole host CPU per loop, and this host has two. A guest that
 *  does not answer the stop is restarted (a fresh boot runs no load). */
export async function withLoad<T>(load: Record<string, number>, body: () => Promise<T>): Promise<T> {
    const started: string[] = [];
    try {
        for (const [vm, n] of Object.entries(load)) {
            started.push(vm);
            burn(vm, n);
        }
        return await body();
    } finally {
        for (const vm of started) {
            try {
                burn(vm, 0);
            } catch (error) {
                console.log(`# ${vm}: load did not stop (${String(error).split("\n")[0]}); restarting it`);
                stack("fixtures.sh", "reset", vm);
            }
        }
    }
}

/** The QEMU process of a running VM: the pid libvirt records, checked against the process's own name. */
export function qemuPid(vm: string): number {
    const pid = Number(readFileSync(`/run/libvirt/qemu/${vm}.pid`, "utf8").trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (!cmdline.some(arg => arg.startsWith(`guest=${vm},`) || arg === vm))
        throw new Error(`pid ${pid} from /run/libvirt/qemu/${vm}.pid is not ${vm}'s QEMU: ${cmdline.slice(0, 4).join(" ")}`);
    return pid;
}

export interface CpuCgroup {
    /** the VM's own cpu cgroup directory (its vcpuN, emulator, iothreadN sub-groups are inside) */
    dir: string;
    version: 1 | 2;
}

/** One /proc/PID/mountinfo line: mount root, mount point, file system type, super options. */
function mounts(): { root: string; point: string; type: string; options: string[] }[] {
    return readFileSync("/proc/self/mountinfo", "utf8").trim().split("\n").map(line => {
        const [left = "", right = ""] = line.split(" - ");
        const fields = left.split(" ");
        const [type = "", , options = ""] = right.split(" ");
        return { root: fields[3] ?? "", point: fields[4] ?? "", type, options: options.split(",") };
    });
}

/** The VM's cpu cgroup, from where its QEMU process is (/proc/PID/cgroup) and where that hierarchy is
 *  mounted (mountinfo): v1 when a v1 hierarchy has the cpu controller, else the v2 one. libvirt puts
 *  the QEMU process itself in the VM's "emulator" sub-group; the VM's group is that one's parent. */
export function vmCpuCgroup(pid: number): CpuCgroup {
    const lines = readFileSync(`/proc/${pid}/cgroup`, "utf8").trim().split("\n").map(line => {
        const [, controllers = "", ...rest] = line.split(":");
        return { controllers: controllers.split(","), path: rest.join(":") };
    });
    const v1 = lines.find(l => l.controllers.includes("cpu"));
    const v2 = lines.find(l => l.controllers.length === 1 && l.controllers[0] === "");
    const table = mounts();
    const located = v1
        ? { version: 1 as const, path: v1.path, mount: table.find(m => m.type === "cgroup" && m.options.includes("cpu")) }
        : { version: 2 as const, path: v2?.path ?? "", mount: table.find(m => m.type === "cgroup2") };
    if (!located.mount || (!v1 && !v2))
        throw new Error(`no mounted cpu cgroup hierarchy for pid ${pid}`);
    const { root, point } = located.mount;
    const inside = root === "/" ? located.path : located.path.startsWith(root) ? located.path.slice(root.length) : undefined;
    if (inside === undefined)
        throw new Error(`pid ${pid}'s cgroup ${located.path} is outside the mount of ${root} on ${point}`);
    let dir = path.join(point, inside);
    if (path.basename(dir) === "emulator")
        dir = path.dirname(dir);
    return { dir, version: located.version };
}

/** cpu.stat's CFS counters, throttled time in µs whatever the version (v1 writes ns, v2 µs). */
export interface CfsStat {
    periods: number;
    throttledPeriods: number;
    throttledUsec: number;
}

export function readCfsStat(dir: string, version: 1 | 2): CfsStat {
    const values = new Map(readFileSync(path.join(dir, "cpu.stat"), "utf8").trim().split("\n").map(line => {
        const [key = "", value = ""] = line.trim().split(/\s+/);
        return [key, Number(value)] as const;
    }));
    const need = (key: string): number => {
        const value = values.get(key);
        if (value === undefined || !Number.isFinite(value)) throw new Error(`${dir}/cpu.stat has no ${key}`);
        return value;
    };
    return {
        periods: need("nr_periods"),
        throttledPeriods: need("nr_throttled"),
        // not rounded: a page that shows the counter in fractional µs must still lie between two reads
        throttledUsec: version === 1 ? need("throttled_time") / 1000 : need("throttled_usec"),
    };
}

/** The cpu.stat of the VM's group ("vm") and of each sub-group libvirt made (vcpu0, emulator, …). */
export function vmCfsStats(vm: string): Record<string, CfsStat> {
    const { dir, version } = vmCpuCgroup(qemuPid(vm));
    const out: Record<string, CfsStat> = { vm: readCfsStat(dir, version) };
    for (const entry of readdirSync(dir, { withFileTypes: true }))
        if (entry.isDirectory() && existsSync(path.join(dir, entry.name, "cpu.stat")))
            out[entry.name] = readCfsStat(path.join(dir, entry.name), version);
    return out;
}

/** KiB per host node of a process, from `numastat -p PID` (numactl): its "Total" row, in MB with two
 *  decimals, so each figure is known to ±0.005 MB (±5.12 KiB). */
export function numastatKib(pid: number): Record<number, number> {
    const lines = execFileSync("numastat", ["-p", String(pid)], { encoding: "utf8" }).split("\n");
    const header = lines.find(line => /^\s+Node \d+/.test(line));
    const total = lines.find(line => /^Total\s/.test(line));
    if (header === undefined || total === undefined)
        throw new Error(`numastat -p ${pid}: no node header or Total row:\n${lines.join("\n")}`);
    const nodes = [...header.matchAll(/Node (\d+)/g)].map(m => Number(m[1]));
    const figures = total.trim().split(/\s+/).slice(1).map(Number);
    return Object.fromEntries(nodes.map((node, i) => [node, Math.round((figures[i] ?? NaN) * 1024)]));
}

/** KiB per host node of a process, /proc/PID/numa_maps summed (pages × each mapping's page size). */
export function numaMapsKib(pid: number): Record<number, number> {
    const out: Record<number, number> = {};
    for (const line of readFileSync(`/proc/${pid}/numa_maps`, "utf8").split("\n")) {
        const pageKib = Number(/ kernelpagesize_kB=(\d+)/.exec(line)?.[1] ?? 4);
        for (const m of line.matchAll(/ N(\d+)=(\d+)/g))
            out[Number(m[1])] = (out[Number(m[1])] ?? 0) + Number(m[2]) * pageKib;
    }
    return out;
}

/** vCPU id → thread id, from QEMU's thread names ("CPU 0/TCG", "CPU 1/KVM"). */
export function vcpuThreads(pid: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const m = /^CPU (\d+)\//.exec(readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8"));
        if (m) out.set(Number(m[1]), Number(tid));
    }
    return out;
}

/** Time each vCPU thread of `vm` waited on a host run queue over `ms`, % of the wall clock: the
 *  kernel's schedstat, which is where libvirt's vcpu.N.delay comes from. */
export async function runQueueWaitPct(vm: string, ms: number): Promise<Map<number, number>> {
    const pid = qemuPid(vm);
    const threads = vcpuThreads(pid);
    const read = () => new Map([...threads].map(([id, tid]) =>
        [id, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1])]));
    const before = read();
    const start = process.hrtime.bigint();
    await new Promise(resolve => setTimeout(resolve, ms));
    const after = read();
    const elapsedNs = Number(process.hrtime.bigint() - start);
    return new Map([...after].map(([id, ns]) => [id, ((ns - (before.get(id) ?? ns)) / elapsedNs) * 100]));
}
