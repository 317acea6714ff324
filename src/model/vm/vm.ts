// The VM as libvirt last told us: state, the running and next-boot definitions (XML kept for edits,
// typed tuning for reading), the scheduler values the kernel enforces now, and where it lives.
// src/libvirt reads it (readDomain); the UI and the planner take it from here.
import type { DomainState } from "../flags.ts";
import type { Driver, SchedulerParams, Scope, Tuning } from "../types.ts";

/** Where a VM lives, as the model needs it (the adapter's connection carries more). */
export interface VmConnection {
    /** what virsh -c takes */
    uri: string;
    driver: Driver;
    session: boolean;
}

export interface Vm {
    /** the libvirt connection the VM lives on */
    connection: VmConnection;
    /** the adapter's handle for this VM (libvirt-dbus object path); opaque to the model */
    path: string;
    name: string;
    uuid: string;
    state: DomainState;
    active: boolean;
    persistent: boolean;
    /** the running definition (absent when shut off) */
    liveXml?: string | undefined;
    live?: Tuning | undefined;
    /** the persistent definition (absent for transient VMs, and when it could not be read) */
    configXml?: string | undefined;
    config?: Tuning | undefined;
    /** why the persistent definition of a persistent VM could not be read (also in `error`):
     *  nothing is planned for it then, never from the live definition */
    configError?: string | undefined;
    /** scheduler values libvirt reports now (live for a running VM) */
    sched?: SchedulerParams | undefined;
    /** why part of the VM could not be read */
    error?: string | undefined;
}

/** The next-boot definition, or the running one where there is none to show (a transient VM). */
export function configOrLive(vm: Vm): Tuning | undefined {
    return vm.config ?? vm.live;
}

/** The definition a card shows and edits for a scope: next boot for "config", else the running one. */
export function sideForScope(vm: Vm, scope: Scope): Tuning | undefined {
    const config = configOrLive(vm);
    return scope === "config" ? config : (vm.live ?? config);
}

/** The running definition as the kernel enforces it: the live scheduler values (GetSchedulerParameters,
 *  what the cgroups hold) override the live XML's. */
export function effectiveLive(vm: Vm): Tuning | undefined {
    if (!vm.live) return undefined;
    return { ...vm.live, cputune: { ...vm.live.cputune, ...vm.sched } };
}
