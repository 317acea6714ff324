// Tells when a service appears on or leaves the system bus, so the page reacts to libvirt-dbus
// stopping or starting without any call failing first.
import cockpit from "cockpit";

export function watchBusName(name: string, onChange: (present: boolean) => void): () => void {
    const bus = cockpit.dbus("org.freedesktop.DBus", { bus: "system" });
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
