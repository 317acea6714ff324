// The page's connections to libvirt, shared through small typed contexts: every open inventory
// (qemu:///system first), and the one the current view works on.
import cockpit from "cockpit";
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import type { Inventory, InventoryState } from "../libvirt/inventory.ts";
import { openInventory } from "../libvirt/inventory.ts";
import type { ConnectionId } from "../libvirt/connections.ts";
import { LXC, SESSION, SYSTEM } from "../libvirt/connections.ts";

export const InventoryContext = createContext<Inventory | null>(null);
export const InventoriesContext = createContext<Inventory[]>([]);

/**
 * Opens the inventories for the component's lifetime (closed in the effect that made them).
 * qemu:///system and lxc:/// at once; qemu:///session once the user is known to be someone other
 * than root (root's session connection is the system one under another name).
 */
export function useOpenInventories(focus?: { connection: ConnectionId; name: string }): { inventories: Inventory[] | null; complete: boolean } {
    const [state, setState] = useState<{ inventories: Inventory[] | null; complete: boolean }>({ inventories: null, complete: false });
    // only the address the page was opened with: later navigation finds the inventories loaded
    const [initialFocus] = useState(focus);
    useEffect(() => {
        let current = true;
        const focusOn = (id: ConnectionId) => initialFocus?.connection === id ? initialFocus.name : undefined;
        const opened = [openInventory(SYSTEM, focusOn("system")), openInventory(LXC, focusOn("lxc"))];
        setState({ inventories: opened, complete: false });
        const done = (session: boolean) => {
            if (!current) return;
            if (session) opened.push(openInventory(SESSION, focusOn("session")));
            setState({ inventories: [...opened], complete: true });
        };
        // without user information: system and LXC only
        cockpit.user().then(user => done(user.id !== 0), () => done(false));
        const close = () => {
            current = false;
            opened.forEach(i => i.close());
        };
        // leaving the page does not unmount React: close the D-Bus channels and signal subscriptions
        // explicitly, or the login's bridge keeps their match rules for the rest of the session
        window.addEventListener("pagehide", close);
        return () => {
            window.removeEventListener("pagehide", close);
            close();
        };
    }, [initialFocus]);
    return state;
}

export function useInventory(): Inventory {
    const inventory = useContext(InventoryContext);
    if (!inventory)
        throw new Error("useInventory outside InventoryContext");
    return inventory;
}

export function useInventories(): Inventory[] {
    return useContext(InventoriesContext);
}

export function useStateOf(inventory: Inventory): InventoryState {
    return useSyncExternalStore(inventory.subscribe, inventory.getState);
}

export function useInventoryState(): InventoryState {
    return useStateOf(useInventory());
}
