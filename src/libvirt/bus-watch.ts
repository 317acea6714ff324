// Tells when a service appears on or leaves a bus, so the page reacts to libvirt-dbus
// stopping or starting without any call failing first.
import cockpit from "cockpit";

export function watchBusName(name: string, busName: "system" | "session", onChange: (present: boolean) => void): () => void {
    const bus = cockpit.dbus("org.freedesktop.DBus", { bus: busName });
    const subscription = bus.subscribe(
        { interface: "org.freedesktop.DBus", member: "NameOwnerChanged", path: "/org/freedesktop/DBus" },
        (_path, _iface, _signal, args) => {
            const [changed, , newOwner] = args as [string, string, string];
            if (changed === name)
                onChange(newOwner !== "");
        });
    return () => {
        subscription.remove();
        bus.close();
    };
}
