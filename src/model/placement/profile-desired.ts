// The CPU profiles as desired tuning for the planner, in two parts: what may change on a running VM
// (the pins) and what only the next boot takes (numatune's mode never changes live, its nodeset only
// under restrictive; <memoryBacking>, the dedicated-vCPU hint and per-cell memory are define-only).
//
// Dedicated: vCPU n → its own CPU, emulator and IOThreads on the housekeeping CPUs, numatune strict to
// the chosen nodes (and each guest cell strict to its node when spread), nosharepages, and the
// dedicated-vCPU hint where the CPU mode is host-passthrough (libvirt refuses it with any other mode).
// Shared, the undo of a profile: every pin goes (live: a pin to every CPU, which the running VM lists
// until it restarts; next boot: taken out of the definition), the hint and nosharepages go, and numatune
// goes only when it is strict on exactly the nodes of the vCPU pins, i.e. what Dedicated wrote; a
// numatune set otherwise is the user's and stays.
import { _, format } from "../i18n.ts";
import { formatCpuset } from "../values/cpuset.ts";
import type { HostTopology } from "../host/capabilities.ts";
import type { Tuning } from "../types.ts";
import type { DesiredTuning } from "../plan/plan-types.ts";
import type { ProfileFit } from "./profile-fit.ts";
import { oneToOne, strictOnPinNodes } from "./profile-detect.ts";

export interface ProfileDesired {
    /** pins: live and next boot, as the scope asks */
    pins: DesiredTuning;
    /** next boot only */
    nextBoot: DesiredTuning;
    /** what the profile leaves out, and why (shown with the plan) */
    notes: string[];
}

type Fitted = Extract<ProfileFit, { fits: true }>;

export function dedicatedDesired(fit: Fitted, t: Tuning): ProfileDesired {
    const emulator = formatCpuset(fit.housekeeping);
    const pins: DesiredTuning = {
        vcpupin: fit.vcpuCpus.map((cpu, id) => ({ id, cpuset: String(cpu) })),
        emulatorpin: emulator,
    };
    if (t.iothreadIds.length > 0)
        pins.iothreadpin = t.iothreadIds.map(id => ({ id, cpuset: emulator }));
    const nextBoot: DesiredTuning = {
        numatune: { mode: "strict", nodeset: formatCpuset(fit.nodes) },
        memoryBacking: { nosharepages: true },
    };
    const notes: string[] = [];
    if (fit.cellNodes !== undefined && fit.nodes.length > 1)
        nextBoot.memnodes = t.cpu.cells.map(c => ({ cellid: c.id, mode: "strict" as const, nodeset: String(fit.cellNodes?.get(c.id) ?? fit.nodes[0]) }));
    if (t.cpu.mode === "host-passthrough")
        nextBoot.kvmHintDedicated = true;
    else
        notes.push(format(_("The dedicated-vCPU hint is left out: libvirt takes it only with CPU mode host-passthrough, and this VM's mode is $0."),
                          t.cpu.mode ?? "custom"));
    return { pins, nextBoot, notes };
}

/** Shared: `live` undoes the running VM's pins, `config` the definition's (see above). */
export function sharedDesired(live: Tuning | undefined, config: Tuning, host?: HostTopology): { live: DesiredTuning; nextBoot: DesiredTuning; notes: string[] } {
    const liveDesired: DesiredTuning = {};
    if (live !== undefined) {
        const vcpus = live.cputune.vcpupin.filter(p => p.id < live.vcpu.max);
        if (vcpus.length > 0)
            liveDesired.vcpupin = vcpus.map(p => ({ id: p.id, cpuset: null }));
        if (live.cputune.emulatorpin !== undefined)
            liveDesired.emulatorpin = null;
        if (live.cputune.iothreadpin.length > 0)
            liveDesired.iothreadpin = live.cputune.iothreadpin.map(p => ({ id: p.id, cpuset: null }));
    }
    const nextBoot: DesiredTuning = { clearPins: true, memoryBacking: { nosharepages: false }, kvmHintDedicated: null };
    const notes: string[] = [];
    const pinned = oneToOne(config);
    if (config.numatune.nodeset !== undefined) {
        if (pinned !== undefined && strictOnPinNodes(config, pinned, host) && host !== undefined && host.cells.length > 0)
            nextBoot.clearNumatune = true;
        else
            notes.push(_("The memory's NUMA tuning stays: it is not what Dedicated sets (strict on exactly the nodes of the vCPU pins)."));
    }
    if (Object.keys(liveDesired).length > 0)
        notes.push(_("libvirt cannot remove a running VM's pins: they become pins to every host CPU, which the running VM lists until it restarts."));
    return { live: liveDesired, nextBoot, notes };
}
