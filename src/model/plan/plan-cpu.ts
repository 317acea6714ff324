// Planner, CPU areas: scheduler parameters, vCPU/emulator/iothread pins, vCPU counts.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import type { Finding, SchedulerKey, Tuning } from "../types.ts";
import { SCHEDULER_KEYS } from "../types.ts";
import type { AreaResult, Op, PlannedOp, Unit } from "./plan-ops.ts";
import { SCHED_PARAM, allCpus, refusal, sameCpus } from "./plan-ops.ts";
import type { AreaContext } from "./plan-types.ts";

export function planScheduler(ctx: AreaContext): AreaResult {
    const desired = ctx.desired.scheduler;
    const result: AreaResult = { units: [], refusals: [] };
    if (desired === undefined)
        return result;
    const unit: Unit = { field: "scheduler" };
    for (const side of ctx.sides) {
        const params: Partial<Record<SchedulerKey, number>> = {};
        const old: Partial<Record<SchedulerKey, number>> = {};
        const unknown: string[] = [];
        let restoreByDefine = false;
        for (const key of SCHEDULER_KEYS) {
            const want = desired[key];
            const have = side.tuning.cputune[key];
            if (want === undefined || want === have)
                continue;
            // ranges depend on the host (rules-fields.ts); a non-integer can never be sent (fuzz.test.ts)
            if (!Number.isSafeInteger(want)) {
                if (!result.refusals.some(r => r.field === key))
                    result.refusals.push(refusal(key, format(_("$0 must be a whole number, not $1"), key, String(want))));
                continue;
            }
            params[key] = want;
            if (have !== undefined)
                old[key] = have;
            else if (side.scope === "config" && key !== "shares")
                old[key] = 0; // --config: 0 removes a period or quota from the definition
            else if (side.scope === "config")
                restoreByDefine = true;
            else
                unknown.push(SCHED_PARAM[key]); // live: libvirt skips 0, and the value in force was not reported
        }
        if (Object.keys(params).length === 0)
            continue;
        const inverse: Op | undefined = restoreByDefine
            ? { kind: "define", xml: ctx.inactiveXml, what: _("the previous scheduler parameters") }
            : Object.keys(old).length > 0 ? { kind: "schedinfo", params: old } : undefined;
        const note = unknown.length > 0
            ? format(_("the running VM did not report its $0: a rollback cannot restore it"), unknown.join(", "))
            : undefined;
        unit[side.scope] = [{ op: { kind: "schedinfo", params }, inverse, note }];
    }
    result.units.push(unit);
    return result;
}

/** The CPUs a vCPU/emulator/iothread may run on when it has no pin: <vcpu cpuset> or all. */
function defaultCpus(tuning: Tuning, hostCpus: number): number[] {
    if (tuning.vcpu.cpuset !== undefined) {
        try {
            const cpus = parseCpuset(tuning.vcpu.cpuset, hostCpus);
            if (cpus.length > 0)
                return cpus;
        } catch {
            // fall through: the whole host
        }
    }
    return allCpus(hostCpus);
}

function currentCpus(cpuset: string | undefined, tuning: Tuning, hostCpus: number): number[] {
    if (cpuset !== undefined) {
        try {
            return parseCpuset(cpuset, hostCpus);
        } catch {
            return defaultCpus(tuning, hostCpus);
        }
    }
    return defaultCpus(tuning, hostCpus);
}

/** The wanted CPUs of a pin (null = the whole host), or the refusal message. */
function wantedCpus(cpuset: string | null, hostCpus: number): number[] | string {
    if (cpuset === null)
        return allCpus(hostCpus);
    try {
        const cpus = parseCpuset(cpuset, hostCpus);
        return cpus.length > 0 ? cpus : _("The CPU list leaves no CPU: a pin needs at least one host CPU");
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

type PinKind = "vcpupin" | "emulatorpin" | "iothreadpin";

function pinOp(kind: PinKind, id: number, cpus: number[]): Op {
    if (kind === "vcpupin")
        return { kind, vcpu: id, cpus };
    if (kind === "iothreadpin")
        return { kind, iothread: id, cpus };
    return { kind, cpus };
}

function planOnePin(ctx: AreaContext, kind: PinKind, id: number, cpuset: string | null,
                    current: (t: Tuning) => string | undefined): AreaResult {
    const field = kind === "emulatorpin" ? kind : `${kind}.${id}`;
    const want = wantedCpus(cpuset, ctx.hostCpus);
    if (typeof want === "string")
        return { units: [], refusals: [refusal(field, want)] };
    const unit: Unit = { field };
    for (const side of ctx.sides) {
        if (kind === "vcpupin" && id >= side.tuning.vcpu.max)
            return { units: [], refusals: [refusal(field, format(_("vCPU $0 does not exist: this VM has vCPUs 0-$1"), id, side.tuning.vcpu.max - 1))] };
        if (kind === "iothreadpin" && !side.tuning.iothreadIds.includes(id))
            return { units: [], refusals: [refusal(field, format(_("IOThread $0 does not exist in this VM"), id))] };
        const pinned = current(side.tuning);
        const have = currentCpus(pinned, side.tuning, ctx.hostCpus);
        if (sameCpus(have, want))
            continue;
        if (pinned !== undefined) {
            unit[side.scope] = [{ op: pinOp(kind, id, want), inverse: pinOp(kind, id, have) }];
        } else if (side.scope === "config") {
            // no call removes a pin (a pin to every CPU stays written): the definition as read does
            unit[side.scope] = [{ op: pinOp(kind, id, want), inverse: { kind: "define", xml: ctx.inactiveXml, what: _("the previous configuration") } }];
        } else {
            unit[side.scope] = [{
                op: pinOp(kind, id, want), inverse: pinOp(kind, id, have),
                note: format(_("there was no pin: a rollback allows CPUs $0 again, and the running VM lists that as a pin until it restarts"), formatCpuset(have)),
            }];
        }
    }
    return { units: [unit], refusals: [] };
}

export function planPins(ctx: AreaContext): AreaResult {
    const result: AreaResult = { units: [], refusals: [] };
    const add = (r: AreaResult) => {
        result.units.push(...r.units);
        result.refusals.push(...r.refusals);
    };
    for (const pin of ctx.desired.vcpupin ?? [])
        add(planOnePin(ctx, "vcpupin", pin.id, pin.cpuset, t => t.cputune.vcpupin.find(p => p.id === pin.id)?.cpuset));
    if (ctx.desired.emulatorpin !== undefined) {
        const cpuset = ctx.desired.emulatorpin;
        add(planOnePin(ctx, "emulatorpin", 0, cpuset, t => t.cputune.emulatorpin));
    }
    for (const pin of ctx.desired.iothreadpin ?? [])
        add(planOnePin(ctx, "iothreadpin", pin.id, pin.cpuset, t => t.cputune.iothreadpin.find(p => p.id === pin.id)?.cpuset));
    return result;
}

/** Next-boot vCPU counts libvirt would refuse: 1 ≤ current ≤ maximum. */
export function vcpuCountRefusal(max: number, current: number): Finding | undefined {
    if (max < 1)
        return refusal("vcpu.max", _("The maximum number of vCPUs must be at least 1"));
    if (current < 1)
        return refusal("vcpu.current", _("A VM needs at least 1 vCPU"));
    if (current > max)
        return refusal("vcpu.current", format(_("$0 vCPUs is more than the maximum of $1: raise the maximum first (next boot) or choose fewer"), current, max));
    return undefined;
}

function setvcpus(count: number, maximum: boolean, old: number): PlannedOp {
    return { op: { kind: "setvcpus", count, maximum }, inverse: { kind: "setvcpus", count: old, maximum } };
}

/**
 * vCPU counts. Config: raising the maximum comes before the current count, lowering after it; the
 * maximum is config only (on a running VM it applies at next boot). Live: hot-plug up to the running
 * maximum. `maxByDefine`: the define step carries the maximum (topology or guest cells involved).
 */
export function planVcpus(ctx: AreaContext, maxByDefine: boolean): AreaResult {
    const d = ctx.desired.vcpus;
    const result: AreaResult = { units: [], refusals: [] };
    if (d === undefined)
        return result;
    const maxUnit: Unit = { field: "vcpu.max" };
    const curUnit: Unit = { field: "vcpu.current" };
    let lowering = false;
    const config = ctx.sides.find(s => s.scope === "config");
    const live = ctx.sides.find(s => s.scope === "live");
    if (config !== undefined && !maxByDefine) {
        const oldMax = config.tuning.vcpu.max;
        const oldCur = config.tuning.vcpu.current;
        const newMax = d.max ?? oldMax;
        const newCur = d.current ?? Math.min(oldCur, newMax);
        // what libvirt would refuse is refused here, before anything is sent (as planMemory does)
        const refused = vcpuCountRefusal(newMax, newCur);
        if (refused) {
            result.refusals.push(refused);
            return result;
        }
        lowering = newMax < oldMax;
        // lowering the maximum drops the pins (and <vcpus> entries) of the removed vCPUs; raising it
        // back does not bring them: the definition as read does
        const freed = lowering && (config.tuning.cputune.vcpupin.some(p => p.id >= newMax) || config.tuning.vcpus.length > 0);
        if (newMax !== oldMax) {
            maxUnit.config = [freed
                ? { op: { kind: "setvcpus", count: newMax, maximum: true }, inverse: { kind: "define", xml: ctx.inactiveXml, what: _("the previous configuration") } }
                : setvcpus(newMax, true, oldMax)];
        }
        if (newCur !== oldCur)
            curUnit.config = [setvcpus(newCur, false, oldCur)];
    }
    if (config === undefined && d.max !== undefined && live !== undefined && d.max !== live.tuning.vcpu.max)
        result.refusals.push(refusal("vcpu.max", _("The maximum number of vCPUs changes only for next boot: choose Next boot or Both")));
    if (live !== undefined && d.current !== undefined && d.current !== live.tuning.vcpu.current) {
        if (d.current > live.tuning.vcpu.max) {
            result.refusals.push(refusal("vcpu.current", format(_("The running VM has at most $0 vCPUs until it restarts: choose at most $0, or Next boot"),
                                                               live.tuning.vcpu.max)));
            delete curUnit.config;
        } else if (d.current < 1) {
            result.refusals.push(refusal("vcpu.current", _("A VM needs at least 1 vCPU")));
            delete curUnit.config;
        } else {
            curUnit.live = [setvcpus(d.current, false, live.tuning.vcpu.current)];
        }
    }
    result.units.push(...(lowering ? [curUnit, maxUnit] : [maxUnit, curUnit]));
    return result;
}

