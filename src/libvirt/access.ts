// What this session may do: Cockpit's superuser state (internal bus, /superuser, property Current)
// and whether the bus lets us change libvirt at all. Both are cockpit.dbus calls, so they live here.
import cockpit from "cockpit";
import type { Libvirt } from "./client.ts";
import { IFACE_DOMAIN, IFACE_PROPERTIES } from "./client.ts";
import type { LibvirtFailure } from "./errors.ts";
import { CallError } from "./errors.ts";
import { unwrap } from "./variant.ts";

/** "none", "root", "init" (being decided) …; undefined when the bridge has no superuser object. */
export type SuperuserState = string | undefined;

/** Calls onChange with Current now and whenever it changes (admin access turned on or off). */
export function watchSuperuser(onChange: (current: SuperuserState) => void): () => void {
    const client = cockpit.dbus(null, { bus: "internal" });
    let closed = false;
    const read = () => {
        client.call("/superuser", IFACE_PROPERTIES, "Get", ["cockpit.Superuser", "Current"], { type: "ss" })
                .then(([value]) => { if (!closed) onChange(String(unwrap(value))) },
                      () => { if (!closed) onChange(undefined) });
    };
    const watch = client.watch("/superuser");
    const subscription = client.subscribe({ path: "/superuser", interface: IFACE_PROPERTIES, member: "PropertiesChanged" },
                                          () => read());
    read();
    return () => {
        closed = true;
        subscription.remove();
        watch.remove();
        client.close();
    };
}

/** A domain path no VM has (libvirt-dbus names domains by UUID with "_" for "-"). */
const PROBE_PATH = "/domain/_vmtune_access_probe";

/**
 * Asks the bus whether we may call a changing method of org.libvirt, without changing anything:
 * SetMemory on a path no domain has, with the wrong signature. A bus policy that refuses changes
 * answers AccessDenied before libvirt-dbus sees the call; otherwise libvirt-dbus refuses the
 * arguments (or the unknown object) and nothing runs. Returns the refusal, or undefined.
 */
export async function probeChangeAccess(libvirt: Libvirt): Promise<LibvirtFailure | undefined> {
    try {
        await libvirt.call(libvirt.driver + PROBE_PATH, IFACE_DOMAIN, "SetMemory", "s", ["vmtune-access-probe"]);
    } catch (error) {
        if (error instanceof CallError && error.failure.kind === "access-denied")
            return error.failure;
    }
    return undefined;
}
