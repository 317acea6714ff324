// The typed view of everything vmtune reads from and writes to a libvirt domain.
// All sizes are KiB. `undefined` means "not set in the XML" (libvirt's default applies).

export type KiB = number;

/** cgroup-backed scheduler knobs of <cputune> / virsh schedinfo. Quotas: negative = unlimited. */
export interface SchedulerParams {
    shares?: number | undefined;
    period?: number | undefined;
    quota?: number | undefined;
    global_period?: number | undefined;
    global_quota?: number | undefined;
    emulator_period?: number | undefined;
    emulator_quota?: number | undefined;
    iothread_period?: number | undefined;
    iothread_quota?: number | undefined;
}
export type SchedulerKey = keyof SchedulerParams;
export const SCHEDULER_KEYS: readonly SchedulerKey[] = [
    "shares", "period", "quota", "global_period", "global_quota",
    "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
];

/** <vcpupin vcpu=N cpuset=…/> or <iothreadpin iothread=N cpuset=…/>: keyed by id, never by position. */
export interface Pin {
    id: number;
    cpuset: string;
}

/** A thread scheduling policy of <cputune>'s vcpusched / iothreadsched / emulatorsched. */
export type SchedPolicy = "fifo" | "rr" | "batch" | "idle";
export const SCHED_POLICIES: readonly SchedPolicy[] = ["fifo", "rr", "batch", "idle"];

/** <vcpusched vcpus='0-3' scheduler='fifo' priority='1'/> (iothreadsched: `iothreads`; emulatorsched: no ids). */
export interface ThreadSched {
    /** the vCPU or IOThread ids as written (cpuset syntax); undefined = all of them */
    ids?: string | undefined;
    scheduler: SchedPolicy;
    /** fifo and rr only: 1-99 */
    priority?: number | undefined;
}

export interface Cputune extends SchedulerParams {
    vcpupin: Pin[];
    emulatorpin?: string | undefined;
    iothreadpin: Pin[];
    vcpusched: ThreadSched[];
    iothreadsched: ThreadSched[];
    emulatorsched?: ThreadSched | undefined;
}

export interface VcpuState {
    id: number;
    enabled: boolean;
    hotpluggable: boolean;
    order?: number | undefined;
}

export interface Topology {
    sockets: number;
    dies: number;
    cores: number;
    threads: number;
}

export interface CellDistance {
    id: number;
    value: number;
}

export type CpuMode = "host-passthrough" | "host-model" | "custom" | "maximum";
export const CPU_MODES: readonly CpuMode[] = ["host-passthrough", "host-model", "custom", "maximum"];
export type CpuFeaturePolicy = "force" | "require" | "optional" | "disable" | "forbid";
export const CPU_FEATURE_POLICIES: readonly CpuFeaturePolicy[] = ["force", "require", "optional", "disable", "forbid"];

/** <cpu><feature policy=… name=…/> */
export interface CpuFeature {
    name: string;
    policy: CpuFeaturePolicy;
}

/** <cpu><cache mode=… level=…/> */
export interface CpuCache {
    mode: "passthrough" | "emulate" | "disable";
    level?: number | undefined;
}

/** An IOThread's polling as the running QEMU reports it (GetStats, IOTHREAD group): libvirt 9.0 keeps
 *  it in no definition. poll-max-ns 0 = polling off; grow/shrink 0 = QEMU's own factor. */
export interface IothreadPoll {
    id: number;
    maxNs: number;
    grow: number;
    shrink: number;
}

/** A disk and the IOThread it uses (<disk><driver iothread=…/>), keyed by its target dev. */
export interface DiskIothread {
    /** <target dev=…>, e.g. vda */
    target: string;
    /** <target bus=…>: only virtio disks take an IOThread */
    bus?: string | undefined;
    iothread?: number | undefined;
}

export interface GuestCell {
    id: number;
    /** libvirt cpuset syntax, as written in the XML */
    cpus: string;
    memory: KiB;
    memAccess?: string | undefined;
    distances: CellDistance[];
}

export type NumaMode = "strict" | "preferred" | "interleave" | "restrictive";
export const NUMA_MODES: readonly NumaMode[] = ["strict", "preferred", "interleave", "restrictive"];

export interface MemNode {
    cellid: number;
    mode: NumaMode;
    nodeset: string;
}

export interface Numatune {
    mode?: NumaMode | undefined;
    nodeset?: string | undefined;
    placement?: "static" | "auto" | undefined;
    memnodes: MemNode[];
}

export interface Memtune {
    hard_limit?: KiB | undefined;
    soft_limit?: KiB | undefined;
    swap_hard_limit?: KiB | undefined;
    min_guarantee?: KiB | undefined;
}
export type MemtuneKey = keyof Memtune;
export const MEMTUNE_KEYS: readonly MemtuneKey[] = ["hard_limit", "soft_limit", "swap_hard_limit", "min_guarantee"];
/** libvirt's VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, in KiB */
export const MEMTUNE_UNLIMITED = 9007199254740991;

export interface HugePage {
    /** 0 = the host's default huge page size (<hugepages/> without <page>) */
    size: KiB;
    nodeset?: string | undefined;
}

export interface MemoryDevice {
    model: string; // dimm, nvdimm, virtio-mem, virtio-pmem, sgx-epc …
    access?: string | undefined;
    size: KiB;
    node?: number | undefined;
    /** virtio-mem: <target><block> (the granularity the guest plugs in) */
    block?: KiB | undefined;
    /** virtio-mem: <target><requested> (what the host asks the guest to plug) */
    requested?: KiB | undefined;
    /** virtio-mem, live XML only: <target><current> (what the guest has plugged) */
    current?: KiB | undefined;
    /** <address type='dimm' slot=… base=…/> */
    slot?: number | undefined;
    base?: string | undefined;
    /** <address type='pci' …/> as domain:bus:slot.function (virtio-mem, virtio-pmem), e.g. 0000:00:03.0 */
    pci?: string | undefined;
    alias?: string | undefined;
    /** the device's own XML, for DetachDevice */
    xml: string;
}

export type MemorySource = "anonymous" | "memfd" | "file";
export type MemoryAccess = "shared" | "private";
export type MemoryAllocation = "immediate" | "ondemand";

/** <memoryBacking> except <hugepages> (Tuning.hugepages): flags and the backend choices. */
export interface MemoryBacking {
    nosharepages: boolean;
    locked: boolean;
    discard: boolean;
    source?: MemorySource | undefined;
    access?: MemoryAccess | undefined;
    allocation?: { mode?: MemoryAllocation | undefined; threads?: number | undefined } | undefined;
}

/** <devices><memballoon>: the balloon device and its policy. */
export interface Memballoon {
    model: string;
    statsPeriod?: number | undefined;
    /** autodeflate='on|off' (undefined: not written, QEMU's default off) */
    autodeflate?: boolean | undefined;
    /** freePageReporting='on|off' (undefined: not written, off) */
    freePageReporting?: boolean | undefined;
}

export interface Tuning {
    name: string;
    uuid: string;
    /** <domain type=…>: qemu, kvm, lxc, test … */
    domainType: string;
    arch?: string | undefined;
    machine?: string | undefined;
    vcpu: {
        max: number;
        current: number;
        placement?: "static" | "auto" | undefined;
        cpuset?: string | undefined;
    };
    vcpus: VcpuState[];
    iothreads: number;
    iothreadIds: number[];
    cputune: Cputune;
    cpu: {
        mode?: string | undefined;
        /** <cpu><model>: the named model (custom mode), with its fallback attribute */
        model?: string | undefined;
        fallback?: "allow" | "forbid" | undefined;
        /** <cpu migratable='on|off'> (host-passthrough, maximum) */
        migratable?: boolean | undefined;
        /** <cpu check=…> */
        check?: string | undefined;
        features: CpuFeature[];
        cache?: CpuCache | undefined;
        topology?: Topology | undefined;
        cells: GuestCell[];
    };
    /** <features><kvm><hint-dedicated state='on|off'/> (undefined: not written) */
    kvmHintDedicated?: boolean | undefined;
    /** disks that can take an IOThread (<devices><disk> with a target dev), in document order */
    disks: DiskIothread[];
    /** live only, not in any XML: each IOThread's polling from GetStats; undefined when not read */
    iothreadPoll?: IothreadPoll[] | undefined;
    numatune: Numatune;
    memory: KiB;
    currentMemory: KiB;
    maxMemory?: { size: KiB; slots: number } | undefined;
    memtune: Memtune;
    hugepages: HugePage[];
    memoryDevices: MemoryDevice[];
    memoryBacking: MemoryBacking;
    memballoon?: Memballoon | undefined;
    acpi: boolean;
}

/**
 * A change for editTuning: each present key is set; `null` removes it. Lists (pins, cells, memnodes)
 * replace the whole list, matched by id so untouched items keep their position and attributes.
 */
export interface TuningChange {
    vcpu?: { max?: number; current?: number | null; placement?: "static" | "auto" | null; cpuset?: string | null };
    cputune?: { [K in SchedulerKey]?: number | null } & {
        vcpupin?: Pin[];
        emulatorpin?: string | null;
        iothreadpin?: Pin[];
        /** the whole list, replacing the current one ([] removes them all) */
        vcpusched?: ThreadSched[];
        iothreadsched?: ThreadSched[];
        emulatorsched?: ThreadSched | null;
    };
    /** <cpu> mode, model and features; null removes the attribute or element. `features` replaces the list,
     *  matched by name so untouched features keep their place */
    cpuModel?: {
        mode?: CpuMode | null;
        model?: string | null;
        fallback?: "allow" | "forbid" | null;
        migratable?: boolean | null;
        check?: string | null;
        features?: CpuFeature[];
        cache?: CpuCache | null;
    };
    /** <features><kvm><hint-dedicated>: null removes it */
    kvmHintDedicated?: boolean | null;
    /** per disk (by target dev): the IOThread it uses, null for none */
    disks?: { target: string; iothread: number | null }[];
    topology?: Topology | null;
    cells?: GuestCell[];
    numatune?: {
        mode?: NumaMode | null;
        nodeset?: string | null;
        placement?: "static" | "auto" | null;
        memnodes?: MemNode[];
    };
    memory?: KiB;
    currentMemory?: KiB;
    maxMemory?: { size: KiB; slots: number } | null;
    memtune?: { [K in MemtuneKey]?: KiB | null };
    /** <memoryBacking>: `hugepages: null` removes <hugepages>, [] is not allowed (use null) */
    memoryBacking?: {
        hugepages?: HugePage[] | null;
        nosharepages?: boolean;
        locked?: boolean;
        discard?: boolean;
        source?: MemorySource | null;
        access?: MemoryAccess | null;
        allocation?: { mode?: MemoryAllocation; threads?: number } | null;
    };
    /** the balloon device's policy attributes; null removes the attribute (libvirt's default) */
    memballoon?: { autodeflate?: boolean | null; freePageReporting?: boolean | null };
}

/** A finding of a validation rule. `field` is the UI field id (e.g. "shares", "vcpupin.3"). */
export interface Finding {
    field: string;
    severity: "error" | "warning";
    message: string;
}

/** The libvirt connection kind the VM lives on. */
export type Driver = "qemu" | "lxc" | "test";

/** Where a change applies: the running VM, its persistent config, or both. */
export type Scope = "live" | "config" | "both";

export type VirshCommand =
    | "setmaxmem" | "setmem" | "memtune" | "setvcpus" | "vcpupin" | "emulatorpin" | "iothreadpin"
    | "schedinfo" | "numatune" | "attach-device" | "detach-device" | "define" | "setvcpus --guest" | "dommemstat"
    | "update-memory-device" | "iothreadadd" | "iothreaddel" | "iothreadset";

/** A D-Bus variant as cockpit.js encodes it. */
export interface Variant {
    t: string;
    v: unknown;
}

/** One libvirt-dbus method call on the VM's domain object (or the connection for DomainDefineXML). */
export interface DbusCall {
    /** "virsh": no D-Bus method exists (libvirt-dbus 1.4.1); `args` is virsh's argument array after
     *  `virsh -c URI`, run by src/libvirt as it is shown */
    target: "domain" | "connect" | "virsh";
    method: string;
    signature: string;
    args: unknown[];
}

export interface Step {
    command: VirshCommand;
    scope: Scope;
    /** the whole command line a user could paste (exact: it keeps secrets, so a pasted define keeps them) */
    virsh: string;
    /** the command line as DISPLAYED (secrets masked), where it differs from `virsh`; `virsh` is what is copied */
    shown?: string | undefined;
    /** human summary, translated */
    description: string;
    call: DbusCall;
    /** the step that undoes this one, for rollback; absent when nothing needs undoing */
    inverse?: Step | undefined;
    /** true when the change only takes effect after the VM restarts */
    needsRestart?: boolean | undefined;
}

/** A planner answer: ordered steps, or refusals saying why a wanted change cannot be done. */
export interface Plan {
    steps: Step[];
    refusals: Finding[];
}
