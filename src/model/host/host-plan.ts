// A change of the host (not of a VM): hugepage pools and KSM. Same standard as a VM's plan: ordered
// steps, each with the equivalent command line and its inverse for rollback, and refusals with the
// reason in words. Host steps write sysfs as root (src/host) or call libvirt's node memory
// parameters (src/libvirt); src/host/host-apply.ts runs them.
import type { Finding } from "../types.ts";

export type HostCommand = "allocpages" | "node-memory-tune" | "ksm-run";

export type HostWrite =
    /** write `value` to a sysfs file (as root) */
    | { kind: "sysfs"; path: string; value: string }
    /** Connect.NodeSetMemoryParameters: shm_* names → unsigned values */
    | { kind: "node-memory"; params: Record<string, number> };

export interface HostStep {
    command: HostCommand;
    /** the equivalent command line a user could paste (virsh where virsh has one) */
    virsh: string;
    /** human summary, translated */
    description: string;
    write: HostWrite;
    /** the step that puts back what this one changed; absent when nothing changes */
    inverse?: HostStep | undefined;
}

export interface HostPlan {
    steps: HostStep[];
    refusals: Finding[];
}

/** A plan whose refusals include an error is never applied, not even in part. */
export function planRefused(plan: HostPlan): boolean {
    return plan.refusals.some(r => r.severity === "error");
}
