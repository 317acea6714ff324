// The running VM's IOThread polling, read while the card is seen (GetStats' IOTHREAD group: libvirt
// keeps it in no XML, so the VM as read does not carry it). Read again when the IOThreads change.
import { useState } from "react";
import type { IothreadPoll } from "../../../model/types.ts";
import type { Vm } from "../../../model/vm/vm.ts";
import { readIothreadPoll } from "../../../libvirt/stats.ts";
import { useInventory } from "../../useInventory.ts";
import { useVisiblePoll } from "../../useVisiblePoll.ts";

/** undefined: not read (shut off, or the read failed); [] for a running VM without IOThreads (nothing to read) */
export function useIothreadPoll(vm: Vm): IothreadPoll[] | undefined {
    const { libvirt } = useInventory();
    const [poll, setPoll] = useState<{ key: string; value: IothreadPoll[] }>();
    // a new read when the running IOThreads change (added or removed)
    const key = `${vm.path}/${vm.active ? vm.live?.iothreadIds.join(",") ?? "" : "off"}`;
    // a running VM without IOThreads has no polling to read: no call at all
    const none = vm.active && vm.live !== undefined && vm.live.iothreadIds.length === 0;
    useVisiblePoll(async (_first, live) => {
        if (!vm.active || none) return;
        try {
            const value = await readIothreadPoll(libvirt, vm.path);
            if (live()) setPoll({ key, value });
        } catch {
            if (live()) setPoll(undefined);
        }
    }, 5000, `${libvirt.connection.id}/${key}`);
    if (none) return [];
    return vm.active && poll?.key === key ? poll.value : undefined;
}
