// The Shared profile's next-boot part that no call can do: pins and the memory binding taken out of
// the definition (a pin call only widens a pin to every CPU, which stays written; numatune has no
// "none"). Only what is there is taken out, so an unpinned VM gives no define.
import { _ } from "../i18n.ts";
import type { Tuning, TuningChange } from "../types.ts";
import type { DesiredTuning } from "./plan-types.ts";

export function profileClearChange(d: DesiredTuning, config: Tuning): { change: TuningChange; fields: { field: string; what: string }[] } | undefined {
    const change: TuningChange = {};
    const fields: { field: string; what: string }[] = [];
    const c = config.cputune;
    if (d.clearPins === true && (c.vcpupin.length > 0 || c.emulatorpin !== undefined || c.iothreadpin.length > 0)) {
        change.cputune = { vcpupin: [], emulatorpin: null, iothreadpin: [] };
        fields.push({ field: "vcpupin", what: _("CPU pins") });
    }
    const n = config.numatune;
    if (d.clearNumatune === true && (n.mode !== undefined || n.nodeset !== undefined || n.placement !== undefined || n.memnodes.length > 0)) {
        change.numatune = { mode: null, nodeset: null, placement: null, memnodes: [] };
        fields.push({ field: "numatune", what: _("memory NUMA binding") });
    }
    return fields.length > 0 ? { change, fields } : undefined;
}
