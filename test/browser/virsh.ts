// virsh on the page's host through cockpit.spawn: the independent witness the adapters are compared with.
import cockpit from "cockpit";
import { keyValues } from "../shared/virsh-output.ts";

export { keyValues };

export function virsh(...args: string[]): Promise<string> {
    return virshOn("qemu:///system", ...args);
}

export function virshOn(uri: string, ...args: string[]): Promise<string> {
    return cockpit.spawn(["virsh", "-c", uri, ...args], { superuser: "try", err: "message" });
}


/** `virsh vcpucount` → { "maximum config": 4, "current live": 2, … } */
export function vcpuCount(text: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const line of text.split("\n")) {
        const m = /^(\w+)\s+(\w+)\s+(\d+)/.exec(line.trim());
        if (m) out[`${m[1]} ${m[2]}`] = Number(m[3]);
    }
    return out;
}

/** `virsh vcpupin` / `emulatorpin` tables → { "0": "0-1", "*": "1" } */
export function pinTable(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const m = /^\s*(\d+|\*)\s*:?\s+([\d,^-]+)\s*$/.exec(line);
        if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
    }
    return out;
}
