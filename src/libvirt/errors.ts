// Classifies D-Bus failures into what the page must explain differently.
import type { DBusError } from "cockpit";

export type FailureKind = "no-service" | "access-denied" | "disconnected" | "libvirt";

export interface LibvirtFailure {
    kind: FailureKind;
    /** the message as libvirt (or the bus) wrote it: shown verbatim */
    message: string;
    name: string;
}

export function classify(error: unknown): LibvirtFailure {
    const e = (error ?? {}) as Partial<DBusError>;
    const name = e.name ?? "";
    const message = e.message ?? String(error);
    if (name === "org.freedesktop.DBus.Error.ServiceUnknown" || name === "org.freedesktop.DBus.Error.NameHasNoOwner" ||
        e.problem === "not-found")
        return { kind: "no-service", message, name };
    if (name === "org.freedesktop.DBus.Error.AccessDenied" || e.problem === "access-denied" ||
        e.problem === "not-authorized")
        return { kind: "access-denied", message, name };
    if (e.problem === "disconnected" || e.problem === "terminated" ||
        name === "org.freedesktop.DBus.Error.NoReply" || name === "org.freedesktop.DBus.Error.Disconnected")
        return { kind: "disconnected", message, name };
    return { kind: "libvirt", message, name };
}

export class CallError extends Error {
    readonly failure: LibvirtFailure;
    constructor(failure: LibvirtFailure) {
        super(failure.message);
        this.failure = failure;
    }
}
