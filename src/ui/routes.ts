// Which page an address names, and the href of a page: one place, so that every link keeps the
// connection of the VM it points at and every address the page cannot show is "not found".
import type { ConnectionId } from "../libvirt/connections.ts";

export const VM_TABS = ["cpu", "memory", "numa", "perf"] as const;

export type Page =
    | { kind: "overview" }
    | { kind: "host" }
    | { kind: "vm"; connection: ConnectionId; name: string; tab: string }
    | { kind: "not-found" };

/** `route` is null when the address could not be decoded ("#/vm/%") or leaves the page ("#/../x"). */
export function pageOf(route: readonly string[] | null): Page {
    if (route === null)
        return { kind: "not-found" };
    if (route.length === 0)
        return { kind: "overview" };
    if (route.length === 1 && route[0] === "host")
        return { kind: "host" };
    const vm = parseVmRoute([...route]);
    if (vm === undefined || route.length > 3 || vm.name === "")
        return { kind: "not-found" };
    const tab = vm.tab ?? "cpu";
    if (!(VM_TABS as readonly string[]).includes(tab))
        return { kind: "not-found" };
    return { kind: "vm", connection: vm.connection, name: vm.name, tab };
}

/** The href of a page address (a hash link, each part encoded as cockpit.location decodes it). */
export function hrefOf(path: readonly string[]): string {
    return "#/" + path.map(encodeURIComponent).join("/");
}

/** The href of a VM's page on its own connection. */
export function vmHref(connection: ConnectionId, name: string, tab?: string): string {
    return hrefOf(vmRoute(connection, name, tab));
}

/** The page address of a VM: ["vm", name] on the system connection, [id, name] on the others. */
export function vmRoute(connection: ConnectionId, name: string, tab?: string): string[] {
    const head = connection === "system" ? "vm" : connection;
    return tab === undefined ? [head, name] : [head, name, tab];
}

/** The connection and VM a route names, or undefined for other pages. */
export function parseVmRoute(route: string[]): { connection: ConnectionId; name: string; tab: string | undefined } | undefined {
    const [head, name, tab] = route;
    if (name === undefined) return undefined;
    const connection: ConnectionId | undefined = head === "vm" ? "system" : head === "lxc" ? "lxc" : head === "session" ? "session" : undefined;
    return connection === undefined ? undefined : { connection, name, tab };
}
