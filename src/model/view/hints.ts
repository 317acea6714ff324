// A plain explanation beside libvirt's own error message (which is always shown verbatim).
import { _ } from "../i18n.ts";

const HINTS: [RegExp, () => string][] = [
    [/cannot set memory higher than max memory/i,
        () => _("Current memory cannot exceed the maximum. Raise the maximum first (for a running VM it changes only for next boot).")],
    [/cannot resize the maximum memory on an active domain/i,
        () => _("The maximum memory of a running VM cannot change. Apply it for next boot and restart the VM.")],
    [/unplug of device was rejected by the guest/i,
        () => _("The guest refused to release the device (it still uses that memory or vCPU); the VM keeps it and nothing changed.")],
    [/device_del|not supported device type|unplug/i,
        () => _("The guest or its CPU model refused to unplug the vCPU. QEMU's qemu64/kvm64 models cannot unplug vCPUs; the VM keeps its current vCPUs.")],
    [/cannot limit locked memory/i,
        () => _("A memtune hard limit prevents memory hotplug: QEMU must lock the new memory. Remove or raise the hard limit first.")],
    [/empty cpu list/i,
        () => _("An affinity needs at least one host CPU.")],
    [/numatune|numa_mode|change.*mode/i,
        () => _("The NUMA memory mode of a running VM cannot change; apply it for next boot. A live nodeset change needs mode restrictive.")],
    [/domain is not running|not running/i,
        () => _("The VM stopped meanwhile; apply for next boot instead.")],
    [/invalid type/i,
        () => _("vmtune sent a value of the wrong type. This is a vmtune bug; please report it with this message.")],
    [/access denied|not authorized|permission/i,
        () => _("Your session may not change this VM. Turn on administrative access in Cockpit.")],
    [/maximum|exceed|too many|greater than/i,
        () => _("A value is above what libvirt or the host allows for this VM; check the limits shown beside the field.")],
];

export function hintFor(message: string): string | undefined {
    for (const [pattern, hint] of HINTS)
        if (pattern.test(message)) return hint();
    return undefined;
}
