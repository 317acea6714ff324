// Planner, the balloon statistics period (virsh dommemstat --period N): a change like any other,
// reviewed and undone exactly. 0 turns the statistics off; libvirt then writes no <stats period>, so
// an absent period is restored by 0.
import { _, format } from "../i18n.ts";
import type { AreaResult, Unit } from "./plan-ops.ts";
import { refusal } from "./plan-ops.ts";
import type { AreaContext } from "./plan-types.ts";

/** libvirt takes the period as a C int. */
export const MAX_MEMSTAT_PERIOD = 2147483647;

export function planMemstatPeriod(ctx: AreaContext): AreaResult {
    const wanted = ctx.desired.memstatPeriod;
    const result: AreaResult = { units: [], refusals: [] };
    if (wanted === undefined)
        return result;
    if (!Number.isSafeInteger(wanted) || wanted < 0 || wanted > MAX_MEMSTAT_PERIOD) {
        result.refusals.push(refusal("memballoon.period", format(_("The statistics period must be a whole number of seconds from 0 (off) to $0"), MAX_MEMSTAT_PERIOD)));
        return result;
    }
    const unit: Unit = { field: "memballoon.period" };
    for (const side of ctx.sides) {
        const balloon = side.tuning.memballoon;
        const have = balloon?.statsPeriod ?? 0;
        if (have === wanted)
            continue;
        if (balloon === undefined || balloon.model === "none") {
            // libvirt: "No memory balloon device configured, can not set the collection period"
            result.refusals.push(refusal("memballoon.period", _("The VM has no balloon device: it reports no memory statistics")));
            continue;
        }
        unit[side.scope] = [{ op: { kind: "memstat-period", seconds: wanted }, inverse: { kind: "memstat-period", seconds: have } }];
    }
    result.units.push(unit);
    return result;
}

/** A container has no balloon (LXC): any wanted period is refused. */
export function refuseMemstatPeriod(ctx: AreaContext): AreaResult {
    return ctx.desired.memstatPeriod === undefined
        ? { units: [], refusals: [] }
        : { units: [], refusals: [refusal("memballoon.period", _("A container has no balloon device: it reports no memory statistics"))] };
}
