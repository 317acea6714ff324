// Typed calls to libvirt-dbus over cockpit.dbus. Every call names its signature (no introspection
// round trip) and failures become CallError with libvirt's own message.
import cockpit from "cockpit";
import type { DBusClient, DBusSubscription } from "cockpit";
import type { DbusCall } from "../model/types.ts";
import { CallError, classify } from "./errors.ts";
import type { Connection, DriverPath } from "./connections.ts";
import { SYSTEM } from "./connections.ts";
import type { VirshFailure } from "../host/virsh.ts";
import { runVirsh } from "../host/virsh.ts";

export const BUS_NAME = "org.libvirt";
export const IFACE_CONNECT = "org.libvirt.Connect";
export const IFACE_DOMAIN = "org.libvirt.Domain";
export const IFACE_PROPERTIES = "org.freedesktop.DBus.Properties";

/** Counts calls so `make bench` can report how many a page needed. */
const stats = { calls: 0 };
declare global {
    interface Window { vmtuneDbusStats?: typeof stats }
}
if (typeof window !== "undefined")
    window.vmtuneDbusStats = stats;

export interface Libvirt {
    readonly connection: Connection;
    /** the connection object's path */
    readonly driver: DriverPath;
    call(path: string, iface: string, method: string, signature: string, args: unknown[]): Promise<unknown[]>;
    connect(method: string, signature: string, args: unknown[]): Promise<unknown[]>;
    domain(path: string, method: string, signature: string, args: unknown[]): Promise<unknown[]>;
    /** Runs a planned step's call against a domain (a "virsh" call runs virsh on this connection). */
    run(domainPath: string, call: DbusCall): Promise<unknown[]>;
    subscribe(member: string, iface: string, onSignal: (path: string, args: unknown[]) => void): DBusSubscription;
    /** A new channel, with every subscription made again: after libvirt-dbus went away and came back. */
    reconnect(): void;
    close(): void;
}

interface Subscription {
    match: { interface: string; member: string; path?: string; path_namespace?: string };
    onSignal: (path: string, args: unknown[]) => void;
    handle?: DBusSubscription | undefined;
}

/**
 * What libvirt-dbus cannot do (IOThread polling, virDomainSetIOThreadParams): virsh on the same
 * connection (src/host/virsh.ts), exactly the words the step shows after `virsh -c URI`.
 */
async function virshCall(connection: Connection, args: unknown[]): Promise<unknown[]> {
    stats.calls++;
    try {
        return [await runVirsh(connection.uri, args.map(String), connection.bus === "system")];
    } catch (error) {
        const e = error as VirshFailure;
        // a missing virsh is not a missing libvirt: say which program
        throw new CallError({ kind: e.problem === "access-denied" || e.problem === "not-authorized" ? "access-denied" : "libvirt",
                              message: e.problem === "not-found" ? `virsh: ${e.message}` : e.message, name: "" });
    }
}

export function openLibvirt(connection: Connection = SYSTEM): Libvirt {
    const driver = connection.path;
    // the session bus is the user's own: administrative access would reach root's session instead
    const open = (): DBusClient => connection.bus === "system"
        ? cockpit.dbus(BUS_NAME, { bus: "system", superuser: "try" })
        : cockpit.dbus(BUS_NAME, { bus: "session" });
    let client = open();
    const subscriptions = new Set<Subscription>();
    const attach = (s: Subscription) => {
        s.handle = client.subscribe(s.match, (path, _iface, _signal, args) => s.onSignal(path, args));
    };

    async function call(path: string, iface: string, method: string, signature: string, args: unknown[]) {
        stats.calls++;
        try {
            return await client.call(path, iface, method, args, { type: signature, timeout: 120000 });
        } catch (error) {
            throw new CallError(classify(error));
        }
    }

    return {
        connection,
        driver,
        call,
        connect: (method, signature, args) => call(driver, IFACE_CONNECT, method, signature, args),
        domain: (path, method, signature, args) => call(path, IFACE_DOMAIN, method, signature, args),
        run(domainPath, step) {
            if (step.target === "virsh")
                return virshCall(connection, step.args);
            if (step.target === "connect")
                return call(driver, IFACE_CONNECT, step.method, step.signature, step.args);
            return call(domainPath, IFACE_DOMAIN, step.method, step.signature, step.args);
        },
        subscribe(member, iface, onSignal) {
            const match = iface === IFACE_CONNECT
                ? { interface: iface, member, path: driver }
                : { interface: iface, member, path_namespace: driver + "/domain" };
            const s: Subscription = { match, onSignal };
            subscriptions.add(s);
            attach(s);
            return { remove: () => { s.handle?.remove(); subscriptions.delete(s) } };
        },
        reconnect() {
            client.close();
            client = open();
            subscriptions.forEach(attach);
        },
        close: () => client.close(),
    };
}
