// The one place that unwraps libvirt-dbus variants. Results of Get*Parameters, GetStats and
// Properties.GetAll come wrapped twice ({t:"v", v:{t:"t", v:42}}); signals like Tunable once.
import type { Variant } from "../model/types.ts";

function isVariant(value: unknown): value is Variant {
    return typeof value === "object" && value !== null && "t" in value && "v" in value &&
        typeof (value as { t: unknown }).t === "string";
}

/** Strip every layer of variant wrapping. */
export function unwrap(value: unknown): unknown {
    let current = value;
    while (isVariant(current))
        current = current.v;
    return current;
}

/** a{sv} → plain record of unwrapped values. */
export function unwrapDict(dict: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (typeof dict !== "object" || dict === null)
        return out;
    for (const [key, value] of Object.entries(dict))
        out[key] = unwrap(value);
    return out;
}

/** 64-bit integers may arrive as numbers or strings; anything else is not a number. */
export function toNumber(value: unknown): number | undefined {
    const v = unwrap(value);
    if (typeof v === "number")
        return v;
    if (typeof v === "string" && /^-?\d+$/.test(v))
        return Number(v);
    return undefined;
}
