// virsh on this host, for what libvirt-dbus 1.4.1 cannot do (virDomainSetIOThreadParams: IOThread
// polling). An argument array, never a shell; the system connection with the same administrative
// access as its D-Bus calls. src/libvirt/client.ts runs a step's "virsh" call through it.
import cockpit from "cockpit";

export interface VirshFailure {
    /** virsh's own error (its stderr), or why it could not run */
    message: string;
    /** cockpit's problem code when virsh could not run at all (e.g. "not-found") */
    problem?: string | undefined;
}

/** `virsh --connect URI WORDS…`; rejects with a VirshFailure. */
export async function runVirsh(uri: string, words: readonly string[], superuser: boolean): Promise<string> {
    try {
        return await cockpit.spawn(["virsh", "--connect", uri, ...words], superuser ? { superuser: "try", err: "message" } : { err: "message" });
    } catch (error) {
        const e = (error ?? {}) as { problem?: string | null; message?: string };
        const failure: VirshFailure = { message: e.message ?? String(error) };
        if (e.problem) failure.problem = e.problem;
        throw failure;
    }
}
