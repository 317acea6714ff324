// Planner, LXC: libvirt 9.0's LXC driver has no SetNumaParameters and no SetVcpusFlags, and its
// scheduler calls on a container that is not running crash libvirtd (seen with virsh schedinfo).
// So the next-boot scheduler values, numatune and vCPU counts of a container go into the define
// step; live, only the scheduler (cgroups) changes, and numatune and vCPU counts are refused.
import { _, format } from "../i18n.ts";
import type { Finding, SchedulerKey, Tuning, TuningChange } from "../types.ts";
import { SCHEDULER_KEYS } from "../types.ts";
import type { DesiredTuning } from "./plan-types.ts";
import type { Side } from "./plan-ops.ts";
import { refusal, wantedNodeset } from "./plan-ops.ts";
import { sameNodeset } from "../rules/rules-numa.ts";
import { vcpuCountRefusal } from "./plan-cpu.ts";

export interface LxcConfigChange {
    change: TuningChange;
    fields: { field: string; what: string }[];
    refusals: Finding[];
}

/** What a container's next-boot definition must change for the scheduler, numatune and vCPUs. */
export function lxcConfigChange(d: DesiredTuning, config: Tuning): LxcConfigChange {
    const out: LxcConfigChange = { change: {}, fields: [], refusals: [] };
    const cputune: { [K in SchedulerKey]?: number } = {};
    for (const key of SCHEDULER_KEYS) {
        const want = d.scheduler?.[key];
        if (want === undefined || want === config.cputune[key])
            continue;
        if (!Number.isSafeInteger(want))
            out.refusals.push(refusal(key, format(_("$0 must be a whole number, not $1"), key, String(want))));
        else
            cputune[key] = want;
    }
    if (Object.keys(cputune).length > 0) {
        out.change.cputune = cputune;
        out.fields.push({ field: "scheduler", what: _("scheduler parameters") });
    }

    const n = d.numatune;
    const numatune: NonNullable<TuningChange["numatune"]> = {};
    if (n?.mode !== undefined && n.mode !== (config.numatune.mode ?? "strict"))
        numatune.mode = n.mode;
    if (n?.nodeset !== undefined) {
        const wanted = wantedNodeset(n.nodeset);
        if ("refusal" in wanted)
            out.refusals.push(wanted.refusal);
        else if (!sameNodeset(wanted.nodeset, config.numatune.nodeset) || config.numatune.placement === "auto") {
            numatune.nodeset = wanted.nodeset;
            // beside placement='auto' libvirt drops a nodeset (and the XML fails its schema): a nodeset
            // means static placement, as the numatune call on a QEMU VM makes it
            if (config.numatune.placement === "auto")
                numatune.placement = "static";
        }
    }
    if (Object.keys(numatune).length > 0) {
        out.change.numatune = numatune;
        out.fields.push({ field: "numatune", what: _("host memory placement (numatune)") });
    }

    const v = d.vcpus;
    if (v !== undefined) {
        const max = v.max ?? config.vcpu.max;
        const current = v.current ?? Math.min(config.vcpu.current, max);
        const refused = vcpuCountRefusal(max, current);
        if (refused)
            out.refusals.push(refused);
        else if (max !== config.vcpu.max || current !== config.vcpu.current) {
            out.change.vcpu = { max, current: current === max ? null : current };
            out.fields.push({ field: max !== config.vcpu.max ? "vcpu.max" : "vcpu.current", what: _("vCPUs") });
        }
    }
    return out;
}

/** A running container: numatune and vCPU counts cannot change live. */
export function lxcLiveRefusals(d: DesiredTuning, live: Side | undefined): Finding[] {
    if (live === undefined)
        return [];
    const out: Finding[] = [];
    const have = live.tuning;
    const n = d.numatune;
    const modeChange = n?.mode !== undefined && n.mode !== (have.numatune.mode ?? "strict");
    const wanted = n?.nodeset === undefined ? undefined : wantedNodeset(n.nodeset);
    // a nodeset that does not parse is a change too: refused live either way
    const nodesetChange = wanted !== undefined && ("refusal" in wanted || !sameNodeset(wanted.nodeset, have.numatune.nodeset));
    if (modeChange || nodesetChange)
        out.push(refusal("numatune", _("LXC cannot change a running container's memory placement: choose Next boot")));
    if (d.vcpus?.current !== undefined && d.vcpus.current !== have.vcpu.current)
        out.push(refusal("vcpu.current", _("LXC containers cannot change their CPU count while running: change it for next boot")));
    if (d.vcpus?.max !== undefined && d.vcpus.max !== have.vcpu.max)
        out.push(refusal("vcpu.max", _("The maximum number of vCPUs changes only for next boot: choose Next boot or Both")));
    return out;
}
