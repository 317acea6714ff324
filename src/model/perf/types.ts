// What "see what tuning does" measures, as plain data: one reading of a running VM's counters
// (libvirt's statistics, its cgroups, where its memory sits) and what two readings say as rates.
// Counters are raw and monotonic; rates are derived in rates.ts, never in the adapters.

/** One vCPU as libvirt's VCPU statistics group reports it (virsh domstats --vcpu). */
export interface VcpuCounters {
    id: number;
    /** VIR_VCPU_OFFLINE 0, RUNNING 1, BLOCKED 2 */
    state?: number | undefined;
    /** vcpu.N.time: CPU time used, ns */
    timeNs?: number | undefined;
    /** vcpu.N.delay: time spent waiting for a host CPU (what the guest sees as steal), ns */
    delayNs?: number | undefined;
    /** vcpu.N.wait: time waiting on I/O, ns */
    waitNs?: number | undefined;
    /** vcpu.N.halted: "yes"/"no" where libvirt reports it (not a counter) */
    halted?: boolean | undefined;
}

/** One VM's libvirt statistics at one moment (GetStats or one record of GetAllDomainStats). */
export interface DomainCounters {
    name: string;
    /** state.state (VIR_DOMAIN_*) where reported */
    state?: number | undefined;
    /** cpu.time / cpu.user / cpu.system, ns */
    cpuTimeNs?: number | undefined;
    cpuUserNs?: number | undefined;
    cpuSystemNs?: number | undefined;
    vcpuCurrent?: number | undefined;
    vcpuMaximum?: number | undefined;
    vcpus: VcpuCounters[];
}

/** cgroup cpu.stat of one group, in one unit whatever the cgroup version. */
export interface CpuStat {
    /** nr_periods */
    periods: number;
    /** nr_throttled */
    throttledPeriods: number;
    /** throttled_time (v1, ns) or throttled_usec (v2), in µs */
    throttledUsec: number;
    /** usage_usec (v2 only; v1 keeps it in cpuacct) */
    usageUsec?: number | undefined;
}

/** /proc/pressure-style "some"/"full" lines of one group (cpu.pressure, v2 with PSI). */
export interface PressureLine {
    avg10: number;
    avg60: number;
    avg300: number;
    /** total stall time, µs */
    totalUsec: number;
}
export interface Pressure {
    some: PressureLine;
    full?: PressureLine | undefined;
}

/** The VM's own cgroup ("" for the VM's group itself) or one sub-group libvirt made:
 *  "vcpu0"…, "emulator", "iothread1"…, as the directory is named. */
export interface GroupCounters {
    group: string;
    cpu: CpuStat;
    pressure?: Pressure | undefined;
}

/** Where a process's memory sits, summed over /proc/PID/numa_maps: KiB per host node. */
export interface NumaPlacement {
    /** all pages, KiB per node */
    kibByNode: Record<number, number>;
    /** of which in hugetlbfs pages (mappings marked "huge"; transparent huge pages count as base pages there), KiB per node */
    hugeKibByNode: Record<number, number>;
}

/** One host CPU's times from /proc/stat, in USER_HZ ticks. */
export interface HostCpuTimes {
    cpu: number;
    /** user+nice+system+irq+softirq+steal */
    busy: number;
    /** busy + idle + iowait */
    total: number;
}

/** One QEMU thread: its name (CPU 0/KVM, qemu-system-x86, IO iothread1 …) and the host CPU it last ran on. */
export interface ThreadCpu {
    tid: number;
    name: string;
    /** field 39 of /proc/PID/task/TID/stat */
    lastCpu: number;
}

/** Everything one refresh read about one running VM. `at` is the page's clock (ms). */
export interface PerfSample {
    at: number;
    /** the QEMU (or libvirt_lxc) process: a different pid means the VM was restarted */
    pid?: number | undefined;
    domain: DomainCounters;
    /** the VM's group first, then its sub-groups; empty where the cgroups could not be read */
    groups: GroupCounters[];
    threads?: ThreadCpu[] | undefined;
    numa?: NumaPlacement | undefined;
    /** why parts could not be read (cgroup files, numa_maps …), in words */
    errors?: string[] | undefined;
}

/** Rates between two samples of one VM, as percentages of one host CPU (100 = one CPU busy). */
export interface VcpuRates {
    id: number;
    /** CPU time used */
    usedPct: number;
    /** waiting for a host CPU (steal) */
    stealPct?: number | undefined;
    /** waiting on I/O */
    waitPct?: number | undefined;
    halted?: boolean | undefined;
    lastCpu?: number | undefined;
}
export interface GroupRates {
    group: string;
    /** throttled periods / periods over the span, % (undefined when no period elapsed) */
    throttledPct?: number | undefined;
    /** throttled time per second of wall clock, ms/s */
    throttledMsPerS: number;
    /** cpu pressure "some": % of the span some task of the group stalled, from the totals (avg10 when the
     *  earlier reading had none) */
    pressureSome?: number | undefined;
}
export interface PerfRates {
    /** the later sample's time and the span covered, ms */
    at: number;
    spanMs: number;
    /** the whole VM's CPU, % of one host CPU */
    cpuPct?: number | undefined;
    vcpus: VcpuRates[];
    groups: GroupRates[];
}
