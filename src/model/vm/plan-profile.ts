// A CPU profile's one plan: its next-boot part planned for the config, its pins for the scope chosen
// (live, next boot or both). Next boot's steps come first (a define is the base later config steps
// apply on); every inverse restores the definition as read, so the rollback is exact. Any refusal
// refuses the whole profile: half a profile is not offered.
import type { DesiredTuning } from "../plan/plan-types.ts";
import type { Plan, Scope } from "../types.ts";
import { planFor } from "./plan-for.ts";
import type { Vm } from "./vm.ts";

export function planProfile(vm: Vm, scope: Scope, hostCpus: number, parts: { pins: DesiredTuning; nextBoot: DesiredTuning }): Plan {
    const plans: Plan[] = [];
    if (scope === "config" || !vm.active || !vm.persistent) {
        // a transient VM has no next boot: planFor refuses it with the reason
        plans.push(planFor(vm, "config", hostCpus, { ...parts.nextBoot, ...parts.pins }));
    } else {
        plans.push(planFor(vm, "config", hostCpus, parts.nextBoot));
        if (Object.keys(parts.pins).length > 0)
            plans.push(planFor(vm, scope, hostCpus, parts.pins));
    }
    const refusals = plans.flatMap(p => p.refusals);
    if (refusals.length > 0)
        return { steps: [], refusals };
    return { steps: plans.flatMap(p => p.steps), refusals: [] };
}
