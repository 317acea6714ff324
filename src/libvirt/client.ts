// Typed calls to libvirt-dbus over cockpit.dbus. Every call names its signature (no introspection
// round trip) and failures become CallError with libvirt's own message.
import cockpit from "cockpit";
import type { DBusClient, DBusSubscription } from "cockpit";
import type { DbusCall } from "../model/types.ts";
import { CallError, classify } from "./errors.ts";

export const BUS_NAME = "org.libvirt";
export const IFACE_CONNECT = "org.libvirt.Connect";
export const IFACE_DOMAIN = "org.libvirt.Domain";
export const IFACE_PROPERTIES = "org.freedesktop.DBus.Properties";

export type DriverPath = "/org/libvirt/QEMU" | "/org/libvirt/LXC";

/** Counts calls so `make bench` can report how many a page needed. */
const stats = { calls: 0 };
declare global {
    interface Window { vmtuneDbusStats?: typeof stats }
}
if (typeof window !== "undefined")
    window.vmtuneDbusStats = stats;

export interface Libvirt {
    readonly driver: DriverPath;
    call(path: string, iface: string, method: string, signature: string, args: unknown[]): Promise<unknown[]>;
    connect(method: string, signature: string, args: unknown[]): Promise<unknown[]>;
    domain(path: string, method: string, signature: string, args: unknown[]): Promise<unknown[]>;
    /** Runs a planned step's call against a domain. */
    run(domainPath: string, call: DbusCall): Promise<unknown[]>;
    subscribe(member: string, iface: string, onSignal: (path: string, args: unknown[]) => void): DBusSubscription;
    onClose(handler: (problem: string | undefined) => void): () => void;
    close(): void;
}

export function openLibvirt(driver: DriverPath = "/org/libvirt/QEMU"): Libvirt {
    const client: DBusClient = cockpit.dbus(BUS_NAME, { bus: "system", superuser: "try" });

    async function call(path: string, iface: string, method: string, signature: string, args: unknown[]) {
        stats.calls++;
        try {
            return await client.call(path, iface, method, args, { type: signature, timeout: 120000 });
        } catch (error) {
            throw new CallError(classify(error));
        }
    }

    return {
        driver,
        call,
        connect: (method, signature, args) => call(driver, IFACE_CONNECT, method, signature, args),
        domain: (path, method, signature, args) => call(path, IFACE_DOMAIN, method, signature, args),
        run(domainPath, step) {
            if (step.target === "connect")
                return call(driver, IFACE_CONNECT, step.method, step.signature, step.args);
            return call(domainPath, IFACE_DOMAIN, step.method, step.signature, step.args);
        },
        subscribe(member, iface, onSignal) {
            const match = iface === IFACE_CONNECT
                ? { interface: iface, member, path: driver }
                : { interface: iface, member, path_namespace: driver + "/domain" };
            return client.subscribe(match, (path, _iface, _signal, args) => onSignal(path, args));
        },
        onClose(handler) {
            const listener = (_event: unknown, options: { problem?: string }) => handler(options.problem);
            client.addEventListener("close", listener);
            return () => client.removeEventListener("close", listener);
        },
        close: () => client.close(),
    };
}
