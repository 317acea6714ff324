// Feeds the model's planner from a VM snapshot. The live scheduler values come from
// GetSchedulerParameters (what the cgroups enforce), so they override the live XML's.
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { plan } from "../../model/plan.ts";
import type { DesiredTuning } from "../../model/plan-types.ts";
import type { Plan, Scope, Tuning } from "../../model/types.ts";

function liveTuning(vm: DomainSnapshot): Tuning | undefined {
    if (!vm.live) return undefined;
    return { ...vm.live, cputune: { ...vm.live.cputune, ...vm.sched } };
}

export function planFor(vm: DomainSnapshot, scope: Scope, hostCpus: number, desired: DesiredTuning): Plan {
    const config = vm.config ?? vm.live;
    if (!config)
        return { steps: [], refusals: [{ field: "@vm", severity: "error", message: vm.error ?? "" }] };
    return plan({
        name: vm.name,
        uuid: vm.uuid,
        driver: vm.connection.driver,
        // always named: virsh's default is qemu:///system only for root; a member of group libvirt
        // pasting a bare `virsh …` would reach their own qemu:///session
        uri: vm.connection.uri,
        running: vm.active,
        live: liveTuning(vm),
        config,
        inactiveXml: vm.configXml ?? vm.liveXml ?? "",
        hostCpus,
        scope,
        desired,
    });
}
