// While a running guest plugs or unplugs virtio-mem memory, libvirt updates <current> in the live XML
// and emits MEMORY_DEVICE_SIZE_CHANGE, which libvirt-dbus 1.4 does not forward: so the card reads the
// VM again, every FOLLOW_MS while it is seen. The card mounts this only while some device's plugged
// size differs from its requested size, so the readings stop once the guest has caught up, when the
// tab or page is left, or when the guest has not moved for STALL_READS reads in a row (no virtio_mem
// driver, or memory it cannot free): then `onStall` tells the card, which says so and unmounts it.
import { useRef } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { useVisiblePoll } from "../../useVisiblePoll.ts";
import { useInventory } from "../../useInventory.ts";

const FOLLOW_MS = 1500;
const STALL_READS = 20;

/** `plugged`: what the devices have plugged now, as one text (a change restarts the stall count). */
export function useVirtioMemFollow(vm: Vm, plugged: string, onStall: () => void): void {
    const inventory = useInventory();
    const last = useRef({ plugged, same: 0 });
    if (last.current.plugged !== plugged)
        last.current = { plugged, same: 0 };
    useVisiblePoll(async (_first, live) => {
        if (++last.current.same > STALL_READS) {
            onStall();
            return;
        }
        if (live()) await inventory.reloadDomain(vm.path);
    }, FOLLOW_MS, vm.path);
}

/** The hook as a component, so the card can mount it only while it is needed. */
export function VirtioMemFollower({ vm, plugged, onStall }: { vm: Vm; plugged: string; onStall: () => void }) {
    useVirtioMemFollow(vm, plugged, onStall);
    return null;
}
