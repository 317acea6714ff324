// The planner's input: the VM as read (live + config + inactive XML) and the desired values per area.
import type {
    Driver, GuestCell, KiB, MemNode, MemoryDevice, NumaMode, SchedulerParams, Scope, ThreadSched, Topology, Tuning, TuningChange,
} from "../types.ts";
import type { Side } from "./plan-ops.ts";

/** A wanted pin: libvirt cpuset text, or null to unpin (allow every host CPU). */
export interface DesiredPin {
    id: number;
    cpuset: string | null;
}

/** A memtune limit: KiB, or null / MEMTUNE_UNLIMITED for no limit. */
export type DesiredLimit = KiB | null;

/**
 * What the user wants, per area. Only what is present is planned; a value equal to the current one
 * (per side) gives no step.
 */
export interface DesiredTuning {
    /** scheduler values to set (0 unsets a period or quota; negative quota = unlimited) */
    scheduler?: SchedulerParams;
    vcpupin?: DesiredPin[];
    /** emulator pin cpuset, or null to unpin */
    emulatorpin?: string | null;
    iothreadpin?: DesiredPin[];
    vcpus?: { current?: number; max?: number };
    /** config only: written with a define step */
    topology?: Topology;
    memory?: { current?: KiB; max?: KiB };
    /** config only (define) */
    maxMemory?: { size: KiB; slots: number } | null;
    /** config only (define): the balloon's policy; true on, false off, null removes the attribute (off) */
    memballoon?: { autodeflate?: boolean | null; freePageReporting?: boolean | null };
    /** the balloon statistics period in seconds, 0 = off (virsh dommemstat --period) */
    memstatPeriod?: number;
    memtune?: { hard_limit?: DesiredLimit; soft_limit?: DesiredLimit; swap_hard_limit?: DesiredLimit };
    numatune?: { mode?: NumaMode; nodeset?: string };
    /** config only (define): per-cell <memnode> list, replacing the current one */
    memnodes?: MemNode[];
    /** config only (define): the whole guest NUMA cell list */
    cells?: GuestCell[];
    /** config only (define): the <memoryBacking> parts to set (hugepages null = none) */
    memoryBacking?: NonNullable<TuningChange["memoryBacking"]>;
    /** config only (define): the CPU mode, model, features and cache to set */
    cpuModel?: NonNullable<TuningChange["cpuModel"]>;
    /** config only (define): <features><kvm><hint-dedicated>, null removes it */
    kvmHintDedicated?: boolean | null;
    /** config only (define): take every vcpupin, emulatorpin and iothreadpin out of the definition (a pin
     *  to every CPU, all that a pin call can do, stays written): the Shared profile */
    clearPins?: boolean;
    /** config only (define): take <numatune>'s memory binding and memnodes out of the definition */
    clearNumatune?: boolean;
    /** config only (define): real-time and other thread scheduling policies (each list replaces the current one) */
    sched?: { vcpusched?: ThreadSched[]; iothreadsched?: ThreadSched[]; emulatorsched?: ThreadSched | null };
    /** IOThreads to add / remove by id (live and config: virsh iothreadadd / iothreaddel) */
    iothreadsAdd?: number[];
    iothreadsDel?: number[];
    /** config only (define): the IOThread each disk (by target dev) uses, null for none */
    diskIothreads?: { target: string; iothread: number | null }[];
    /** live only: IOThread polling (virsh iothreadset); absent keys are left as they are */
    iothreadPoll?: { id: number; maxNs?: number; grow?: number; shrink?: number }[];
    /** DIMMs to hot-plug: size in KiB, target guest NUMA cell */
    attachDimms?: { size: KiB; node: number }[];
    /** memory devices to unplug, as read (their `xml` is sent) */
    detachDimms?: MemoryDevice[];
    /** virtio-mem devices to attach: sizes in KiB, target guest NUMA cell */
    attachVirtioMem?: { size: KiB; block: KiB; node: number; requested: KiB }[];
    /** a new requested size for virtio-mem devices as read (found on each side by alias or address) */
    resizeVirtioMem?: { device: MemoryDevice; requested: KiB }[];
    /** virtio-mem devices to detach, as read */
    detachVirtioMem?: MemoryDevice[];
}

export interface PlanInput {
    /** the domain name, for descriptions */
    name: string;
    /** the domain UUID: the virsh command lines name the VM by it, because virsh looks an argument up
     *  as an ID first, then UUID, then name (a VM named "3" would otherwise reach the VM with ID 3) */
    uuid: string;
    /** the connection's driver (default qemu): LXC plans some next-boot changes as a define */
    driver?: Driver | undefined;
    /** virsh -c URI in the command lines, for connections other than the default qemu:///system */
    uri?: string | undefined;
    running: boolean;
    /** the running VM's tuning (GetXMLDesc(0) + live parameters); required when running */
    live?: Tuning | undefined;
    /** the persistent config (GetXMLDesc(INACTIVE)) */
    config: Tuning;
    /** the persistent XML as read: the base of define steps and their inverse */
    inactiveXml: string;
    /** number of host CPUs: the length of every cpumap */
    hostCpus: number;
    scope: Scope;
    desired: DesiredTuning;
}

/** What each area planner sees: the sides the scope asks for (live only when running). */
export interface AreaContext {
    desired: DesiredTuning;
    sides: Side[];
    hostCpus: number;
    inactiveXml: string;
    /** the running VM's state whatever the scope (libvirt checks some next-boot values against it) */
    running?: Tuning | undefined;
    /** the connection's driver (default qemu) */
    driver?: Driver | undefined;
}
