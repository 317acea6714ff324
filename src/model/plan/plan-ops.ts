// Planner building blocks: abstract operations and their materialisation as Steps (D-Bus call with
// typed variants, the equivalent virsh command line, a translated description, the inverse step).
import { _, format } from "../i18n.ts";
import { cpusetToMap, formatCpuset, parseCpuset } from "../values/cpuset.ts";
import { MEM_MAXIMUM, NUMA_MODE_VALUE, VCPU_MAXIMUM, scopeFlags, scopeVirshArgs } from "../flags.ts";
import type { DbusCall, Finding, KiB, NumaMode, SchedulerKey, Scope, Step, Tuning, Variant } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { formatSize } from "../values/units.ts";

export type LimitKey = "hard_limit" | "soft_limit" | "swap_hard_limit";

export type Op =
    | { kind: "schedinfo"; params: Partial<Record<SchedulerKey, number>> }
    | { kind: "vcpupin"; vcpu: number; cpus: number[] }
    | { kind: "emulatorpin"; cpus: number[] }
    | { kind: "iothreadpin"; iothread: number; cpus: number[] }
    | { kind: "setvcpus"; count: number; maximum: boolean }
    | { kind: "setmem"; kib: KiB }
    | { kind: "setmaxmem"; kib: KiB }
    | { kind: "memtune"; params: Partial<Record<LimitKey, KiB>> }
    | { kind: "numatune"; mode?: NumaMode; nodeset?: string }
    | { kind: "define"; xml: string; what: string }
    /** the guest's balloon statistics period in seconds (0 = off), virsh dommemstat --period */
    | { kind: "memstat-period"; seconds: number }
    /** a memory device; `requested` only for virtio-mem (its requested size) */
    | { kind: "attach-device" | "detach-device"; xml: string; size: KiB; node?: number | undefined; requested?: KiB | undefined }
    /** virtio-mem: the device's XML with only <requested> changed (Domain.UpdateDevice); `alias` or
     *  `node` is how virsh update-memory-device finds it */
    | { kind: "update-device"; xml: string; requested: KiB; alias?: string | undefined; node?: number | undefined }
    /** an IOThread by id (Domain.AddIOThread / DelIOThread) */
    | { kind: "iothreadadd" | "iothreaddel"; id: number }
    /** an IOThread's polling, live only: virsh iothreadset (libvirt-dbus 1.4.1 has no SetIOThreadParams) */
    | { kind: "iothreadset"; id: number; poll: IothreadPollParams };

/** What iothreadset changes; absent keys are left as they are. */
export interface IothreadPollParams {
    maxNs?: number | undefined;
    grow?: number | undefined;
    shrink?: number | undefined;
}

/** virsh iothreadset's option for each polling key, in virsh's order. */
export const POLL_OPTION = { maxNs: "--poll-max-ns", grow: "--poll-grow", shrink: "--poll-shrink" } as const;

/** An operation on one side (live or config), with the operation that undoes it. */
export interface PlannedOp {
    op: Op;
    inverse?: Op | undefined;
    /** what a rollback of this step cannot restore exactly, said in the step's description */
    note?: string | undefined;
}

/** virsh schedinfo / libvirt typed-parameter names of the scheduler keys. */
export const SCHED_PARAM: Record<SchedulerKey, string> = {
    shares: "cpu_shares",
    period: "vcpu_period",
    quota: "vcpu_quota",
    global_period: "global_period",
    global_quota: "global_quota",
    emulator_period: "emulator_period",
    emulator_quota: "emulator_quota",
    iothread_period: "iothread_period",
    iothread_quota: "iothread_quota",
};

const SAFE_WORD = /^[A-Za-z0-9_./:@%+=,^-]+$/;

/** A word for a POSIX shell: as is when harmless, else single-quoted ('\'' for quotes). */
export function shellQuote(word: string): string {
    if (word !== "" && SAFE_WORD.test(word))
        return word;
    return "'" + word.replace(/'/g, "'\\''") + "'";
}

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** A libvirt UUID (what virsh resolves before any name, and never as an ID). */
export function isUuid(text: string): boolean {
    return UUID.test(text);
}

/** A here-document feeding `xml` to a virsh command reading /dev/stdin, with a delimiter not in the XML. */
export function hereDoc(command: string, xml: string): string {
    let delimiter = "VMTUNE_XML";
    for (let i = 0; xml.split("\n").some(line => line === delimiter); i++)
        delimiter = `VMTUNE_XML_${i}`;
    const body = xml.endsWith("\n") ? xml : xml + "\n";
    return `${command} <<'${delimiter}'\n${body}${delimiter}`;
}

function t(v: number): Variant {
    return { t: "t", v };
}

function x(v: number): Variant {
    return { t: "x", v };
}

function domainCall(method: string, signature: string, args: unknown[]): DbusCall {
    return { target: "domain", method, signature, args };
}

function kibArg(kib: KiB): string {
    return `${kib}KiB`;
}

/** A memtune limit as a step's description shows it: "unlimited" (translated) or a rounded size. */
export function limitDescription(kib: KiB): string {
    return kib >= MEMTUNE_UNLIMITED ? _("unlimited") : formatSize(kib);
}

interface Rendered {
    command: Step["command"];
    virsh: string;
    description: string;
    call: DbusCall;
}

function render(op: Op, uuid: string, scope: Scope, hostCpus: number): Rendered {
    const dom = shellQuote(uuid);
    const sv = scopeVirshArgs(scope);
    const flags = scopeFlags(scope);
    switch (op.kind) {
    case "schedinfo": {
        const keys = Object.keys(op.params) as SchedulerKey[];
        const dict: Record<string, Variant> = {};
        const words: string[] = [];
        for (const key of keys) {
            const value = op.params[key] ?? 0;
            dict[SCHED_PARAM[key]] = key.endsWith("quota") ? x(value) : t(value);
            words.push(`${SCHED_PARAM[key]}=${value}`);
        }
        return {
            command: "schedinfo",
            virsh: `virsh schedinfo ${dom} ${sv} ${words.join(" ")}`,
            description: format(_("Set scheduler parameters: $0"), words.join(", ")),
            call: domainCall("SetSchedulerParameters", "a{sv}u", [dict, flags]),
        };
    }
    case "vcpupin": {
        const set = formatCpuset(op.cpus);
        return {
            command: "vcpupin",
            virsh: `virsh vcpupin ${dom} ${op.vcpu} ${set} ${sv}`,
            description: format(_("Pin vCPU $0 to host CPUs $1"), op.vcpu, set),
            call: domainCall("PinVcpu", "uabu", [op.vcpu, cpusetToMap(op.cpus, hostCpus), flags]),
        };
    }
    case "emulatorpin": {
        const set = formatCpuset(op.cpus);
        return {
            command: "emulatorpin",
            virsh: `virsh emulatorpin ${dom} ${set} ${sv}`,
            description: format(_("Pin the emulator threads to host CPUs $0"), set),
            call: domainCall("PinEmulator", "abu", [cpusetToMap(op.cpus, hostCpus), flags]),
        };
    }
    case "iothreadpin": {
        const set = formatCpuset(op.cpus);
        return {
            command: "iothreadpin",
            virsh: `virsh iothreadpin ${dom} ${op.iothread} ${set} ${sv}`,
            description: format(_("Pin IOThread $0 to host CPUs $1"), op.iothread, set),
            call: domainCall("PinIOThread", "uabu", [op.iothread, cpusetToMap(op.cpus, hostCpus), flags]),
        };
    }
    case "setvcpus":
        return op.maximum
            ? {
                command: "setvcpus",
                virsh: `virsh setvcpus ${dom} ${op.count} --maximum ${sv}`,
                description: format(_("Set the maximum number of vCPUs to $0"), op.count),
                call: domainCall("SetVcpus", "uu", [op.count, flags | VCPU_MAXIMUM]),
            }
            : {
                command: "setvcpus",
                virsh: `virsh setvcpus ${dom} ${op.count} ${sv}`,
                description: format(_("Set the number of vCPUs to $0"), op.count),
                call: domainCall("SetVcpus", "uu", [op.count, flags]),
            };
    case "setmem":
        return {
            command: "setmem",
            virsh: `virsh setmem ${dom} ${kibArg(op.kib)} ${sv}`,
            description: format(_("Set the current memory to $0"), formatSize(op.kib)),
            call: domainCall("SetMemory", "tu", [op.kib, flags]),
        };
    case "setmaxmem":
        return {
            command: "setmaxmem",
            virsh: `virsh setmaxmem ${dom} ${kibArg(op.kib)} ${sv}`,
            description: format(_("Set the maximum memory to $0"), formatSize(op.kib)),
            call: domainCall("SetMemory", "tu", [op.kib, flags | MEM_MAXIMUM]),
        };
    case "memtune": {
        const dict: Record<string, Variant> = {};
        const words: string[] = [];
        const parts: string[] = [];
        for (const key of ["hard_limit", "soft_limit", "swap_hard_limit"] as const) {
            const value = op.params[key];
            if (value === undefined)
                continue;
            dict[key] = t(value);
            words.push(`--${key.replace(/_/g, "-")} ${value >= MEMTUNE_UNLIMITED ? -1 : value}`);
            parts.push(`${key} ${limitDescription(value)}`);
        }
        return {
            command: "memtune",
            virsh: `virsh memtune ${dom} ${words.join(" ")} ${sv}`,
            description: format(_("Set memory limits: $0"), parts.join(", ")),
            call: domainCall("SetMemoryParameters", "a{sv}u", [dict, flags]),
        };
    }
    case "numatune": {
        const dict: Record<string, Variant> = {};
        const words: string[] = [];
        if (op.mode !== undefined) {
            dict["numa_mode"] = { t: "i", v: NUMA_MODE_VALUE[op.mode] };
            words.push(`--mode ${op.mode}`);
        }
        if (op.nodeset !== undefined) {
            dict["numa_nodeset"] = { t: "s", v: op.nodeset };
            words.push(`--nodeset ${shellQuote(op.nodeset)}`);
        }
        return {
            command: "numatune",
            virsh: `virsh numatune ${dom} ${words.join(" ")} ${sv}`,
            description: op.mode !== undefined && op.nodeset !== undefined
                ? format(_("Bind memory to host nodes $0 (mode $1)"), op.nodeset, op.mode)
                : op.mode !== undefined
                    ? format(_("Set the memory mode to $0"), op.mode)
                    : format(_("Bind memory to host nodes $0"), op.nodeset ?? ""),
            call: domainCall("SetNumaParameters", "a{sv}u", [dict, flags]),
        };
    }
    case "memstat-period":
        return {
            command: "dommemstat",
            virsh: `virsh dommemstat ${dom} --period ${op.seconds} ${sv}`,
            description: op.seconds === 0
                ? _("Turn the balloon statistics off")
                : format(_("Have the guest report balloon statistics every $0 s"), op.seconds),
            call: domainCall("SetMemoryStatsPeriod", "iu", [op.seconds, flags]),
        };
    case "define":
        return {
            command: "define",
            virsh: hereDoc("virsh define /dev/stdin", op.xml),
            description: format(_("Save the configuration for next boot: $0"), op.what),
            call: { target: "connect", method: "DomainDefineXML", signature: "s", args: [op.xml] },
        };
    case "attach-device":
    case "detach-device": {
        const where = op.node === undefined ? "" : format(_(" on guest NUMA cell $0"), op.node);
        const attach = op.kind === "attach-device";
        let description: string;
        if (op.requested !== undefined) {
            description = attach
                ? format(_("Add a virtio-mem device of $0$1, $2 of it plugged"), formatSize(op.size), where, formatSize(op.requested))
                : format(_("Remove the virtio-mem device of $0$1"), formatSize(op.size), where);
        } else {
            description = attach
                ? format(_("Add a $0 memory module$1"), formatSize(op.size), where)
                : format(_("Remove the $0 memory module$1"), formatSize(op.size), where);
        }
        return {
            command: op.kind,
            virsh: hereDoc(`virsh ${op.kind} ${dom} /dev/stdin ${sv}`, op.xml),
            description,
            call: domainCall(attach ? "AttachDevice" : "DetachDevice", "su", [op.xml, flags]),
        };
    }
    case "iothreadadd":
    case "iothreaddel": {
        const add = op.kind === "iothreadadd";
        return {
            command: op.kind,
            virsh: `virsh ${op.kind} ${dom} ${op.id} ${sv}`,
            description: format(add ? _("Add IOThread $0") : _("Remove IOThread $0"), op.id),
            call: domainCall(add ? "AddIOThread" : "DelIOThread", "uu", [op.id, flags]),
        };
    }
    case "iothreadset": {
        // the call is virsh itself: the argument array is exactly the line shown (after `virsh [-c URI]`)
        const words: string[] = [];
        const parts: string[] = [];
        for (const key of ["maxNs", "grow", "shrink"] as const) {
            const value = op.poll[key];
            if (value === undefined)
                continue;
            words.push(POLL_OPTION[key], String(value));
            parts.push(`${POLL_OPTION[key].slice(2)} ${value}`);
        }
        const args = ["iothreadset", uuid, String(op.id), ...words, ...sv.split(" ")];
        return {
            command: "iothreadset",
            virsh: `virsh ${args.map(shellQuote).join(" ")}`,
            description: format(_("Set the polling of IOThread $0: $1"), op.id, parts.join(", ")),
            call: { target: "virsh", method: "iothreadset", signature: "", args },
        };
    }
    case "update-device": {
        const select = op.alias !== undefined ? ` --alias ${shellQuote(op.alias)}` : op.node !== undefined ? ` --node ${op.node}` : "";
        const where = op.alias ?? (op.node === undefined ? "" : format(_("on guest NUMA cell $0"), op.node));
        return {
            command: "update-memory-device",
            virsh: `virsh update-memory-device ${dom}${select} --requested-size ${kibArg(op.requested)} ${sv}`,
            description: where === ""
                ? format(_("Ask the guest to plug $0 of the virtio-mem device"), formatSize(op.requested))
                : format(_("Ask the guest to plug $0 of the virtio-mem device $1"), formatSize(op.requested), where),
            call: domainCall("UpdateDevice", "su", [op.xml, flags]),
        };
    }
    }
}

/** Builds the Step for an operation in a scope; `restart` marks next-boot-only effects. The virsh line
 *  names the VM by `uuid`. */
export function makeStep(planned: PlannedOp, uuid: string, scope: Scope, hostCpus: number, restart: boolean): Step {
    const r = render(planned.op, uuid, scope, hostCpus);
    const step: Step = { ...r, scope };
    if (planned.note !== undefined)
        step.description = `${step.description} (${planned.note})`;
    if (restart)
        step.needsRestart = true;
    if (planned.inverse !== undefined) {
        const inv = render(planned.inverse, uuid, scope, hostCpus);
        step.inverse = { ...inv, scope, description: format(_("Undo: $0"), inv.description) };
    }
    return step;
}

/** One side of a plan: the running VM (live) or its persistent definition (config). */
export interface Side {
    scope: "live" | "config";
    tuning: Tuning;
}

/**
 * The steps for one field, per side, in order. Equal live and config sequences (values and inverses)
 * become steps with scope "both". `nextBoot` marks values that only the config holds.
 */
export interface Unit {
    field: string;
    live?: PlannedOp[];
    config?: PlannedOp[];
}

export interface AreaResult {
    units: Unit[];
    refusals: Finding[];
}

export function refusal(field: string, message: string): Finding {
    return { field, severity: "error", message };
}

/** A wanted numatune nodeset in canonical form ("0-1"), or the refusal: unparsable or empty. */
export function wantedNodeset(text: string): { nodeset: string } | { refusal: Finding } {
    try {
        const nodeset = formatCpuset(parseCpuset(text));
        return nodeset === ""
            ? { refusal: refusal("numatune.nodeset", _("The node list leaves no node: choose at least one host NUMA node")) }
            : { nodeset };
    } catch (e) {
        return { refusal: refusal("numatune.nodeset", e instanceof Error ? e.message : String(e)) };
    }
}

export function sameCpus(a: readonly number[], b: readonly number[]): boolean {
    return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** 0 … n-1 */
export function allCpus(n: number): number[] {
    return Array.from({ length: n }, (_x, i) => i);
}
