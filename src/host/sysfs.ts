// Writing one sysfs file as root (hugepage pools, KSM's run): `tee FILE` with the value on its
// standard input (argument array, no shell). cockpit.file's replace cannot be used: it writes a
// temporary file and renames it over the target, which sysfs does not allow.
import cockpit from "cockpit";
import type { SpawnError } from "cockpit";

export async function writeSysfs(path: string, value: string): Promise<void> {
    try {
        await cockpit.spawn(["tee", path], { superuser: "require", err: "message" }).input(value + "\n");
    } catch (e) {
        const err = e as SpawnError;
        // tee says "tee: PATH: Invalid argument": the kernel's answer is the useful part
        throw new Error(err.message || String(e));
    }
}

export async function readText(path: string): Promise<string> {
    const file = cockpit.file(path, { superuser: "try" });
    try {
        return (await file.read()) ?? "";
    } finally {
        file.close();
    }
}
