// The page's one connection to libvirt, shared through a small typed context.
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import type { Inventory, InventoryState } from "../libvirt/inventory.ts";
import { openInventory } from "../libvirt/inventory.ts";

export const InventoryContext = createContext<Inventory | null>(null);

/** Opens the inventory for the component's lifetime (closed in the effect that made it). */
export function useOpenInventory(): Inventory | null {
    const [inventory, setInventory] = useState<Inventory | null>(null);
    useEffect(() => {
        const opened = openInventory();
        setInventory(opened);
        return () => opened.close();
    }, []);
    return inventory;
}

export function useInventory(): Inventory {
    const inventory = useContext(InventoryContext);
    if (!inventory)
        throw new Error("useInventory outside InventoryContext");
    return inventory;
}

export function useInventoryState(): InventoryState {
    const inventory = useInventory();
    return useSyncExternalStore(inventory.subscribe, inventory.getState);
}
