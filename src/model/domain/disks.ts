// Disks and their IOThread (<devices><disk><target dev bus/><driver iothread=…/>); editTuning's disks
// change writes the IOThread of disks named by target dev (writeDiskIothreads).
import type { DiskIothread, TuningChange } from "../types.ts";
import { _, format } from "../i18n.ts";
import { childOrder } from "./domain-schema.ts";
import { createChild, directChildren, firstChild, isEmptyElement, removeNode } from "./xml-dom.ts";

/** Every <disk> with a target dev, in document order. */
export function readDisks(root: Element): DiskIothread[] {
    const devices = firstChild(root, "devices");
    if (devices === undefined)
        return [];
    const out: DiskIothread[] = [];
    for (const disk of directChildren(devices, "disk")) {
        const target = firstChild(disk, "target");
        const dev = target?.getAttribute("dev");
        if (dev === null || dev === undefined || dev === "")
            continue;
        const item: DiskIothread = { target: dev };
        const bus = target?.getAttribute("bus");
        if (bus !== null && bus !== undefined)
            item.bus = bus;
        const iothread = firstChild(disk, "driver")?.getAttribute("iothread");
        if (iothread !== null && iothread !== undefined && /^\d+$/.test(iothread))
            item.iothread = Number(iothread);
        out.push(item);
    }
    return out;
}

function diskByTarget(devices: Element | undefined, target: string): Element | undefined {
    return devices === undefined ? undefined
        : directChildren(devices, "disk").find(disk => firstChild(disk, "target")?.getAttribute("dev") === target);
}

/**
 * Writes the IOThread of each named disk: <driver iothread=…> set (the <driver> created first in
 * <disk>, where libvirt writes it, when there is none) or removed (an emptied <driver/> goes too).
 * Every other disk and attribute stays as it is. A disk the definition lacks is refused.
 */
export function writeDiskIothreads(root: Element, disks: NonNullable<TuningChange["disks"]>): void {
    const devices = firstChild(root, "devices");
    for (const { target, iothread } of disks) {
        const disk = diskByTarget(devices, target);
        if (disk === undefined)
            throw new Error(format(_("The definition has no disk $0"), target));
        const driver = firstChild(disk, "driver");
        if (iothread === null) {
            if (driver === undefined)
                continue;
            driver.removeAttribute("iothread");
            if (isEmptyElement(driver))
                removeNode(driver);
            continue;
        }
        (driver ?? createChild(disk, "driver", childOrder(["devices", "disk"]))).setAttribute("iothread", String(iothread));
    }
}
