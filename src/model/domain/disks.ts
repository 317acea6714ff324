// Disks and their IOThread (<devices><disk><target dev bus/><driver iothread=…/>); editTuning's disks
// change writes the IOThread of disks named by target dev (writeDiskIothreads).
import type { DiskIothread, TuningChange } from "../types.ts";
import { directChildren, firstChild } from "./xml-dom.ts";

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

/** Writes disks' IOThreads (not yet supported: refused, never silently dropped). */
export function writeDiskIothreads(_root: Element, _disks: NonNullable<TuningChange["disks"]>): void {
    throw new Error("disk IOThread edits are not implemented yet");
}
