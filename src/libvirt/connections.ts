// The libvirt connections the page shows: qemu:///system always, lxc:/// where libvirt offers it,
// and the user's own qemu:///session. Each is a libvirt-dbus connection object on a bus.
import type { Driver } from "../model/types.ts";

export type ConnectionId = "system" | "session" | "lxc";
export type DriverPath = "/org/libvirt/QEMU" | "/org/libvirt/LXC";

export interface Connection {
    id: ConnectionId;
    /** what virsh -c takes */
    uri: string;
    /** libvirt-dbus serves qemu:///session on the user's session bus */
    bus: "system" | "session";
    path: DriverPath;
    driver: Driver;
    session: boolean;
    /** shown only when libvirt answers on it (a missing driver or service is not an error) */
    optional: boolean;
}

export const SYSTEM: Connection = {
    id: "system", uri: "qemu:///system", bus: "system", path: "/org/libvirt/QEMU", driver: "qemu", session: false, optional: false,
};
export const LXC: Connection = {
    id: "lxc", uri: "lxc:///", bus: "system", path: "/org/libvirt/LXC", driver: "lxc", session: false, optional: true,
};
export const SESSION: Connection = {
    id: "session", uri: "qemu:///session", bus: "session", path: "/org/libvirt/QEMU", driver: "qemu", session: true, optional: true,
};

/**
 * The connections for a user. root's qemu:///session is the system connection under another name
 * (libvirt's privileged QEMU driver accepts both), so root would see every VM twice.
 */
export function connectionsFor(uid: number | undefined): Connection[] {
    return uid === 0 || uid === undefined ? [SYSTEM, LXC] : [SYSTEM, LXC, SESSION];
}

export function connectionById(id: string): Connection | undefined {
    return [SYSTEM, LXC, SESSION].find(c => c.id === id);
}
