// Feeds the model's planner from a VM snapshot. The live scheduler values come from
// GetSchedulerParameters (what the cgroups enforce), so they override the live XML's.
// A persistent VM is planned only from its own next-boot definition: when that could not be read,
// planning refuses with the reason (a define built from the live XML would store the running
// configuration for next boot). A transient VM has no next boot: only live changes are planned.
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { _ } from "../../model/i18n.ts";
import { plan } from "../../model/plan/plan.ts";
import type { DesiredTuning } from "../../model/plan/plan-types.ts";
import type { Plan, Scope, Tuning } from "../../model/types.ts";
import { withMaskedLines } from "../../model/view/step-display.ts";

function liveTuning(vm: DomainSnapshot): Tuning | undefined {
    if (!vm.live) return undefined;
    return { ...vm.live, cputune: { ...vm.live.cputune, ...vm.sched } };
}

function refused(message: string): Plan {
    return { steps: [], refusals: [{ field: "@vm", severity: "error", message }] };
}

export function planFor(vm: DomainSnapshot, scope: Scope, hostCpus: number, desired: DesiredTuning): Plan {
    if (!vm.persistent && scope !== "live")
        return refused(_("This VM is transient: it has no next-boot definition, only live changes are possible."));
    // a transient VM's only definition is the running one; it stands in for the planner's config side
    const config = vm.persistent ? vm.config : vm.live;
    const inactiveXml = vm.persistent ? vm.configXml : vm.liveXml;
    if (!config || inactiveXml === undefined)
        return refused(vm.configError ?? vm.error ?? _("The VM's definition could not be read."));
    const planned = plan({
        name: vm.name,
        uuid: vm.uuid,
        driver: vm.connection.driver,
        // always named: virsh's default is qemu:///system only for root; a member of group libvirt
        // pasting a bare `virsh …` would reach their own qemu:///session
        uri: vm.connection.uri,
        running: vm.active,
        live: liveTuning(vm),
        config,
        inactiveXml,
        hostCpus,
        scope,
        desired,
    });
    return { ...planned, steps: planned.steps.map(withMaskedLines) };
}
