// What the Memory tab shows and checks beyond rules-memory.ts: exact size texts for editable fields,
// the hotplug limit (<maxMemory slots>) rules libvirt applies at define time, the host's memory as an
// upper bound, the DIMM list merged over live and next boot, and the balloon picture.
import { _, format } from "../i18n.ts";
import type { Finding, KiB, MemoryDevice, Tuning } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { formatExactSize, formatSize } from "../values/units.ts";
import { error, parseIntegerField, parseSizeField, warning } from "../rules/rules-fields.ts";
import { usesSlot } from "../rules/rules-memory.ts";
import { isVirtioMem } from "../rules/rules-virtiomem.ts";

/** QEMU's pc-dimm limit (ACPI memory hotplug has 256 slots). */
export const MAX_MEMORY_SLOTS = 256;

/** A size as an exact, editable text (see formatExactSize): parsing it gives back the same KiB. */
export function exactSizeText(kib: KiB): string {
    return formatExactSize(kib);
}

/** A memtune limit as an editable text: "unlimited" for none. */
export function limitInputText(kib: KiB | undefined): string {
    return kib === undefined || kib >= MEMTUNE_UNLIMITED ? "unlimited" : exactSizeText(kib);
}

/** A size above the host's memory: an error for what the VM would really get, else a warning. */
export function checkHostMemory(field: string, kib: KiB | undefined, hostKiB: KiB | undefined, hard = true): Finding[] {
    if (kib === undefined || hostKiB === undefined || kib <= hostKiB || kib >= MEMTUNE_UNLIMITED)
        return [];
    const message = format(_("$0 is more than this host's memory ($1)"), formatSize(kib), formatSize(hostKiB));
    return [hard ? error(field, message) : warning(field, message)];
}

/**
 * "Hotplug memory limit" and "Memory slots" as typed (next boot only). Both empty removes <maxMemory>.
 * libvirt wants both or neither, a limit ≥ the maximum memory, guest NUMA cells; QEMU at most 256 slots;
 * the slots must hold the memory modules the VM has.
 */
export function validateHotplugLimit(texts: { size: string; slots: string }, config: Tuning, newMemory: KiB = config.memory):
        { value?: { size: KiB; slots: number } | null; findings: Finding[] } {
    if (texts.size.trim() === "" && texts.slots.trim() === "") {
        const used = config.memoryDevices.filter(usesSlot).length;
        if (used > 0)
            return { findings: [error("maxMemory.size", format(_("The VM has $0 memory modules: they need a hotplug limit and slots"), used))] };
        // a virtio-mem device takes no slot, but lives in the hotplug area all the same
        const virtio = config.memoryDevices.filter(isVirtioMem).length;
        return virtio > 0
            ? { findings: [error("maxMemory.size", format(_("The VM has $0 virtio-mem devices: they need a hotplug limit (libvirt: \"cannot use/hotplug a memory device when domain 'maxMemory' is not defined\")"), virtio))] }
            : { value: null, findings: [] };
    }
    const findings: Finding[] = [];
    const size = parseSizeField("maxMemory.size", texts.size, { required: true, min: 1 });
    const slots = parseIntegerField("maxMemory.slots", texts.slots, { required: true, min: 1, max: MAX_MEMORY_SLOTS });
    if (!size.ok) findings.push(size.finding);
    if (!slots.ok) findings.push(slots.finding);
    if (!size.ok || !slots.ok || size.value === undefined || slots.value === undefined)
        return { findings };
    if (size.value < newMemory) {
        findings.push(error("maxMemory.size", format(_("The hotplug limit must be at least the maximum memory ($0): \"maximum memory size must be equal or greater than the actual memory size\""),
                                                     formatSize(newMemory))));
    }
    const used = config.memoryDevices.filter(usesSlot).length;
    if (slots.value < used)
        findings.push(error("maxMemory.slots", format(_("The VM has $0 memory modules: it needs at least $0 slots"), used)));
    if (config.cpu.cells.length === 0)
        findings.push(error("maxMemory.size", _("Memory hotplug needs at least one guest NUMA cell (libvirt: \"At least one numa node has to be configured when enabling memory hotplug\"): add one on the NUMA tab first")));
    return { value: { size: size.value, slots: slots.value }, findings };
}

/** One memory device as the DIMM list shows it: on which sides it is, with each side's device. */
export interface DimmRow {
    key: string;
    model: string;
    size: KiB;
    node?: number | undefined;
    slot?: number | undefined;
    base?: string | undefined;
    alias?: string | undefined;
    live?: MemoryDevice | undefined;
    config?: MemoryDevice | undefined;
}

function sameDevice(a: MemoryDevice, b: MemoryDevice): boolean {
    if (a.model !== b.model || a.size !== b.size || a.node !== b.node) return false;
    if (a.slot !== undefined && b.slot !== undefined) return a.slot === b.slot;
    return true;
}

/** The memory devices of both sides but virtio-mem (its own card), a live one matched to a next-boot one
 *  by model, size, node and slot. */
export function dimmRows(live: Tuning | undefined, config: Tuning | undefined): DimmRow[] {
    const rows: DimmRow[] = [];
    const listed = (t: Tuning | undefined) => (t?.memoryDevices ?? []).filter(d => !isVirtioMem(d));
    const unmatched = listed(config);
    for (const [i, dev] of listed(live).entries()) {
        const at = unmatched.findIndex(c => sameDevice(dev, c));
        const other = at >= 0 ? unmatched.splice(at, 1)[0] : undefined;
        rows.push({ key: dev.alias ?? `live-${i}`, model: dev.model, size: dev.size, node: dev.node, slot: dev.slot ?? other?.slot,
                    base: dev.base ?? other?.base, alias: dev.alias, live: dev, config: other });
    }
    for (const [i, dev] of unmatched.entries()) {
        rows.push({ key: `config-${dev.slot ?? ""}-${i}`, model: dev.model, size: dev.size, node: dev.node, slot: dev.slot,
                    base: dev.base, alias: dev.alias, config: dev });
    }
    return rows;
}

/** Balloon statistics in KiB, as far as the guest reports them. */
export interface BalloonNumbers {
    actual?: KiB | undefined;
    usable?: KiB | undefined;
    unused?: KiB | undefined;
    available?: KiB | undefined;
    rss?: KiB | undefined;
}

export interface PictureBar {
    id: "maximum" | "current" | "actual" | "usable" | "unused" | "rss";
    label: string;
    kib?: KiB | undefined;
    /** 0–100: share of the scale (the largest value shown) */
    percent: number;
}

/** The bars of the memory picture, all on one scale (the largest of them, normally the maximum). */
export function memoryPicture(maximum: KiB, current: KiB, stats: BalloonNumbers | undefined): PictureBar[] {
    const raw: Omit<PictureBar, "percent">[] = [
        { id: "maximum", label: _("Maximum"), kib: maximum },
        { id: "current", label: _("Current (balloon target)"), kib: current },
        { id: "actual", label: _("Balloon actual"), kib: stats?.actual },
        { id: "usable", label: _("Usable in the guest"), kib: stats?.usable },
        { id: "unused", label: _("Unused in the guest"), kib: stats?.unused },
        { id: "rss", label: _("QEMU process RSS"), kib: stats?.rss },
    ];
    const scale = Math.max(1, ...raw.map(b => b.kib ?? 0));
    return raw.map(b => ({ ...b, percent: b.kib === undefined ? 0 : Math.round(1000 * b.kib / scale) / 10 }));
}
