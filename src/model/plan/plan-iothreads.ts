// IOThreads: added and removed by id (AddIOThread / DelIOThread, live, next boot or both), which
// IOThread each disk uses (next boot, in the define: diskIothreadChange), and each IOThread's polling
// (live only: libvirt 9.0 keeps it in no definition, and libvirt-dbus 1.4.1 has no SetIOThreadParams,
// so the step runs `virsh iothreadset … --live` as shown).
//
// libvirt's rules, checked before anything is sent: an IOThread id is unique; a disk's IOThread must
// exist in the definition it is written to; only virtio disks take one; an IOThread a disk uses cannot
// be removed; removing a pinned IOThread drops its pin (said in the step).
import { _, format } from "../i18n.ts";
import type { DiskIothread, Finding, Tuning } from "../types.ts";
import type { AreaResult, IothreadPollParams, PlannedOp, Side, Unit } from "./plan-ops.ts";
import { refusal } from "./plan-ops.ts";
import type { AreaContext, DesiredTuning } from "./plan-types.ts";

export type WantedDiskIothreads = NonNullable<DesiredTuning["diskIothreads"]>;

/** The disks whose IOThread changes; undefined when none does. */
export function diskIothreadChange(wanted: WantedDiskIothreads, config: Tuning): WantedDiskIothreads | undefined {
    const out = wanted.filter(w => (w.iothread ?? undefined) !== config.disks.find(d => d.target === w.target)?.iothread);
    return out.length > 0 ? out : undefined;
}

/** The disks as they will be for next boot once `wanted` is written. */
function disksAfter(disks: readonly DiskIothread[], wanted: WantedDiskIothreads | undefined): DiskIothread[] {
    return disks.map(d => {
        const w = wanted?.find(x => x.target === d.target);
        if (w === undefined)
            return d;
        const out: DiskIothread = { ...d };
        if (w.iothread === null) delete out.iothread;
        else out.iothread = w.iothread;
        return out;
    });
}

/** Each wanted disk assignment that libvirt would refuse at define, in words. */
export function diskIothreadRefusals(d: DesiredTuning, config: Tuning): Finding[] {
    const out: Finding[] = [];
    for (const w of d.diskIothreads ?? []) {
        const field = `disk.${w.target}`;
        const disk = config.disks.find(x => x.target === w.target);
        if (disk === undefined) {
            out.push(refusal(field, format(_("The definition has no disk $0"), w.target)));
            continue;
        }
        if (w.iothread === null || w.iothread === disk.iothread)
            continue;
        if (disk.bus !== "virtio")
            out.push(refusal(field, format(_("Disk $0 is on bus $1: only virtio disks can use an IOThread"), w.target, disk.bus ?? "—")));
        else if (d.iothreadsAdd?.includes(w.iothread) === true && !config.iothreadIds.includes(w.iothread))
            out.push(refusal(field, format(_("IOThread $0 is added by this same change: apply that first, then assign disk $1 to it"), w.iothread, w.target)));
        else if (!config.iothreadIds.includes(w.iothread))
            out.push(refusal(field, format(_("IOThread $0 does not exist for next boot: add it first"), w.iothread)));
        else if (d.iothreadsDel?.includes(w.iothread) === true)
            out.push(refusal(field, format(_("IOThread $0 is removed by this same change: disk $1 cannot use it"), w.iothread, w.target)));
    }
    return out;
}

/** Whole sentences per side, so that each translates as one. */
function alreadyThere(side: Side, id: number): string {
    return side.scope === "live"
        ? format(_("IOThread $0 already exists in the running VM"), id)
        : format(_("IOThread $0 already exists in the next-boot definition"), id);
}

function notThere(side: Side, id: number): string {
    return side.scope === "live"
        ? format(_("IOThread $0 does not exist in the running VM"), id)
        : format(_("IOThread $0 does not exist in the next-boot definition"), id);
}

function addOps(side: Side, id: number, out: Finding[]): PlannedOp[] {
    if (side.tuning.iothreadIds.includes(id)) {
        out.push(refusal(`iothread.${id}`, alreadyThere(side, id)));
        return [];
    }
    return [{ op: { kind: "iothreadadd", id }, inverse: { kind: "iothreaddel", id } }];
}

function delOps(ctx: AreaContext, side: Side, id: number, out: Finding[]): PlannedOp[] {
    const t = side.tuning;
    const field = `iothread.${id}`;
    if (!t.iothreadIds.includes(id)) {
        out.push(refusal(field, notThere(side, id)));
        return [];
    }
    // the define (first in the plan) may move a disk off it for next boot; the running VM's disks stay
    const disks = side.scope === "config" ? disksAfter(t.disks, ctx.desired.diskIothreads) : t.disks;
    const users = disks.filter(disk => disk.iothread === id).map(disk => disk.target);
    if (users.length > 0) {
        out.push(refusal(field, side.scope === "live"
            ? format(_("IOThread $0 is used by disk $1 in the running VM: libvirt cannot remove it while the VM runs. Assign the disk to another IOThread for next boot, then remove it for next boot"), id, users.join(", "))
            : format(_("IOThread $0 is used by disk $1 for next boot: assign the disk to another IOThread or to none first"), id, users.join(", "))));
        return [];
    }
    const pin = t.cputune.iothreadpin.find(p => p.id === id);
    const sched = t.cputune.iothreadsched.length > 0;
    if (side.scope === "config") {
        // libvirt drops the pin (and the id from <iothreadsched>) with it: the definition as read restores all
        return [{
            op: { kind: "iothreaddel", id },
            inverse: pin !== undefined || sched ? { kind: "define", xml: ctx.inactiveXml, what: _("the previous configuration") } : { kind: "iothreadadd", id },
            note: pin === undefined ? undefined : format(_("its pin to host CPUs $0 goes with it"), pin.cpuset),
        }];
    }
    return [{
        op: { kind: "iothreaddel", id },
        inverse: { kind: "iothreadadd", id },
        note: pin === undefined ? undefined : format(_("its pin to host CPUs $0 goes with it; a rollback adds it back unpinned"), pin.cpuset),
    }];
}

const POLL_KEYS = ["maxNs", "grow", "shrink"] as const;

function pollOps(side: Side, want: NonNullable<DesiredTuning["iothreadPoll"]>[number], out: Finding[]): PlannedOp[] {
    const field = `iothread.${want.id}.poll`;
    if (!side.tuning.iothreadIds.includes(want.id)) {
        out.push(refusal(field, notThere(side, want.id)));
        return [];
    }
    const have = side.tuning.iothreadPoll?.find(p => p.id === want.id);
    if (have === undefined) {
        out.push(refusal(field, format(_("The running VM did not report the polling of IOThread $0, so a rollback could not restore it: reload the page"), want.id)));
        return [];
    }
    const poll: IothreadPollParams = {};
    const old: IothreadPollParams = {};
    for (const key of POLL_KEYS) {
        const value = want[key];
        if (value !== undefined && value !== have[key]) {
            poll[key] = value;
            old[key] = have[key];
        }
    }
    if (Object.keys(poll).length === 0)
        return [];
    return [{
        op: { kind: "iothreadset", id: want.id, poll }, inverse: { kind: "iothreadset", id: want.id, poll: old },
        note: _("libvirt-dbus has no method for this: the virsh line shown is what runs"),
    }];
}

/**
 * The IOThread steps after the define: added ones first (a pin or a disk may follow), then polling,
 * then removals (the define may have moved a disk off one). A change equal on both sides becomes one
 * step with scope "both".
 */
export function planIothreads(ctx: AreaContext): AreaResult {
    const d = ctx.desired;
    const result: AreaResult = { units: [], refusals: [] };
    const perId = (ids: readonly number[], ops: (side: Side, id: number) => PlannedOp[], kind: string) => {
        for (const id of ids) {
            const unit: Unit = { field: `iothread.${id}.${kind}` };
            for (const side of ctx.sides) {
                const planned = ops(side, id);
                if (planned.length > 0)
                    unit[side.scope] = planned;
            }
            result.units.push(unit);
        }
    };
    perId(d.iothreadsAdd ?? [], (side, id) => addOps(side, id, result.refusals), "add");
    if (d.iothreadPoll !== undefined && d.iothreadPoll.length > 0) {
        const live = ctx.sides.find(s => s.scope === "live");
        if (ctx.sides.some(s => s.scope === "config")) {
            result.refusals.push(refusal("iothread.poll", ctx.running === undefined
                ? _("IOThread polling can only be set while the VM runs: libvirt keeps it in no definition")
                : _("IOThread polling is set on the running VM only (libvirt keeps it in no definition, so QEMU's default is back after a restart): choose Live")));
        } else if (live !== undefined) {
            const unit: Unit = { field: "iothread.poll", live: [] };
            for (const want of d.iothreadPoll)
                unit.live?.push(...pollOps(live, want, result.refusals));
            result.units.push(unit);
        }
    }
    perId(d.iothreadsDel ?? [], (side, id) => delOps(ctx, side, id, result.refusals), "del");
    if (ctx.sides.some(s => s.scope === "config") && d.diskIothreads !== undefined) {
        const config = ctx.sides.find(s => s.scope === "config");
        if (config !== undefined)
            result.refusals.push(...diskIothreadRefusals(d, config.tuning));
    }
    return result;
}
