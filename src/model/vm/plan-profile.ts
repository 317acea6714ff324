// A CPU profile's one plan: its next-boot part planned for the config, its pins for the scope chosen
// (next boot or both; live alone is refused by the planner for the next-boot part, with its reasons). Next boot's steps come first (a define is the base later config steps
// apply on); every inverse restores the definition as read, so the rollback is exact. Any refusal
// refuses the whole profile: half a profile is not offered.
import type { DesiredTuning } from "../plan/plan-types.ts";
import type { Plan, Scope } from "../types.ts";
import { planFor } from "./plan-for.ts";
import type { Vm } from "./vm.ts";

export interface ProfileParts {
    pins: DesiredTuning;
    nextBoot: DesiredTuning;
    /** the pins are the running VM's only (Shared: next boot takes them out in its define) */
    pinsLiveOnly?: boolean;
}

export function planProfile(vm: Vm, scope: Scope, hostCpus: number, parts: ProfileParts): Plan {
    const plans: Plan[] = [];
    if (scope === "both" && vm.active) {
        plans.push(planFor(vm, "config", hostCpus, parts.nextBoot));
        if (Object.keys(parts.pins).length > 0)
            plans.push(planFor(vm, parts.pinsLiveOnly ? "live" : "both", hostCpus, parts.pins));
    } else if (scope === "live") {
        // the next-boot part is planned too, so that the planner says why it cannot be live
        plans.push(planFor(vm, "live", hostCpus, { ...parts.nextBoot, ...parts.pins }));
    } else {
        plans.push(planFor(vm, "config", hostCpus, parts.pinsLiveOnly ? parts.nextBoot : { ...parts.nextBoot, ...parts.pins }));
    }
    const refusals = plans.flatMap(p => p.refusals);
    if (refusals.length > 0)
        return { steps: [], refusals };
    return { steps: plans.flatMap(p => p.steps), refusals: [] };
}
