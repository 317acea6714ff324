// The plan for a VM as read: feeds the planner the VM's sides. The live side is effectiveLive (the
// scheduler values libvirt reports override the live XML's).
// A persistent VM is planned only from its own next-boot definition: when that could not be read,
// planning refuses with the reason (a define built from the live XML would store the running
// configuration for next boot). A transient VM has no next boot: only live changes are planned.
import { _ } from "../i18n.ts";
import { plan } from "../plan/plan.ts";
import type { DesiredTuning } from "../plan/plan-types.ts";
import type { Plan, Scope } from "../types.ts";
import { withMaskedLines } from "../view/step-display.ts";
import type { Vm } from "./vm.ts";
import { effectiveLive } from "./vm.ts";

function refused(message: string): Plan {
    return { steps: [], refusals: [{ field: "@vm", severity: "error", message }] };
}

export function planFor(vm: Vm, scope: Scope, hostCpus: number, desired: DesiredTuning): Plan {
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
        live: effectiveLive(vm),
        config,
        inactiveXml,
        hostCpus,
        scope,
        desired,
    });
    return { ...planned, steps: planned.steps.map(withMaskedLines) };
}
