// Planner, memory areas: current/maximum memory (ordering rule), memtune (ordered limits), DIMMs.
import { _, format } from "../i18n.ts";
import type { KiB, MemoryDevice, Memtune, Tuning } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { formatSize } from "../values/units.ts";
import { findPath, parseXml, serializeXml, setText } from "../domain/xml-dom.ts";
import type { AreaResult, LimitKey, PlannedOp, Unit } from "./plan-ops.ts";
import { limitDescription, refusal } from "./plan-ops.ts";
import type { AreaContext } from "./plan-types.ts";

/**
 * Current and maximum memory. Config: current ≤ maximum at every step, so raising the maximum comes
 * first and lowering it comes after current. The maximum is config only and, with guest NUMA cells,
 * changes only through the cells. Live: balloon up to the running maximum.
 * `cellsByDefine`: the define step rewrites the cells (and carries current memory).
 */
export function planMemory(ctx: AreaContext, cellsByDefine: boolean): AreaResult {
    const d = ctx.desired.memory;
    const result: AreaResult = { units: [], refusals: [] };
    if (d === undefined)
        return result;
    const maxUnit: Unit = { field: "memory.max" };
    const curUnit: Unit = { field: "memory.current" };
    let lowering = false;
    const config = ctx.sides.find(s => s.scope === "config");
    const live = ctx.sides.find(s => s.scope === "live");
    if (config !== undefined && !cellsByDefine) {
        const oldMax = config.tuning.memory;
        const oldCur = config.tuning.currentMemory;
        let newMax = d.max ?? oldMax;
        if (newMax !== oldMax && config.tuning.cpu.cells.length > 0) {
            result.refusals.push(refusal("memory.max", _("This VM has guest NUMA cells: its maximum memory is the sum of the cells. Change the cells' memory on the NUMA tab")));
            newMax = oldMax;
        }
        const newCur = d.current ?? Math.min(oldCur, newMax);
        if (newCur > newMax) {
            result.refusals.push(refusal("memory.current", format(_("Current memory $0 is more than the maximum $1: raise the maximum too"),
                                                                  formatSize(newCur), formatSize(newMax))));
            return result;
        }
        lowering = newMax < oldMax;
        if (newMax !== oldMax)
            maxUnit.config = [{ op: { kind: "setmaxmem", kib: newMax }, inverse: { kind: "setmaxmem", kib: oldMax } }];
        if (newCur !== oldCur)
            curUnit.config = [{ op: { kind: "setmem", kib: newCur }, inverse: { kind: "setmem", kib: oldCur } }];
    }
    if (config === undefined && live !== undefined && d.max !== undefined && d.max !== live.tuning.memory) {
        result.refusals.push(refusal("memory.max", _("The maximum memory of a running VM cannot change (\"cannot resize the maximum memory on an active domain\"): choose Next boot or Both")));
    }
    if (live !== undefined && d.current !== undefined && d.current !== live.tuning.currentMemory) {
        if (d.current > live.tuning.memory) {
            result.refusals.push(refusal("memory.current", format(_("The running VM's maximum is $0 until it restarts: current memory can be at most $0 now, or choose Next boot"),
                                                                  formatSize(live.tuning.memory))));
            delete curUnit.config;
        } else if (live.tuning.memballoon?.model === "none") {
            result.refusals.push(refusal("memory.current", _("The VM has no balloon device: its memory cannot change while it runs. Choose Next boot")));
            delete curUnit.config;
        } else {
            curUnit.live = [{ op: { kind: "setmem", kib: d.current }, inverse: { kind: "setmem", kib: live.tuning.currentMemory } }];
        }
    }
    result.units.push(...(lowering ? [curUnit, maxUnit] : [maxUnit, curUnit]));
    return result;
}

const LIMIT_KEYS: readonly LimitKey[] = ["hard_limit", "soft_limit", "swap_hard_limit"];
export type Limits = Record<LimitKey, KiB>;

function limitsOf(m: Memtune): Limits {
    return {
        hard_limit: m.hard_limit ?? MEMTUNE_UNLIMITED,
        soft_limit: m.soft_limit ?? MEMTUNE_UNLIMITED,
        swap_hard_limit: m.swap_hard_limit ?? MEMTUNE_UNLIMITED,
    };
}

/** soft ≤ hard ≤ swap_hard; an unlimited soft limit is no soft limit and bounds nothing. */
export function limitsOrdered(l: Limits): boolean {
    return (l.soft_limit >= MEMTUNE_UNLIMITED || l.soft_limit <= l.hard_limit) && l.hard_limit <= l.swap_hard_limit;
}

/**
 * The memtune steps from `from` to `to`, one limit per step, in an order that keeps
 * soft ≤ hard ≤ swap_hard true after every step (raising: swap_hard, hard, soft; lowering: soft,
 * hard, swap_hard; mixed: whatever fits first). Falls back to one step when `from` is already broken.
 */
export function memtuneSequence(from: Limits, to: Limits): PlannedOp[] {
    const state = { ...from };
    const remaining = LIMIT_KEYS.filter(k => from[k] !== to[k]);
    const preference: LimitKey[] = [
        ...(["swap_hard_limit", "hard_limit", "soft_limit"] as const).filter(k => to[k] > from[k]),
        ...(["soft_limit", "hard_limit", "swap_hard_limit"] as const).filter(k => to[k] < from[k]),
    ];
    const steps: PlannedOp[] = [];
    while (remaining.length > 0) {
        const next = preference.find(k => remaining.includes(k) && limitsOrdered({ ...state, [k]: to[k] }));
        if (next === undefined) {
            const params: Partial<Limits> = {};
            const old: Partial<Limits> = {};
            for (const k of remaining) {
                params[k] = to[k];
                old[k] = state[k];
            }
            steps.push({ op: { kind: "memtune", params }, inverse: { kind: "memtune", params: old } });
            break;
        }
        steps.push({ op: { kind: "memtune", params: { [next]: to[next] } }, inverse: { kind: "memtune", params: { [next]: state[next] } } });
        state[next] = to[next];
        remaining.splice(remaining.indexOf(next), 1);
    }
    return steps;
}

export function planMemtune(ctx: AreaContext): AreaResult {
    const d = ctx.desired.memtune;
    const result: AreaResult = { units: [], refusals: [] };
    if (d === undefined)
        return result;
    const unit: Unit = { field: "memtune" };
    for (const side of ctx.sides) {
        const from = limitsOf(side.tuning.memtune);
        const to = { ...from };
        for (const k of LIMIT_KEYS) {
            const want = d[k];
            if (want !== undefined)
                to[k] = want === null ? MEMTUNE_UNLIMITED : Math.min(want, MEMTUNE_UNLIMITED);
        }
        if (!limitsOrdered(to)) {
            const message = to.hard_limit > to.swap_hard_limit
                ? _("The hard limit would be above the swap hard limit: libvirt refuses this. Raise the swap hard limit too")
                : _("The soft limit would be above the hard limit: lower the soft limit or raise the hard limit");
            return { units: [], refusals: [refusal("memtune", message)] };
        }
        if (side.scope === "live" && to.hard_limit !== from.hard_limit && to.hard_limit < MEMTUNE_UNLIMITED &&
            to.hard_limit < side.tuning.currentMemory) {
            // libvirt writes it to the cgroup at once: the kernel then reclaims or kills QEMU
            return {
                units: [], refusals: [refusal("memtune.hard_limit", format(_("A hard limit of $0 is below what the running VM uses now ($1): libvirt writes it to the cgroup at once and the kernel kills QEMU. Choose at least $1, or Next boot"),
                                                                   formatSize(to.hard_limit), formatSize(side.tuning.currentMemory)))],
            };
        }
        const seq = memtuneSequence(from, to);
        const running = ctx.running;
        const merged = unit.live !== undefined && JSON.stringify(unit.live) === JSON.stringify(seq); // one "both" step each
        if (side.scope === "config" && running !== undefined && seq.length > 0 && !merged) {
            // libvirt checks hard ≤ swap_hard of each call against the RUNNING definition even for
            // --config; the live steps (if any) come first, and config steps are undone before them
            const liveLimits = unit.live !== undefined ? limitsAfter(limitsOf(running.memtune), unit.live) : limitsOf(running.memtune);
            const calls = seq.flatMap(p => [p.op, ...(p.inverse ? [p.inverse] : [])]);
            if (calls.some(op => op.kind === "memtune" && !hardBelowSwap({ ...liveLimits, ...op.params }))) {
                return {
                    units: [], refusals: [refusal("memtune", format(_("libvirt compares a next-boot hard or swap hard limit with the running VM's limits (hard $0, swap hard $1) and refuses a hard limit above the swap hard limit (\"memory hard_limit tunable value must be lower than or equal to swap_hard_limit\"): change the running VM's limits too (Both), or keep within them"),
                                                                      limitDescription(liveLimits.hard_limit), limitDescription(liveLimits.swap_hard_limit)))],
                };
            }
        }
        if (seq.length > 0)
            unit[side.scope] = seq;
    }
    result.units.push(unit);
    return result;
}

function hardBelowSwap(l: Limits): boolean {
    return l.hard_limit <= l.swap_hard_limit;
}

/** The limits after the memtune steps `seq`. */
function limitsAfter(from: Limits, seq: PlannedOp[]): Limits {
    const out = { ...from };
    for (const p of seq) {
        if (p.op.kind === "memtune")
            Object.assign(out, p.op.params);
    }
    return out;
}

/** <memory model='dimm'><target><size unit='KiB'>N</size><node>M</node></target><alias name='A'/></memory>.
 *  The user alias (ua-…) names this one module: libvirt keeps it, and a detach giving it removes exactly
 *  this module even beside identical ones (checked with libvirt 9.0; size and node alone match the first). */
export function dimmXml(size: KiB, node: number, alias?: string): string {
    const doc = parseXml("<memory model='dimm'><target><size unit='KiB'/><node/></target></memory>", "memory");
    const sizeEl = findPath(doc.documentElement, ["target", "size"]);
    const nodeEl = findPath(doc.documentElement, ["target", "node"]);
    if (sizeEl === undefined || nodeEl === undefined)
        throw new Error("dimm template");
    setText(sizeEl, String(size));
    setText(nodeEl, String(node));
    if (alias !== undefined) {
        const aliasEl = doc.createElement("alias");
        aliasEl.setAttribute("name", alias);
        doc.documentElement.appendChild(aliasEl);
    }
    return serializeXml(doc.documentElement);
}

/** The first ua-vmtune-dimmN alias no memory device of any side has, nor one given out already. */
function freeAlias(sides: readonly { tuning: Tuning }[], taken: Set<string>): string {
    for (const s of sides) {
        for (const m of s.tuning.memoryDevices) {
            if (m.alias !== undefined)
                taken.add(m.alias);
        }
    }
    let n = 0;
    while (taken.has(`ua-vmtune-dimm${n}`))
        n++;
    const alias = `ua-vmtune-dimm${n}`;
    taken.add(alias);
    return alias;
}

/** The side's own copy of a memory device: libvirt matches a detach by the address (slot and base) and
 *  alias in the XML, which differ between the live and the next-boot definition. A user alias (ua-…)
 *  names one module on both sides; else the slot must agree; else it must be the only candidate. */
function findDevice(t: Tuning, dev: MemoryDevice): MemoryDevice | "ambiguous" | undefined {
    const same = t.memoryDevices.filter(m => m.model === dev.model && m.size === dev.size && m.node === dev.node);
    if (dev.alias?.startsWith("ua-"))
        return same.find(m => m.alias === dev.alias);
    if (dev.slot !== undefined)
        return same.find(m => m.slot === dev.slot);
    return same.length > 1 ? "ambiguous" : same[0];
}

/** DIMM attach (inverse detach) and detach (inverse attach), per side. */
export function planDimms(ctx: AreaContext): AreaResult {
    const result: AreaResult = { units: [], refusals: [] };
    const aliases = new Set<string>();
    for (const req of ctx.desired.attachDimms ?? []) {
        // a safe integer: 6.03e+151 is an "integer" too, and would be sent as a rounded number
        if (!Number.isSafeInteger(req.size) || req.size <= 0) {
            result.refusals.push(refusal("dimm.size", _("Enter a size for the memory module")));
            continue;
        }
        const missing = ctx.sides.find(s => !s.tuning.cpu.cells.some(c => c.id === req.node));
        if (missing !== undefined) {
            result.refusals.push(refusal("dimm.node", format(_("Guest NUMA cell $0 does not exist: a memory module goes to one of the VM's cells"), String(req.node))));
            continue;
        }
        const xml = dimmXml(req.size, req.node, freeAlias(ctx.sides, aliases));
        const unit: Unit = { field: "dimm" };
        for (const side of ctx.sides) {
            unit[side.scope] = [{
                op: { kind: "attach-device", xml, size: req.size, node: req.node },
                inverse: { kind: "detach-device", xml, size: req.size, node: req.node },
            }];
        }
        result.units.push(unit);
    }
    for (const dev of ctx.desired.detachDimms ?? []) {
        const unit: Unit = { field: "dimm" };
        for (const side of ctx.sides) {
            const own = findDevice(side.tuning, dev);
            if (own === undefined)
                continue;
            if (own === "ambiguous") {
                result.refusals.push(refusal("dimm", _("Several identical memory modules without a slot address: libvirt would remove the first of them, which may not be this one. Detach it with virsh giving its address")));
                return { units: [], refusals: result.refusals };
            }
            unit[side.scope] = [{
                op: { kind: "detach-device", xml: own.xml, size: own.size, node: own.node },
                inverse: { kind: "attach-device", xml: own.xml, size: own.size, node: own.node },
            }];
        }
        result.units.push(unit);
    }
    return result;
}
