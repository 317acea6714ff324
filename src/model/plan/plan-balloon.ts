// The balloon's policy (autodeflate, freePageReporting): next-boot attributes of <memballoon>, set by
// the define step. A value the definition already has (absent counts as off, QEMU's default) gives no
// change; turning one on where QEMU would not act on it is refused with the reason.
import type { Driver, Finding, Tuning, TuningChange } from "../types.ts";
import type { DesiredTuning } from "./plan-types.ts";
import { checkBalloonPolicy } from "../rules/rules-balloon.ts";

type Policy = NonNullable<TuningChange["memballoon"]>;
const KEYS = ["autodeflate", "freePageReporting"] as const;

/** The memballoon part of the define's change (undefined: nothing changes), or why it is refused. */
export function balloonPolicyChange(desired: DesiredTuning, config: Tuning, driver: Driver): { change?: Policy; refusals: Finding[] } {
    const wanted = desired.memballoon;
    if (wanted === undefined)
        return { refusals: [] };
    const change: Policy = {};
    for (const key of KEYS) {
        const value = wanted[key];
        if (value === undefined)
            continue;
        // null (remove: off) and false are the same setting; only what differs is written
        if ((value ?? false) !== (config.memballoon?.[key] ?? false))
            change[key] = value;
    }
    if (Object.keys(change).length === 0)
        return { refusals: [] };
    const refusals = checkBalloonPolicy(change, config, driver);
    return refusals.length > 0 ? { refusals } : { change, refusals };
}
