// What the overview shows for one VM, as text per field, for the live and the next-boot definition.
// Pure: no cockpit, no React, so it is unit-tested in Node.
import type { SchedulerParams, Tuning } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { _, format } from "../i18n.ts";
import { formatSize } from "../values/units.ts";

export type SummaryField = "vcpus" | "pinning" | "shares" | "memory" | "hardLimit" | "numatune" | "cells" | "dimms";
export const SUMMARY_FIELDS: readonly SummaryField[] = ["vcpus", "pinning", "shares", "memory", "hardLimit", "numatune", "cells", "dimms"];

/** undefined: not set, libvirt's default applies (not shown as a difference) */
export type Summary = Record<SummaryField, string | undefined>;

const DASH = "—";

function pinning(t: Tuning): string {
    const parts: string[] = [];
    if (t.cputune.vcpupin.length)
        parts.push(format(_("$0 of $1 vCPUs pinned"), t.cputune.vcpupin.length, t.vcpu.max));
    if (t.cputune.emulatorpin)
        parts.push(format(_("emulator on $0"), t.cputune.emulatorpin));
    if (!parts.length && t.vcpu.cpuset)
        parts.push(format(_("all vCPUs on $0"), t.vcpu.cpuset));
    return parts.length ? parts.join(", ") : _("Not pinned");
}

function numatune(t: Tuning): string {
    const n = t.numatune;
    if (n.placement === "auto")
        return format(_("$0, automatic"), n.mode ?? "strict");
    if (!n.mode && !n.nodeset)
        return DASH;
    return n.nodeset ? `${n.mode ?? "strict"} ${n.nodeset}` : (n.mode ?? DASH);
}

function hardLimit(t: Tuning): string {
    const limit = t.memtune.hard_limit;
    if (limit === undefined || limit >= MEMTUNE_UNLIMITED)
        return _("unlimited");
    return formatSize(limit);
}

function dimms(t: Tuning): string {
    const used = t.memoryDevices.filter(d => d.model === "dimm" || d.model === "nvdimm").length;
    if (!t.maxMemory)
        return used ? String(used) : DASH;
    return format(_("$0 of $1 slots"), used, t.maxMemory.slots);
}

/** `sched` are the scheduler values libvirt reports now; they win over the XML for a running VM. */
export function summarize(t: Tuning, sched?: SchedulerParams): Summary {
    const shares = sched?.shares ?? t.cputune.shares;
    return {
        vcpus: `${t.vcpu.current} / ${t.vcpu.max}`,
        pinning: pinning(t),
        shares: shares === undefined ? undefined : String(shares),
        memory: `${formatSize(t.currentMemory)} / ${formatSize(t.memory)}`,
        hardLimit: hardLimit(t),
        numatune: numatune(t),
        cells: t.cpu.cells.length ? String(t.cpu.cells.length) : DASH,
        dimms: dimms(t),
    };
}
