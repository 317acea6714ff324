// What changed between two reads of a VM, as readable paths ("cputune.shares: 1024 → 777").
// Used for the conflict check: nothing is written when the VM moved since the page read it.
import type { Tuning } from "../types.ts";

/** Fields that move by themselves on a running VM and are not a conflict (the balloon's actual size). */
const VOLATILE = new Set(["currentMemory"]);

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
    if (Object.is(a, b))
        return;
    if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
        if (Array.isArray(a) !== Array.isArray(b)) {
            out.push(`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
            return;
        }
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        for (const key of keys) {
            if (key === "xml") continue; // device XML carries the same facts as the parsed fields
            walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
        }
        return;
    }
    out.push(`${path}: ${a === undefined ? "∅" : JSON.stringify(a)} → ${b === undefined ? "∅" : JSON.stringify(b)}`);
}

/** Differences between any two plain values, each line prefixed with `prefix`. */
export function diffValues(a: unknown, b: unknown, prefix: string): string[] {
    const out: string[] = [];
    walk(a, b, prefix, out);
    return out;
}

export function diffTuning(before: Tuning | undefined, after: Tuning | undefined, options: { ignoreVolatile?: boolean } = {}): string[] {
    const out: string[] = [];
    if (!before || !after) {
        if (before !== after) out.push(before ? "definition removed" : "definition added");
        return out;
    }
    walk(before, after, "", out);
    return options.ignoreVolatile ? out.filter(line => !VOLATILE.has(line.split(":")[0] ?? "")) : out;
}
