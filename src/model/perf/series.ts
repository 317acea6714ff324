// The last few minutes of rates of one VM, oldest first, for the pictures and the before/after windows.
import type { PerfRates } from "./types.ts";

export type Series = readonly PerfRates[];

/** `series` with `rates` appended and everything older than keepMs before it dropped. A reading from
 *  before the last one (the page's clock went back) starts the series again. */
export function appendRates(series: Series, rates: PerfRates, keepMs = 300000): Series {
    const last = series[series.length - 1];
    if (last && rates.at <= last.at)
        return [rates];
    const from = rates.at - keepMs;
    return [...series.filter(r => r.at >= from), rates];
}
