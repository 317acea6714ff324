// The planner: desired values + the VM as read -> ordered Steps (D-Bus call, scope, virsh equivalent,
// inverse) or refusals. Pure: no cockpit, no I/O.
//
// Scopes: "live" needs a running VM; "both" on a shut-off VM plans the config only. Values only the
// config holds (maximum memory and vCPUs, topology, guest cells, maxMemory, memnodes) go to the config
// even with "both" on a running VM, marked needsRestart. A change that cannot be done in the scope
// asked for is refused as a whole (no half-done "both"). Unchanged values give no steps.
//
// Order: define (config-only XML edits) first, because later config steps apply on top of it; then
// vCPUs, memory, memtune, scheduler, numatune, pins, DIMMs, virtio-mem. Within an area: maximum before current
// when raising, after when lowering; memtune one limit at a time, keeping soft ≤ hard ≤ swap_hard.
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import { editTuning, readTuning } from "../domain/domain-xml.ts";
import { backingChange, backingRefusals } from "./plan-backing.ts";
import type { Finding, GuestCell, MemNode, Plan, Step, Topology, Tuning, TuningChange } from "../types.ts";
import type { AreaResult, Op, Side, Unit } from "./plan-ops.ts";
import { isUuid, makeStep, refusal, wantedNodeset } from "./plan-ops.ts";
import type { AreaContext, PlanInput } from "./plan-types.ts";
import { planPins, planScheduler, planVcpus } from "./plan-cpu.ts";
import { planDimms, planMemory, planMemtune } from "./plan-memory.ts";
import { planVirtioMem } from "./plan-virtiomem.ts";
import { planMemstatPeriod, refuseMemstatPeriod } from "./plan-memstat.ts";
import { balloonPolicyChange } from "./plan-balloon.ts";
import { cpuModelChange, cpuModelRefusals } from "./plan-cpumodel.ts";
import { schedChange, schedRefusals } from "./plan-sched.ts";
import { diskIothreadChange, planIothreads } from "./plan-iothreads.ts";
import { profileClearChange } from "./plan-profile.ts";
import { sameNodeset } from "../rules/rules-numa.ts";
import { lxcConfigChange, lxcLiveRefusals } from "./plan-lxc.ts";
import { invalidDesired } from "./plan-validate.ts";
import { liveRefusals, nextBootRefusals } from "./plan-final.ts";

export type { DesiredPin, DesiredLimit, DesiredTuning, PlanInput } from "./plan-types.ts";
export { shellQuote, hereDoc } from "./plan-ops.ts";
export { memtuneSequence, limitsOrdered, dimmXml } from "./plan-memory.ts";
export { virtioMemXml, withRequested } from "./plan-virtiomem.ts";

function sameTopology(a: Topology | undefined, b: Topology | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined &&
        a.sockets === b.sockets && a.dies === b.dies && a.cores === b.cores && a.threads === b.threads);
}

/** A cpuset/nodeset in one spelling ("0,1" = "0-1"); as written when it does not parse. */
function canonSet(text: string): string {
    const trimmed = text.trim();
    try {
        return trimmed === "" ? "" : formatCpuset(parseCpuset(trimmed));
    } catch {
        return trimmed;
    }
}

function cellKey(c: GuestCell): string {
    return JSON.stringify([c.id, canonSet(c.cpus), c.memory, c.memAccess ?? null, c.distances.map(d => [d.id, d.value])]);
}

function sameCells(a: GuestCell[], b: GuestCell[]): boolean {
    return a.length === b.length && a.every((c, i) => b[i] !== undefined && cellKey(c) === cellKey(b[i] as GuestCell));
}

function sameMemnodes(a: MemNode[], b: MemNode[]): boolean {
    const key = (m: MemNode) => `${m.cellid}/${m.mode}/${canonSet(m.nodeset)}`;
    return a.length === b.length && a.map(key).sort().join() === b.map(key).sort().join();
}

interface DefineResult extends AreaResult {
    maxByDefine: boolean;
    cellsByDefine: boolean;
}

/** Config-only XML edits as one define step (inverse: define the XML as read). `lxc`: the container's
 *  next-boot scheduler, numatune and vCPUs go in it too (plan-lxc.ts). */
function planDefine(ctx: AreaContext, config: Tuning, lxc: boolean): DefineResult {
    const d = ctx.desired;
    const lxcPart = lxc && ctx.sides.some(s => s.scope === "config") ? lxcConfigChange(d, config) : undefined;
    const change: TuningChange = { ...lxcPart?.change };
    const fields: { field: string; what: string }[] = [...lxcPart?.fields ?? []];
    if (d.topology !== undefined && !sameTopology(d.topology, config.cpu.topology)) {
        change.topology = d.topology;
        fields.push({ field: "topology", what: _("CPU topology") });
    }
    if (d.cells !== undefined && !sameCells(d.cells, config.cpu.cells)) {
        change.cells = d.cells;
        fields.push({ field: "cells", what: _("guest NUMA cells") });
    }
    if (d.maxMemory !== undefined &&
        !(d.maxMemory === null ? config.maxMemory === undefined
            : config.maxMemory !== undefined && config.maxMemory.size === d.maxMemory.size && config.maxMemory.slots === d.maxMemory.slots)) {
        change.maxMemory = d.maxMemory;
        fields.push({ field: "maxMemory", what: _("memory hotplug limit and slots") });
    }
    if (d.memnodes !== undefined && !sameMemnodes(d.memnodes, config.numatune.memnodes)) {
        change.numatune = { ...change.numatune, memnodes: d.memnodes };
        fields.push({ field: "memnode", what: _("memory nodes per guest cell") });
    }
    const backing = d.memoryBacking === undefined ? undefined : backingChange(d.memoryBacking, config);
    if (backing !== undefined) {
        change.memoryBacking = backing;
        fields.push({ field: "backing", what: _("memory backing") });
    }
    const balloon = balloonPolicyChange(d, config, lxc ? "lxc" : ctx.driver ?? "qemu");
    if (balloon.change !== undefined) {
        change.memballoon = balloon.change;
        fields.push({ field: "memballoon.policy", what: _("balloon policy") });
    }
    const cpuModel = d.cpuModel === undefined ? undefined : cpuModelChange(d.cpuModel, config);
    if (cpuModel !== undefined) {
        change.cpuModel = cpuModel;
        fields.push({ field: "cpu.model", what: _("CPU model") });
    }
    if (d.kvmHintDedicated !== undefined && (d.kvmHintDedicated ?? undefined) !== config.kvmHintDedicated) {
        change.kvmHintDedicated = d.kvmHintDedicated;
        fields.push({ field: "kvm.hintDedicated", what: _("dedicated-vCPU hint") });
    }
    const sched = d.sched === undefined ? undefined : schedChange(d.sched, config);
    if (sched !== undefined) {
        change.cputune = { ...change.cputune, ...sched };
        fields.push({ field: "sched", what: _("thread scheduling") });
    }
    const disks = d.diskIothreads === undefined ? undefined : diskIothreadChange(d.diskIothreads, config);
    if (disks !== undefined) {
        change.disks = disks;
        fields.push({ field: "disks.iothread", what: _("disk IOThreads") });
    }
    const cleared = profileClearChange(d, config);
    if (cleared !== undefined) {
        if (cleared.change.cputune !== undefined)
            change.cputune = { ...change.cputune, ...cleared.change.cputune };
        if (cleared.change.numatune !== undefined)
            change.numatune = { ...change.numatune, ...cleared.change.numatune };
        fields.push(...cleared.fields);
    }
    const maxChanges = d.vcpus?.max !== undefined && d.vcpus.max !== config.vcpu.max;
    const maxByDefine = maxChanges && (config.cpu.topology !== undefined || change.topology !== undefined ||
                                       config.cpu.cells.length > 0 || change.cells !== undefined);
    if (maxByDefine && d.vcpus?.max !== undefined) {
        const max = d.vcpus.max;
        const current = d.vcpus.current ?? Math.min(config.vcpu.current, max);
        change.vcpu = current === config.vcpu.current ? { max } : { max, current };
        fields.push({ field: "vcpu.max", what: _("maximum vCPUs") });
    }
    const cellsByDefine = change.cells !== undefined;
    if (cellsByDefine && d.memory?.current !== undefined && d.memory.current !== config.currentMemory)
        change.currentMemory = d.memory.current;

    const result: DefineResult = { units: [], refusals: [...lxcPart?.refusals ?? [], ...balloon.refusals], maxByDefine, cellsByDefine };
    if (fields.length === 0)
        return result;
    if (!ctx.sides.some(s => s.scope === "config")) {
        for (const f of fields)
            result.refusals.push(refusal(f.field, format(_("The $0 change only for next boot: choose Next boot or Both"), f.what)));
        return result;
    }
    let xml: string;
    try {
        xml = editTuning(ctx.inactiveXml, change);
    } catch (e) {
        result.refusals.push(refusal(fields[0]?.field ?? "define", e instanceof Error ? e.message : String(e)));
        return result;
    }
    if (cpuModel !== undefined) {
        const refused = cpuModelRefusals(readTuning(xml));
        if (refused.length > 0) {
            result.refusals.push(...refused);
            return result;
        }
    }
    if (sched !== undefined) {
        const refused = schedRefusals(readTuning(xml));
        if (refused.length > 0) {
            result.refusals.push(...refused);
            return result;
        }
    }
    if (backing !== undefined) {
        const refused = backingRefusals(readTuning(xml), config);
        if (refused.length > 0) {
            result.refusals.push(...refused);
            return result;
        }
    }
    result.units.push({
        field: fields[0]?.field ?? "define",
        config: [{
            op: { kind: "define", xml, what: fields.map(f => f.what).join(", ") },
            inverse: { kind: "define", xml: ctx.inactiveXml, what: _("the previous configuration") },
        }],
    });
    return result;
}

/** numatune: the mode never changes live; the nodeset changes live only with mode restrictive. */
function planNumatune(ctx: AreaContext): AreaResult {
    const d = ctx.desired.numatune;
    const none: AreaResult = { units: [], refusals: [] };
    if (d === undefined || (d.mode === undefined && d.nodeset === undefined))
        return none;
    let nodeset: string | undefined;
    if (d.nodeset !== undefined) {
        const wanted = wantedNodeset(d.nodeset);
        if ("refusal" in wanted)
            return { units: [], refusals: [wanted.refusal] };
        nodeset = wanted.nodeset;
    }
    const unit: Unit = { field: "numatune" };
    for (const side of ctx.sides) {
        const have = side.tuning.numatune;
        const mode = have.mode ?? "strict";
        const modeChange = d.mode !== undefined && d.mode !== mode;
        const nodesetChange = nodeset !== undefined && !sameNodeset(nodeset, have.nodeset);
        if (side.scope === "live") {
            if (modeChange) {
                return { units: [], refusals: [refusal("numatune.mode", format(_("The memory mode cannot change while the VM runs (it is $0): choose Next boot"), mode))] };
            }
            if (nodesetChange && mode !== "restrictive") {
                return { units: [], refusals: [refusal("numatune.nodeset", format(_("The nodeset of a running VM changes only with mode restrictive (it is $0): choose Next boot"), mode))] };
            }
        }
        if (!modeChange && !nodesetChange)
            continue;
        const op: Op = { kind: "numatune" };
        const old: Op = { kind: "numatune" };
        if (modeChange && d.mode !== undefined) {
            op.mode = d.mode;
            old.mode = mode;
        }
        if (nodesetChange && nodeset !== undefined) {
            op.nodeset = nodeset;
            if (have.nodeset !== undefined)
                old.nodeset = have.nodeset;
        }
        const unrestorable = (modeChange && have.mode === undefined) || (nodesetChange && have.nodeset === undefined);
        const inverse: Op | undefined = !unrestorable ? old
            : side.scope === "config" ? { kind: "define", xml: ctx.inactiveXml, what: _("the previous configuration") }
                : undefined;
        unit[side.scope] = [{ op, inverse }];
    }
    return { units: [unit], refusals: [] };
}

function toSteps(units: Unit[], input: PlanInput): Step[] {
    const steps: Step[] = [];
    for (const unit of units) {
        const live = unit.live ?? [];
        const config = unit.config ?? [];
        if (live.length > 0 && config.length > 0 && JSON.stringify(live) === JSON.stringify(config)) {
            steps.push(...live.map(p => makeStep(p, input.uuid, "both", input.hostCpus, false)));
            continue;
        }
        steps.push(...live.map(p => makeStep(p, input.uuid, "live", input.hostCpus, false)));
        steps.push(...config.map(p => makeStep(p, input.uuid, "config", input.hostCpus, input.running)));
    }
    return steps;
}

function planSides(input: PlanInput, sides: Side[]): { units: Unit[]; refusals: Finding[] } {
    const ctx: AreaContext = {
        desired: input.desired, sides, hostCpus: input.hostCpus, inactiveXml: input.inactiveXml,
        running: input.running ? input.live : undefined, driver: input.driver,
    };
    if (input.driver === "lxc")
        return planLxcSides(input, ctx);
    const define = planDefine(ctx, input.config, false);
    const areas = [
        define,
        planVcpus(ctx, define.maxByDefine),
        planMemory(ctx, define.cellsByDefine),
        planMemtune(ctx),
        planMemstatPeriod(ctx),
        planScheduler(ctx),
        planIothreads(ctx),
        planNumatune(ctx),
        planPins(ctx),
        planDimms(ctx),
        planVirtioMem(ctx),
    ];
    return { units: areas.flatMap(a => a.units), refusals: areas.flatMap(a => a.refusals) };
}

/** A container: next-boot scheduler, numatune and vCPUs by define; live, the scheduler only. */
function planLxcSides(input: PlanInput, ctx: AreaContext): { units: Unit[]; refusals: Finding[] } {
    const live = ctx.sides.find(s => s.scope === "live");
    const liveOnly: AreaContext = { ...ctx, sides: live ? [live] : [] };
    const define = planDefine(ctx, input.config, true);
    const areas: AreaResult[] = [
        define,
        { units: [], refusals: lxcLiveRefusals(input.desired, live) },
        planMemory(ctx, define.cellsByDefine),
        planMemtune(ctx),
        refuseMemstatPeriod(ctx),
        planScheduler(liveOnly),
    ];
    return { units: areas.flatMap(a => a.units), refusals: areas.flatMap(a => a.refusals) };
}

/** virsh -c URI for connections other than the default one. */
function withUri(step: Step, uri: string): Step {
    const out: Step = { ...step, virsh: step.virsh.replace(/^virsh /, `virsh -c ${uri} `) };
    if (step.inverse)
        out.inverse = withUri(step.inverse, uri);
    return out;
}

/** Desired state + the VM as read -> ordered steps, or refusals saying why a change cannot be done. */
export function plan(input: PlanInput): Plan {
    if (!isUuid(input.uuid))
        return { steps: [], refusals: [refusal("@vm", _("The VM's UUID is not known: reload the page"))] };
    if (!Number.isSafeInteger(input.hostCpus) || input.hostCpus < 1)
        return { steps: [], refusals: [refusal("@host", _("The host's CPUs are not known: reload the page"))] };
    const invalid = invalidDesired(input.desired);
    if (invalid.length > 0)
        return { steps: [], refusals: invalid };
    if (input.running && input.live === undefined)
        return { steps: [], refusals: [refusal("scope", _("The running VM's state is not known: reload the page"))] };
    const config: Side = { scope: "config", tuning: input.config };
    if (input.scope === "live" && !input.running) {
        // find what would change, and refuse each of it
        const probe = planSides(input, [config]);
        const refusals = probe.units
            .filter(u => (u.config ?? []).length > 0)
            .map(u => refusal(u.field, _("The VM is not running: nothing can change live. Choose Next boot")));
        return { steps: [], refusals: [...refusals, ...probe.refusals] };
    }
    const sides: Side[] = [];
    if (input.running && input.live !== undefined && input.scope !== "config")
        sides.push({ scope: "live", tuning: input.live });
    if (input.scope !== "live")
        sides.push(config);
    const final = [
        ...(sides.some(s => s.scope === "config") ? nextBootRefusals(input.desired, input.config) : []),
        ...(sides.some(s => s.scope === "live") && input.live !== undefined ? liveRefusals(input.desired, input.live) : []),
    ];
    if (final.length > 0)
        return { steps: [], refusals: final.filter((f, i) => final.findIndex(o => o.field === f.field && o.message === f.message) === i) };
    const { units, refusals } = planSides(input, sides);
    const steps = toSteps(units, input);
    const uri = input.uri;
    return { steps: uri === undefined ? steps : steps.map(s => withUri(s, uri)), refusals };
}

/** The inverse steps of `done` steps, last first: what rollback runs after a failure. */
export function rollbackSteps(done: readonly Step[]): Step[] {
    return done.slice().reverse().flatMap(s => (s.inverse === undefined ? [] : [s.inverse]));
}
