// What the virtio-mem card shows: each device once over live and next boot, with what the host asks the
// guest to plug (requested) against what the guest has plugged (live <current>), and whether the guest is
// still on its way there (the card reads the VM again until it is not).
import { _, format } from "../i18n.ts";
import type { Finding, KiB, MemoryDevice, Scope, Tuning } from "../types.ts";
import { formatSize } from "../values/units.ts";
import { checkVirtioMemDetach, isVirtioMem } from "../rules/rules-virtiomem.ts";
import { initialMemory } from "../rules/rules-memory.ts";

export interface VirtioMemRow {
    /** stable handle for element ids: the alias, else the PCI address, else the position */
    key: string;
    size: KiB;
    block?: KiB | undefined;
    node?: number | undefined;
    pci?: string | undefined;
    alias?: string | undefined;
    live?: MemoryDevice | undefined;
    config?: MemoryDevice | undefined;
    /** what the running VM asks for (live), else what next boot will ask for */
    requested: KiB;
    /** what the guest has plugged (running VM only) */
    plugged?: KiB | undefined;
    /** the next boot's requested size where it differs from the running one */
    nextRequested?: KiB | undefined;
    /** the guest has not yet plugged (or unplugged) what is requested */
    following: boolean;
}

function sameDevice(live: MemoryDevice, config: MemoryDevice): boolean {
    if (live.alias?.startsWith("ua-") || config.alias?.startsWith("ua-"))
        return live.alias === config.alias;
    if (live.pci !== undefined && config.pci !== undefined)
        return live.pci === config.pci;
    return live.size === config.size && live.node === config.node && live.block === config.block;
}

function keyOf(dev: MemoryDevice, side: string, i: number): string {
    return (dev.alias ?? dev.pci ?? `${side}-${i}`).replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The virtio-mem devices of both sides, a live one matched to its next-boot copy by user alias or address. */
export function virtioMemRows(live: Tuning | undefined, config: Tuning | undefined): VirtioMemRow[] {
    const rows: VirtioMemRow[] = [];
    const unmatched = (config?.memoryDevices ?? []).filter(isVirtioMem);
    for (const [i, dev] of (live?.memoryDevices ?? []).filter(isVirtioMem).entries()) {
        const at = unmatched.findIndex(c => sameDevice(dev, c));
        const other = at >= 0 ? unmatched.splice(at, 1)[0] : undefined;
        const requested = dev.requested ?? 0;
        const row: VirtioMemRow = {
            key: keyOf(dev, "live", i), size: dev.size, block: dev.block, node: dev.node, pci: dev.pci ?? other?.pci,
            alias: dev.alias, live: dev, config: other, requested, plugged: dev.current,
            following: dev.current !== undefined && dev.current !== requested,
        };
        if (other !== undefined && (other.requested ?? 0) !== requested)
            row.nextRequested = other.requested ?? 0;
        rows.push(row);
    }
    for (const [i, dev] of unmatched.entries()) {
        rows.push({
            key: keyOf(dev, "config", i), size: dev.size, block: dev.block, node: dev.node, pci: dev.pci, alias: dev.alias,
            config: dev, requested: dev.requested ?? 0, following: false,
        });
    }
    return rows;
}

/** Some running device's guest has not caught up with its requested size yet. */
export function guestFollowing(rows: readonly VirtioMemRow[]): boolean {
    return rows.some(r => r.following);
}

/** "plugged of requested" for a row, or the requested size alone when the VM is not running. */
export function pluggedText(row: VirtioMemRow): string {
    if (row.plugged === undefined)
        return formatSize(row.requested);
    return format(_("$0 of $1"), formatSize(row.plugged), formatSize(row.requested));
}

/** Room under the hotplug limit for devices (next boot's definition), for the card's summary line. */
export function virtioMemSummary(t: Tuning): string {
    if (t.maxMemory === undefined)
        return _("No hotplug limit (<maxMemory>) is set: a virtio-mem device cannot be attached. Set one on the Memory card (next boot); virtio-mem needs no slots.");
    const room = t.maxMemory.size - initialMemory(t) - t.memoryDevices.reduce((s, d) => s + d.size, 0);
    return format(_("$0 left for memory devices under the hotplug limit of $1 (virtio-mem takes no slot)"),
                  formatSize(Math.max(0, room)), formatSize(t.maxMemory.size));
}

/** Where a VM is: running (a live side) and persistent (a next-boot side). */
export interface VmSides { active: boolean; persistent: boolean }

/** The scopes a resize of this row can take: the sides that have the device. */
export function resizeScopes(row: VirtioMemRow, vm: VmSides): Scope[] {
    const live = row.live !== undefined && vm.active;
    const config = row.config !== undefined && vm.persistent;
    if (live && config) return ["live", "config", "both"];
    return live ? ["live"] : config ? ["config"] : [];
}

/** Where a detach of this row can go (none: undefined), and why the running VM cannot lose it
 *  (`qemuVersion` as libvirt reports it: before 8.2 QEMU cannot unplug virtio-mem). */
export function detachScope(row: VirtioMemRow, vm: VmSides, qemuVersion: number | undefined): { scope?: Scope; live: Finding[] } {
    const live = row.live !== undefined && vm.active ? checkVirtioMemDetach(row.live, true, qemuVersion) : [];
    const canLive = row.live !== undefined && vm.active && live.length === 0;
    const canConfig = row.config !== undefined && vm.persistent;
    const scope: Scope | undefined = canLive && canConfig ? "both" : canLive ? "live" : canConfig ? "config" : undefined;
    return scope === undefined ? { live } : { scope, live };
}
