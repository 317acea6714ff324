// Pressure stall information of one cgroup (cpu.pressure) in the kernel's format
// (Documentation/accounting/psi.rst): "some avg10=… avg60=… avg300=… total=…" and, since 5.13, a "full" line.
import type { Pressure, PressureLine } from "../perf/types.ts";
import { _ } from "../i18n.ts";

function parseLine(rest: string): PressureLine | undefined {
    const fields = new Map<string, number>();
    for (const pair of rest.trim().split(/\s+/)) {
        const m = /^(\w+)=(\d+(?:\.\d+)?)$/.exec(pair);
        if (m?.[1] !== undefined && m[2] !== undefined)
            fields.set(m[1], Number(m[2]));
    }
    const avg10 = fields.get("avg10");
    const avg60 = fields.get("avg60");
    const avg300 = fields.get("avg300");
    const totalUsec = fields.get("total");
    if (avg10 === undefined || avg60 === undefined || avg300 === undefined || totalUsec === undefined)
        return undefined;
    return { avg10, avg60, avg300, totalUsec };
}

/** Throws an Error when the text has no complete "some" line. */
export function parsePressure(text: string): Pressure {
    let some: PressureLine | undefined;
    let full: PressureLine | undefined;
    for (const line of text.split("\n")) {
        const m = /^\s*(some|full)\s(.*)$/.exec(line);
        if (m?.[1] === "some")
            some = parseLine(m[2] ?? "");
        else if (m?.[1] === "full")
            full = parseLine(m[2] ?? "");
    }
    if (!some)
        throw new Error(_("The pressure file has no \"some\" line"));
    return full ? { some, full } : { some };
}
