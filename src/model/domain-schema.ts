// Where libvirt puts things: the order in which libvirt's formatter (virDomainDefFormatInternal and
// the helpers it calls in src/conf/domain_conf.c, src/conf/cpu_conf.c, src/conf/numa_conf.c of
// libvirt 9.x) writes the children of the elements vmtune edits, and libvirt's size units.
// Only the elements we may create need to be listed; unknown elements are left where they are.
import { _, format } from "./i18n.ts";

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
        "vcpupin", "emulatorpin", "iothreadpin", "vcpusched", "iothreadsched", "emulatorsched",
        "cachetune", "memorytune",
    ],
    // virDomainMemtuneFormat writes min_guarantee before swap_hard_limit
    memtune: ["hard_limit", "soft_limit", "min_guarantee", "swap_hard_limit"],
    numatune: ["memory", "memnode"],
    cpu: ["model", "vendor", "topology", "cache", "maxphysaddr", "feature", "numa"],
    "cpu/numa": ["cell", "interconnects"],
    "cpu/numa/cell": ["distances", "cache"],
    "cpu/numa/cell/distances": ["sibling"],
    os: ["type", "firmware", "loader", "nvram", "kernel", "initrd", "cmdline", "dtb", "boot"],
    features: ["acpi", "apic", "pae"],
    devices: ["emulator"],
};

/** libvirt's order of the children of the element at `parentPath` (element names below <domain>). */
export function childOrder(parentPath: readonly string[]): readonly string[] {
    return ORDER[parentPath.join("/")] ?? [];
}

/**
 * A size in KiB from libvirt's scaled-integer syntax (virScaleInteger): units are case-insensitive,
 * "b"/"bytes" = 1, "k"/"kib" = 1024, "kb" = 1000, likewise m, g, t, p, e; no unit = KiB.
 * Rounded up to a whole KiB, computed exactly with BigInt.
 */
export function sizeToKiB(value: string, unit: string | null | undefined): number {
    const text = value.trim();
    if (!/^\+?\d+$/.test(text))
        throw new Error(format(_("Invalid size \"$0\""), value));
    const factor = unitFactor(unit ?? "");
    const bytes = BigInt(text.replace(/^\+/, "")) * factor;
    const kib = (bytes + 1023n) / 1024n;
    if (kib > BigInt(Number.MAX_SAFE_INTEGER))
        throw new Error(format(_("Size $0 $1 is too large"), value, unit ?? "KiB"));
    return Number(kib);
}

const POWERS = "kmgtpe";

function unitFactor(unit: string): bigint {
    const u = unit.trim().toLowerCase();
    if (u === "")
        return 1024n;
    if (u === "b" || u === "bytes")
        return 1n;
    const power = POWERS.indexOf(u[0] ?? "");
    const rest = u.slice(1);
    if (power >= 0 && (rest === "" || rest === "ib"))
        return 1024n ** BigInt(power + 1);
    if (power >= 0 && rest === "b")
        return 1000n ** BigInt(power + 1);
    throw new Error(format(_("Unknown size unit \"$0\""), unit));
}
