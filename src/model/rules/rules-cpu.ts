// CPU rules: scheduler values, pinning cpusets, vCPU counts, topology, hotplug steps.
import { _, format } from "../i18n.ts";
import { parseCpuset } from "../values/cpuset.ts";
import type { Finding, SchedulerKey, SchedulerParams, Scope, Topology } from "../types.ts";
import { SCHEDULER_KEYS } from "../types.ts";
import type { CgroupVersion, FieldResult } from "./rules-fields.ts";
import {
    error, warning, parseIntegerField, parseSchedulerField,
    SHARES_RANGE, PERIOD_MIN, PERIOD_MAX, QUOTA_MIN, QUOTA_MAX,
} from "./rules-fields.ts";
import type { Feature, RuleContext } from "./rules-driver.ts";
import { checkScopeRunning, checkSupport, schedulerKeysFor, touchesLive } from "./rules-driver.ts";

/** Range checks of already-parsed scheduler values (e.g. from a bulk action, not typed text). */
export function checkSchedulerValues(params: SchedulerParams, cgroup: CgroupVersion): Finding[] {
    const findings: Finding[] = [];
    for (const key of SCHEDULER_KEYS) {
        const value = params[key];
        if (value === undefined)
            continue;
        const result = parseSchedulerField(key, String(value), cgroup);
        if (!result.ok)
            findings.push(result.finding);
    }
    return findings;
}

/** The typed scheduler fields -> values + findings, including what the connection supports. */
export function validateScheduler(texts: Partial<Record<SchedulerKey, string>>, ctx: RuleContext, scope: Scope):
        { values: SchedulerParams; findings: Finding[] } {
    const values: SchedulerParams = {};
    const findings: Finding[] = [];
    const offered = schedulerKeysFor(ctx);
    for (const key of SCHEDULER_KEYS) {
        const text = texts[key];
        if (text === undefined)
            continue;
        if (!offered.includes(key)) {
            const support = checkSupport(ctx, "scheduler", key);
            findings.push(...(support.length > 0
                ? support
                : [error(key, format(_("This connection has no $0 parameter"), key))]));
            continue;
        }
        // a field the user edited must hold a value: 0 (periods, quotas) is how to unset one
        const result = parseSchedulerField(key, text, ctx.cgroup, true);
        if (!result.ok)
            findings.push(result.finding);
        else if (result.value !== undefined)
            values[key] = result.value;
    }
    if (Object.keys(texts).length > 0)
        findings.push(...checkScopeRunning(scope, ctx.running, "scheduler"));
    return { values, findings };
}

/** Describes the scheduler ranges of this host, for field help texts. */
export function schedulerRangeHelp(key: SchedulerKey, cgroup: CgroupVersion): string {
    if (key === "shares")
        return format(_("$0 to $1, relative to other VMs"), SHARES_RANGE[cgroup].min, SHARES_RANGE[cgroup].max);
    if (key.endsWith("period"))
        return format(_("$0 to $1 µs; 0 leaves it unset"), PERIOD_MIN, PERIOD_MAX);
    return format(_("$0 to $1 µs; negative or \"unlimited\" for no limit; 0 leaves it unset"), QUOTA_MIN, QUOTA_MAX);
}

/** A pinning cpuset: libvirt syntax, CPUs that exist on the host, not empty. */
export function checkPinCpuset(field: string, text: string, hostCpus: number): FieldResult<number[]> {
    let cpus: number[];
    try {
        cpus = parseCpuset(text, hostCpus);
    } catch (e) {
        return { ok: false, finding: error(field, e instanceof Error ? e.message : String(e)) };
    }
    if (cpus.length === 0)
        return { ok: false, finding: error(field, _("The CPU list leaves no CPU: a pin needs at least one host CPU")) };
    return { ok: true, value: cpus };
}

export interface PinTexts {
    /** vCPU id -> cpuset text */
    vcpupin?: { id: number; cpuset: string }[];
    emulatorpin?: string;
    /** iothread id -> cpuset text */
    iothreadpin?: { id: number; cpuset: string }[];
}

/** One pin: the connection can pin this kind of thread, and the cpuset is valid and non-empty. */
function checkOnePin(ctx: RuleContext, feature: Feature, field: string, cpuset: string): Finding[] {
    const support = checkSupport(ctx, feature, field);
    if (support.length > 0)
        return support;
    const result = checkPinCpuset(field, cpuset, ctx.hostCpus);
    return result.ok ? [] : [result.finding];
}

/** Pinning panel: each cpuset valid and non-empty, vCPU and iothread ids existing, connection able to pin. */
export function validatePinning(pins: PinTexts, vm: { maxVcpus: number; iothreadIds: number[] }, ctx: RuleContext, scope: Scope): Finding[] {
    const findings: Finding[] = [];
    for (const pin of pins.vcpupin ?? []) {
        const field = `vcpupin.${pin.id}`;
        findings.push(...!Number.isInteger(pin.id) || pin.id < 0 || pin.id >= vm.maxVcpus
            ? [error(field, format(_("vCPU $0 does not exist: this VM has vCPUs 0-$1"), pin.id, vm.maxVcpus - 1))]
            : checkOnePin(ctx, "vcpupin", field, pin.cpuset));
    }
    if (pins.emulatorpin !== undefined)
        findings.push(...checkOnePin(ctx, "emulatorpin", "emulatorpin", pins.emulatorpin));
    for (const pin of pins.iothreadpin ?? []) {
        const field = `iothreadpin.${pin.id}`;
        findings.push(...!vm.iothreadIds.includes(pin.id)
            ? [error(field, format(_("IOThread $0 does not exist in this VM"), pin.id))]
            : checkOnePin(ctx, "iothreadpin", field, pin.cpuset));
    }
    const any = (pins.vcpupin?.length ?? 0) > 0 || pins.emulatorpin !== undefined || (pins.iothreadpin?.length ?? 0) > 0;
    if (any)
        findings.push(...checkScopeRunning(scope, ctx.running, "pinning"));
    return findings;
}

/** 1 ≤ current ≤ maximum. */
export function checkVcpuCounts(current: number, max: number): Finding[] {
    const findings: Finding[] = [];
    if (!Number.isInteger(max) || max < 1)
        findings.push(error("vcpu.max", _("The maximum number of vCPUs must be at least 1")));
    if (!Number.isInteger(current) || current < 1)
        findings.push(error("vcpu.current", _("A VM needs at least 1 vCPU")));
    else if (current > max)
        findings.push(error("vcpu.current", format(_("$0 vCPUs is more than the maximum of $1: raise the maximum first (next boot) or choose fewer"), current, max)));
    return findings;
}

export function topologyProduct(t: Topology): number {
    return t.sockets * t.dies * t.cores * t.threads;
}

/** sockets × dies × cores × threads must equal the maximum vCPU count; each at least 1. */
export function checkTopology(max: number, topology: Topology | undefined): Finding[] {
    if (topology === undefined)
        return [];
    const findings: Finding[] = [];
    for (const key of ["sockets", "dies", "cores", "threads"] as const) {
        if (!Number.isInteger(topology[key]) || topology[key] < 1)
            findings.push(error(`topology.${key}`, format(_("$0 must be a whole number of at least 1"), key)));
    }
    if (findings.length > 0)
        return findings;
    const product = topologyProduct(topology);
    if (product !== max) {
        findings.push(error("topology", format(
            _("The topology gives $0 vCPUs ($1 sockets × $2 dies × $3 cores × $4 threads) but the maximum is $5: make them equal"),
            product, topology.sockets, topology.dies, topology.cores, topology.threads, max)));
    }
    return findings;
}

/** openEuler guidance: hot-plug in steps that are a multiple of `cores`. Hot-unplug needs the guest. */
export function checkHotplugStep(oldCurrent: number, newCurrent: number, topology: Topology | undefined, running: boolean): Finding[] {
    const findings: Finding[] = [];
    if (!running || oldCurrent === newCurrent)
        return findings;
    const step = Math.abs(newCurrent - oldCurrent);
    if (topology !== undefined && topology.cores > 1 && step % topology.cores !== 0) {
        findings.push(warning("vcpu.current", format(
            _("Changing by $0 vCPUs splits a socket: change in multiples of $1 (cores per socket) to keep the guest topology sane"),
            step, topology.cores)));
    }
    if (newCurrent < oldCurrent) {
        findings.push(warning("vcpu.current",
            _("Removing vCPUs from a running VM needs the guest's cooperation and can fail (\"device_del … not supported\"); the guest may also refuse to offline a busy CPU")));
    }
    return findings;
}

export interface VcpuTexts {
    current?: string;
    max?: string;
    topology?: Topology;
}

/** vCPU panel: parsed counts, bounds, topology, hotplug step, maximum only for next boot. */
export function validateVcpus(texts: VcpuTexts, vm: { current: number; max: number; topology?: Topology | undefined },
                              ctx: RuleContext, scope: Scope): { values: { current?: number; max?: number }; findings: Finding[] } {
    const findings: Finding[] = [];
    const values: { current?: number; max?: number } = {};
    const parse = (field: string, text: string | undefined): number | undefined => {
        if (text === undefined)
            return undefined;
        const r = parseIntegerField(field, text, { required: true, min: 1, max: 16384 });
        if (!r.ok) {
            findings.push(r.finding);
            return undefined;
        }
        return r.value;
    };
    const current = parse("vcpu.current", texts.current);
    const max = parse("vcpu.max", texts.max);
    if (current !== undefined)
        values.current = current;
    if (max !== undefined)
        values.max = max;
    if (findings.length > 0)
        return { values, findings };
    const newMax = max ?? vm.max;
    const newCurrent = current ?? vm.current;
    findings.push(...checkVcpuCounts(newCurrent, newMax));
    findings.push(...checkTopology(newMax, texts.topology ?? vm.topology));
    if (max !== undefined && max !== vm.max && scope === "live")
        findings.push(error("vcpu.max", _("The maximum number of vCPUs changes only for next boot: choose Next boot")));
    if (current !== undefined && current !== vm.current) {
        if (touchesLive(scope, ctx.running))
            findings.push(...checkSupport(ctx, "vcpus-live", "vcpu.current"));
        findings.push(...checkScopeRunning(scope, ctx.running, "vcpu.current"));
        if (!findings.some(f => f.severity === "error"))
            findings.push(...checkHotplugStep(vm.current, current, texts.topology ?? vm.topology, touchesLive(scope, ctx.running)));
    }
    return { values, findings };
}
