// Where libvirt puts things: the order in which libvirt's formatter (virDomainDefFormatInternal and
// the helpers it calls in src/conf/domain_conf.c, src/conf/cpu_conf.c, src/conf/numa_conf.c of
// libvirt 9.x) writes the children of the elements vmtune edits, and libvirt's size units.
// Only the elements we may create need to be listed; unknown elements are left where they are.
import { integerToKiB } from "../values/units.ts";

const ORDER: Record<string, readonly string[]> = {
    "": [
        "name", "uuid", "genid", "title", "description", "metadata",
        "maxMemory", "memory", "currentMemory", "blkiotune", "memtune", "memoryBacking",
        "vcpu", "vcpus", "iothreads", "iothreadids", "defaultiothread", "cputune", "numatune",
        "resource", "sysinfo", "bootloader", "bootloader_args", "os", "idmap", "features", "cpu",
        "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm", "perf", "devices",
        "seclabel", "keywrap", "launchSecurity",
    ],
    cputune: [
        "shares", "period", "quota", "global_period", "global_quota",
        "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
        // libvirt 9.0 writes emulatorsched before the vcpusched and iothreadsched lists (seen with virsh define + dumpxml)
        "vcpupin", "emulatorpin", "iothreadpin", "emulatorsched", "vcpusched", "iothreadsched",
        "cachetune", "memorytune",
    ],
    // virDomainMemtuneFormat writes min_guarantee before swap_hard_limit
    memtune: ["hard_limit", "soft_limit", "min_guarantee", "swap_hard_limit"],
    numatune: ["memory", "memnode"],
    // virDomainMemorybackingFormat
    memoryBacking: ["hugepages", "nosharepages", "locked", "source", "access", "allocation", "discard"],
    cpu: ["model", "vendor", "topology", "cache", "maxphysaddr", "feature", "numa"],
    "cpu/numa": ["cell", "interconnects"],
    "cpu/numa/cell": ["distances", "cache"],
    "cpu/numa/cell/distances": ["sibling"],
    // virDomainDiskDefFormat: <driver> first
    "devices/disk": [
        "driver", "auth", "source", "backingStore", "backenddomain", "geometry", "blockio", "mirror", "target",
        "iotune", "readonly", "shareable", "transient", "serial", "wwn", "vendor", "product", "encryption", "alias",
        "address", "boot", "acpi",
    ],
};

/** libvirt's order of the children of the element at `parentPath` (element names below <domain>). */
export function childOrder(parentPath: readonly string[]): readonly string[] {
    return ORDER[parentPath.join("/")] ?? [];
}

/**
 * A size in KiB from an XML value and its `unit` attribute (libvirt's scaled integer: a decimal
 * integer; no unit = KiB), rounded up to a whole KiB, exactly (units.ts's integerToKiB).
 */
export function sizeToKiB(value: string, unit: string | null | undefined): number {
    return integerToKiB(value, unit === null || unit === undefined || unit === "" ? "KiB" : unit);
}
