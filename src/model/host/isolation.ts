// What the kernel and the init system keep free for VMs: isolcpus / nohz_full / rcu_nocbs /
// irqaffinity from the kernel command line, sysfs's isolated and nohz_full lists, and systemd's
// AllowedCPUs of the host's own slices. Read-only: this says what is, the planner never writes it.
import { _, format } from "../i18n.ts";
import { formatCpuset } from "../values/cpuset.ts";

/** One `name=value` of the kernel command line that concerns CPU isolation. */
export interface KernelCpuParam {
    name: "isolcpus" | "nohz_full" | "rcu_nocbs" | "irqaffinity";
    /** the value as written */
    text: string;
    cpus: number[];
    /** isolcpus only: its flags as written (none means "domain") */
    flags: string[];
    /** why the kernel would not take it as written, if so */
    problem?: string | undefined;
}

const KERNEL_PARAMS = new Set(["isolcpus", "nohz_full", "rcu_nocbs", "irqaffinity"]);
const ISOLCPUS_FLAGS = new Set(["domain", "nohz", "managed_irq"]);

/** The command line's words up to `--` (what follows goes to init, not the kernel); double quotes group. */
export function cmdlineWords(text: string): string[] {
    const words: string[] = [];
    let word = "";
    let quoted = false;
    let started = false;
    for (const ch of text) {
        if (ch === "\"") { quoted = !quoted; started = true; continue; }
        if (!quoted && /\s/.test(ch)) {
            if (started) {
                if (word === "--") return words;
                words.push(word);
            }
            word = "";
            started = false;
            continue;
        }
        word += ch;
        started = true;
    }
    if (started && word !== "--") words.push(word);
    return words;
}

/**
 * The kernel's CPU list syntax (Documentation/admin-guide/kernel-parameters.rst "cpu lists"):
 * `1,3-5`, `0-15:2/4` (2 used of every group of 4), `N` the last CPU, `all`. `hostCpus` resolves N
 * and all. Throws an Error naming the part it cannot read.
 */
export function parseKernelCpuList(text: string, hostCpus: number): number[] {
    const out = new Set<number>();
    const last = hostCpus - 1;
    const num = (s: string): number => {
        if (s === "N") return last;
        if (!/^\d+$/.test(s)) throw new Error(format(_("Not a CPU number: $0"), s));
        return Number(s);
    };
    for (const part of text.split(",")) {
        if (part === "") continue;
        if (part === "all") {
            for (let c = 0; c <= last; c++) out.add(c);
            continue;
        }
        const m = /^([^-:]+)(?:-([^:]+)(?::(\d+)\/(\d+))?)?$/.exec(part);
        if (!m?.[1]) throw new Error(format(_("Not a CPU range: $0"), part));
        const from = num(m[1]);
        const to = m[2] === undefined ? from : num(m[2]);
        if (to < from) throw new Error(format(_("Not a CPU range: $0"), part));
        const used = m[3] === undefined ? 1 : Number(m[3]);
        const group = m[4] === undefined ? 1 : Number(m[4]);
        if (group < 1 || used < 1 || used > group) throw new Error(format(_("Not a CPU range: $0"), part));
        for (let c = from; c <= to; c++)
            if ((c - from) % group < used) out.add(c);
    }
    return [...out].sort((a, b) => a - b);
}

/** isolcpus's leading flags (`domain,managed_irq,2-5`), then its CPU list. */
function splitIsolcpus(value: string): { flags: string[]; list: string; unknown: string[] } {
    const parts = value.split(",");
    const flags: string[] = [];
    const unknown: string[] = [];
    while (parts.length > 0) {
        const p = parts[0] ?? "";
        if (!/^[a-z_]+$/.test(p) || p === "all") break;
        parts.shift();
        (ISOLCPUS_FLAGS.has(p) ? flags : unknown).push(p);
    }
    return { flags, list: parts.join(","), unknown };
}

/** The isolation parameters of /proc/cmdline; a parameter given twice: the last one counts. */
export function parseKernelIsolation(cmdline: string, hostCpus: number): KernelCpuParam[] {
    const found = new Map<KernelCpuParam["name"], KernelCpuParam>();
    for (const word of cmdlineWords(cmdline)) {
        const eq = word.indexOf("=");
        const name = eq < 0 ? word : word.slice(0, eq);
        if (!KERNEL_PARAMS.has(name)) continue;
        const key = name as KernelCpuParam["name"];
        const text = eq < 0 ? "" : word.slice(eq + 1);
        let flags: string[] = [];
        let list = text;
        let problem: string | undefined;
        if (key === "isolcpus") {
            const split = splitIsolcpus(text);
            flags = split.flags;
            list = split.list;
            if (split.unknown.length > 0) problem = format(_("Unknown isolcpus flag: $0"), split.unknown.join(", "));
        }
        let cpus: number[] = [];
        try {
            cpus = parseKernelCpuList(list, hostCpus);
        } catch (e) {
            problem ??= e instanceof Error ? e.message : String(e);
        }
        if (!problem && cpus.length === 0) problem = _("No CPU list");
        found.delete(key); // the last one counts and keeps its place
        found.set(key, { name: key, text, cpus, flags, problem });
    }
    return [...found.values()];
}

/** One unit of `systemctl show -p AllowedCPUs -p EffectiveCPUs UNIT…`. */
export interface SystemdCpus {
    unit: string;
    /** AllowedCPUs as written; "" = not set (no restriction) */
    allowedText: string;
    /** undefined when not set */
    allowed?: number[] | undefined;
    /** EffectiveCPUs (what the cgroup really has); undefined when systemd reports none */
    effective?: number[] | undefined;
    problem?: string | undefined;
}

/**
 * `systemctl show -p AllowedCPUs -p EffectiveCPUs A B C`: one block of Key=Value lines per unit,
 * blank-line separated, in the order the units were named. Unknown keys and stray lines are ignored;
 * a missing block leaves the unit unrestricted.
 */
export function parseSystemctlCpus(output: string, units: readonly string[], hostCpus: number): SystemdCpus[] {
    const blocks = output.replace(/\r/g, "").split(/\n\s*\n/).map(b => b.trim()).filter(b => b !== "");
    return units.map((unit, i) => {
        const props = new Map<string, string>();
        for (const line of (blocks[i] ?? "").split("\n")) {
            const eq = line.indexOf("=");
            if (eq > 0) props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
        }
        const allowedText = props.get("AllowedCPUs") ?? "";
        const effectiveText = props.get("EffectiveCPUs") ?? "";
        const out: SystemdCpus = { unit, allowedText };
        try {
            if (allowedText !== "") out.allowed = parseKernelCpuList(allowedText, hostCpus);
            if (effectiveText !== "") out.effective = parseKernelCpuList(effectiveText, hostCpus);
        } catch (e) {
            out.problem = e instanceof Error ? e.message : String(e);
        }
        return out;
    });
}

/** The host units whose AllowedCPUs bound the host's own processes. */
export const HOST_UNITS = ["system.slice", "user.slice", "init.scope"] as const;

/** What the adapter read, raw: undefined = the file is absent. */
export interface IsolationSources {
    cmdline?: string | undefined;
    isolated?: string | undefined;
    nohzFull?: string | undefined;
    /** /proc/1/comm */
    pid1?: string | undefined;
    /** `systemctl show` output, where systemd runs */
    systemctl?: string | undefined;
    /** why systemctl gave nothing, where systemd runs */
    systemctlError?: string | undefined;
    /** cgroup version of the host (AllowedCPUs needs the v2 cpuset controller) */
    cgroup?: 1 | 2 | undefined;
}

export type MechanismKey = KernelCpuParam["name"] | "sysfs-isolated" | "sysfs-nohz_full" | typeof HOST_UNITS[number];

export interface IsolationMechanism {
    key: MechanismKey;
    /** what the row is called ("isolcpus", "system.slice AllowedCPUs") */
    name: string;
    /** CPU list as shown ("2-5"), or a word ("none", "all CPUs") */
    cpusText: string;
    cpus: number[];
    meaning: string;
    source: string;
    problem?: string | undefined;
}

export interface HostIsolation {
    mechanisms: IsolationMechanism[];
    /** CPUs the scheduler does not balance onto (isolcpus domain, sysfs isolated) */
    isolated: number[];
    /** CPUs where the host's own processes may run; undefined when nothing is isolated or restricted */
    housekeeping?: number[] | undefined;
    /** does the host isolate or restrict anything (what makes the finding meaningful)? */
    restricts: boolean;
    systemd: "running" | "absent";
    cgroup?: 1 | 2 | undefined;
}

function kernelMeaning(p: KernelCpuParam): string {
    switch (p.name) {
    case "isolcpus": {
        const f = p.flags.length === 0 ? ["domain"] : p.flags;
        const parts: string[] = [];
        if (f.includes("domain")) parts.push(_("the scheduler does not move tasks onto these CPUs; only threads pinned there (like vCPUs) run on them"));
        if (f.includes("nohz")) parts.push(_("the scheduling tick stops there while one task runs"));
        if (f.includes("managed_irq")) parts.push(_("managed device interrupts avoid them where they can"));
        return parts.join("; ") + ".";
    }
    case "nohz_full": return _("The scheduling tick stops on these CPUs while a single task runs: fewer interruptions for a vCPU.");
    case "rcu_nocbs": return _("RCU callbacks of these CPUs run in kernel threads elsewhere, not on them.");
    case "irqaffinity": return _("Device interrupts go to these CPUs by default, sparing the others.");
    }
}

function unitMeaning(unit: typeof HOST_UNITS[number]): string {
    if (unit === "system.slice") return _("System services may run only on these CPUs.");
    if (unit === "user.slice") return _("Login sessions' processes may run only on these CPUs.");
    return _("systemd itself (PID 1) may run only on these CPUs.");
}

/** The card's rows and the map's two sets, from what the adapter read. */
export function hostIsolation(src: IsolationSources, hostCpus: number): HostIsolation {
    const mechanisms: IsolationMechanism[] = [];
    const all = Array.from({ length: hostCpus }, (_v, i) => i);
    const none = _("none");
    const isolated = new Set<number>();
    for (const p of parseKernelIsolation(src.cmdline ?? "", hostCpus)) {
        const name = p.name === "isolcpus" && p.flags.length > 0 ? `isolcpus (${p.flags.join(", ")})` : p.name;
        const meaning = kernelMeaning(p);
        mechanisms.push({ key: p.name, name, cpusText: p.cpus.length > 0 ? formatCpuset(p.cpus) : p.text, cpus: p.cpus,
                          meaning: meaning.charAt(0).toUpperCase() + meaning.slice(1), source: "/proc/cmdline", problem: p.problem });
        if (p.name === "isolcpus" && !p.problem && (p.flags.length === 0 || p.flags.includes("domain")))
            p.cpus.forEach(c => isolated.add(c));
    }
    const sysfs = (key: "sysfs-isolated" | "sysfs-nohz_full", path: string, text: string | undefined, meaning: string) => {
        let cpus: number[] = [];
        let problem: string | undefined;
        try {
            cpus = parseKernelCpuList((text ?? "").trim(), hostCpus);
        } catch (e) {
            problem = e instanceof Error ? e.message : String(e);
        }
        mechanisms.push({ key, name: key === "sysfs-isolated" ? _("isolated (running kernel)") : _("nohz_full (running kernel)"),
                          cpusText: text === undefined ? _("none (no such file)") : cpus.length > 0 ? formatCpuset(cpus) : none,
                          cpus, meaning, source: path, problem });
        return cpus;
    };
    sysfs("sysfs-isolated", "/sys/devices/system/cpu/isolated", src.isolated,
          _("The CPUs the running kernel keeps out of the scheduler's load balancing.")).forEach(c => isolated.add(c));
    sysfs("sysfs-nohz_full", "/sys/devices/system/cpu/nohz_full", src.nohzFull,
          _("The CPUs where the running kernel stops the tick while one task runs."));

    const systemd = src.pid1?.trim() === "systemd" ? "running" : "absent";
    let restricted = false;
    const hostSet = new Set<number>();
    if (systemd === "running") {
        const units = parseSystemctlCpus(src.systemctl ?? "", HOST_UNITS, hostCpus);
        units.forEach((u, i) => {
            const unit = HOST_UNITS[i] ?? "system.slice";
            if (u.allowed) restricted = true;
            (u.allowed ?? all).forEach(c => hostSet.add(c));
            mechanisms.push({ key: unit, name: format(_("$0 AllowedCPUs"), unit),
                              cpusText: u.allowed ? formatCpuset(u.allowed) : _("all CPUs (not set)"), cpus: u.allowed ?? all,
                              meaning: unitMeaning(unit), source: format(_("systemctl show $0"), unit),
                              problem: u.problem ?? src.systemctlError });
        });
    }
    const restricts = restricted || isolated.size > 0;
    let housekeeping: number[] | undefined;
    if (restricts) {
        const base = restricted ? hostSet : new Set(all);
        housekeeping = [...base].filter(c => !isolated.has(c)).sort((a, b) => a - b);
    }
    return { mechanisms, isolated: [...isolated].sort((a, b) => a - b), housekeeping, restricts, systemd, cgroup: src.cgroup };
}

/** A VM's vCPUs pinned where the host's own processes may run. */
export interface IsolationFinding {
    vm: string;
    vcpus: number[];
    cpus: number[];
    message: string;
}

/**
 * VMs whose vCPUs are pinned to CPUs the host's own processes may use; only where the host isolates or
 * restricts something (otherwise every pin would be flagged). `pins`: each VM's vCPU pins as (vCPU, CPUs).
 */
export function isolationFindings(iso: HostIsolation, pins: ReadonlyMap<string, ReadonlyArray<{ vcpu: number; cpus: readonly number[] }>>): IsolationFinding[] {
    if (!iso.restricts || !iso.housekeeping) return [];
    const host = new Set(iso.housekeeping);
    const out: IsolationFinding[] = [];
    for (const [vm, list] of pins) {
        const vcpus = new Set<number>();
        const cpus = new Set<number>();
        const pinnedAll = new Set<number>();
        for (const p of list) {
            p.cpus.forEach(c => pinnedAll.add(c));
            const shared = p.cpus.filter(c => host.has(c));
            if (shared.length > 0) {
                vcpus.add(p.vcpu);
                shared.forEach(c => cpus.add(c));
            }
        }
        if (vcpus.size === 0) continue;
        const keep = iso.housekeeping.filter(c => !pinnedAll.has(c));
        const cpuText = formatCpuset(cpus);
        let fix: string;
        if (keep.length === 0) {
            fix = _("Every CPU the host's processes may use is pinned to this VM: leave some CPUs for the host first.");
        } else if (iso.systemd === "running") {
            const allowed = formatCpuset(keep);
            fix = format(_("Keep the host's processes off them: systemctl set-property --runtime system.slice AllowedCPUs=$0 (the same for user.slice and init.scope; without --runtime it stays after a reboot), or isolcpus=$1 on the kernel command line."),
                         allowed, cpuText);
            if (iso.cgroup === 1) fix += " " + _("AllowedCPUs needs cgroup v2; this host runs cgroup v1.");
        } else {
            fix = format(_("Keep the host's processes off them: add isolcpus=$0 to the kernel command line and reboot (systemd is not running here, so there is no AllowedCPUs to set)."), cpuText);
        }
        const vcpuList = [...vcpus].sort((a, b) => a - b);
        out.push({
            vm, vcpus: vcpuList, cpus: [...cpus].sort((a, b) => a - b),
            message: format(_("$0: vCPU $1 pinned to CPUs $2, where the host's own processes may run. $3"), vm, formatCpuset(vcpuList), cpuText, fix),
        });
    }
    return out;
}
