// What changed between two reads of a VM, as lines an administrator reads: its state, both
// definitions as whole documents (canonical, secure reads) and the scheduler values. Used for the
// conflict check before Apply and to verify a rollback. Pure: unit-tested in Node.
import { diffValues } from "../domain/diff.ts";
import { _, format } from "../i18n.ts";
import { diffDomainXml } from "../domain/xml-compare.ts";
import type { Vm } from "./vm.ts";

/**
 * What a running VM's live definition changes by itself, without anyone changing the VM: these do
 * not count as a conflict, nor as a difference after a rollback.
 * - <currentMemory>: libvirt rewrites it from QEMU's balloon events while the guest's balloon driver
 *   moves towards its target (seen here: after `setmem 200M --live` it read 262144, 261120, then
 *   204800 KiB within about a second, with no further call).
 * - <channel><target state>: the guest agent connecting or going away (libvirt's VSERPORT_CHANGE).
 * - <disk><target tray>: the guest opening or closing a CD-ROM tray (libvirt's DEVICE_TRAY_MOVED).
 * - <memory model='virtio-mem'><target><current>: what the guest has plugged, moving towards <requested>
 *   in steps as the guest's driver plugs or unplugs blocks (libvirt's MEMORY_DEVICE_SIZE_CHANGE; seen
 *   here: 131072 → 262144 KiB within seconds of a resize, with no further call). <currentMemory>
 *   follows it too (the initial memory plus what virtio-mem devices have plugged).
 * Nothing else moved on this stack (two running fixtures, live XML dumped every 4 s for 24 s, identical).
 * The next-boot definition never changes by itself: nothing is ignored there.
 */
export function liveVolatile(path: readonly string[]): boolean {
    const p = path.join("/");
    return p === "currentMemory" || p === "devices/channel/target/@state" || p === "devices/disk/target/@tray" ||
        p === "devices/memory/target/current";
}

/**
 * Changes to the VM since `seen` was read: its state, both definitions as whole documents (canonical,
 * secure reads) and the scheduler values (not all of them are in the XML).
 */
export function changesSince(seen: Vm, now: Vm): string[] {
    const changes: string[] = [];
    if (seen.state !== now.state) changes.push(format(_("state: $0 → $1"), seen.state, now.state));
    if (seen.liveXml !== undefined && now.liveXml !== undefined)
        changes.push(...diffDomainXml(seen.liveXml, now.liveXml, liveVolatile).map(c => format(_("live: $0"), c)));
    if (seen.configXml !== undefined && now.configXml !== undefined)
        changes.push(...diffDomainXml(seen.configXml, now.configXml).map(c => format(_("next boot: $0"), c)));
    else if (seen.configXml !== now.configXml)
        changes.push(seen.configXml === undefined ? _("next boot: definition added") : _("next boot: definition removed"));
    if (seen.active && now.active)
        changes.push(...diffValues(seen.sched, now.sched, "live scheduler"));
    return changes;
}
