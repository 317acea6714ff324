// What each libvirt connection supports (QEMU system/session, LXC, test), and the context rules run in.
import { _ } from "../i18n.ts";
import type { Driver, Finding, SchedulerKey, Scope } from "../types.ts";
import type { CgroupVersion } from "./rules-fields.ts";
import { error } from "./rules-fields.ts";

/** What the rules need to know about where the VM lives. */
export interface RuleContext {
    driver: Driver;
    /** qemu:///session (or any per-user connection) */
    session: boolean;
    /** the VM is running (live values exist) */
    running: boolean;
    /** number of host CPUs: valid ids are 0 … hostCpus-1 */
    hostCpus: number;
    /** ids of the host NUMA nodes */
    hostNodes: number[];
    cgroup: CgroupVersion;
}

export type Feature =
    | "scheduler" | "vcpupin" | "emulatorpin" | "iothreadpin"
    | "vcpus-live" | "vcpus-config" | "memory-live" | "memory-config"
    | "memtune" | "min_guarantee" | "numatune" | "guest-numa" | "dimm" | "virtio-mem" | "memory-backing";

const LXC_SCHEDULER: readonly SchedulerKey[] = ["shares", "period", "quota"];
const ALL_SCHEDULER: readonly SchedulerKey[] = [
    "shares", "period", "quota", "global_period", "global_quota",
    "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
];

/** Why the connection cannot do this, or undefined when it can. */
export function unsupportedReason(ctx: Pick<RuleContext, "driver" | "session">, feature: Feature): string | undefined {
    if (feature === "min_guarantee" && (ctx.driver === "qemu" || ctx.driver === "lxc"))
        return _("min_guarantee is supported only by the ESX and OpenVZ drivers: QEMU and LXC refuse it");
    if (ctx.driver === "qemu" && ctx.session) {
        if (feature === "scheduler" || feature === "memtune" || feature === "numatune")
            return _("A session connection (qemu:///session) has no cgroups: scheduler, memtune and numatune changes are refused. Use the system connection (qemu:///system)");
        return undefined;
    }
    if (ctx.driver === "lxc") {
        switch (feature) {
        case "vcpupin": case "emulatorpin": case "iothreadpin":
            return _("LXC containers cannot pin CPUs: use numatune or a cpuset on <vcpu> instead");
        case "vcpus-live":
            return _("LXC containers cannot change their CPU count while running: change it for next boot");
        case "guest-numa": case "dimm": case "virtio-mem":
            return _("LXC containers have no guest NUMA cells or memory devices");
        case "memory-backing":
            return _("LXC containers share the host's memory directly: there is no guest memory to back with hugepages or lock");
        default:
            return undefined;
        }
    }
    if (ctx.driver === "test") {
        if (feature === "scheduler")
            return _("The test driver has no scheduler parameters");
        if (feature === "dimm" || feature === "virtio-mem")
            return _("The test driver cannot attach devices");
    }
    return undefined;
}

export function supports(ctx: Pick<RuleContext, "driver" | "session">, feature: Feature): boolean {
    return unsupportedReason(ctx, feature) === undefined;
}

/** A finding for `field` when the connection cannot do `feature`. */
export function checkSupport(ctx: Pick<RuleContext, "driver" | "session">, feature: Feature, field: string): Finding[] {
    const reason = unsupportedReason(ctx, feature);
    return reason === undefined ? [] : [error(field, reason)];
}

/** The scheduler parameters this connection offers (LXC: shares, vCPU period/quota only). */
export function schedulerKeysFor(ctx: Pick<RuleContext, "driver" | "session">): readonly SchedulerKey[] {
    if (!supports(ctx, "scheduler"))
        return [];
    return ctx.driver === "lxc" ? LXC_SCHEDULER : ALL_SCHEDULER;
}

/** Does a change in this scope touch the running VM? */
export function touchesLive(scope: Scope, running: boolean): boolean {
    return running && scope !== "config";
}

/** A change in scope "live" needs a running VM. */
export function checkScopeRunning(scope: Scope, running: boolean, field: string): Finding[] {
    if (scope === "live" && !running)
        return [error(field, _("The VM is not running: there is nothing to change live. Choose Next boot"))];
    return [];
}
