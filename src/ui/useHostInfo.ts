// Host facts change rarely: read once per connection and shared by every view that needs them.
import { useEffect, useState } from "react";
import type { HostInfo } from "../libvirt/host-info.ts";
import { readHostInfo } from "../libvirt/host-info.ts";
import { readCgroupVersion } from "../host/cgroup.ts";
import type { Inventory } from "../libvirt/inventory.ts";
import { useInventory } from "./useInventory.ts";

export interface HostFacts {
    info?: HostInfo | undefined;
    cgroup?: 1 | 2 | undefined;
    error?: string | undefined;
}

const cache = new WeakMap<Inventory, Promise<HostFacts>>();

function load(inventory: Inventory): Promise<HostFacts> {
    let facts = cache.get(inventory);
    if (!facts) {
        facts = Promise.all([
            readHostInfo(inventory.libvirt).then(info => ({ info }), (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) })),
            readCgroupVersion(),
        ]).then(([host, cgroup]) => ({ ...host, cgroup }));
        cache.set(inventory, facts);
    }
    return facts;
}

export function useHostInfo(): HostFacts | undefined {
    const inventory = useInventory();
    const [facts, setFacts] = useState<HostFacts>();
    useEffect(() => {
        let current = true;
        void load(inventory).then(f => { if (current) setFacts(f) });
        return () => { current = false };
    }, [inventory]);
    return facts;
}
