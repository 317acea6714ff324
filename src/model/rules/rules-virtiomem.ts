// virtio-mem rules: where a VM can take a device (attach), what a live resize may ask for, and when a
// device can be detached. Each finding says libvirt's or QEMU's reason in words.
import { _, format } from "../i18n.ts";
import type { Finding, KiB, MemoryDevice, Scope, Tuning } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { formatSize } from "../values/units.ts";
import { error, parseSizeField, warning } from "./rules-fields.ts";
import type { RuleContext } from "./rules-driver.ts";
import { checkScopeRunning, checkSupport, touchesLive } from "./rules-driver.ts";
import { LINUX_MEMORY_BLOCK, hugepageFor, initialMemory } from "./rules-memory.ts";

export const VIRTIO_MEM = "virtio-mem";
/** The smallest block size vmtune offers: QEMU's default on x86-64 is the THP size, 2 MiB. */
export const VIRTIO_MEM_MIN_BLOCK: KiB = 2048;
/** QEMU 8.2 is the first to unplug a virtio-mem device (and only once nothing is plugged). */
export const QEMU_UNPLUGS_VIRTIO_MEM = 8002000;

export interface VirtioMemRequest {
    size: KiB;
    block: KiB;
    /** the guest NUMA cell the memory belongs to */
    node: number;
    requested: KiB;
}

export function isVirtioMem(dev: MemoryDevice): boolean {
    return dev.model === VIRTIO_MEM;
}

function powerOfTwo(n: number): boolean {
    return Number.isSafeInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Architectures where libvirt puts memory devices on a guest NUMA cell and wants at least one. */
function needsCells(arch: string | undefined): boolean {
    return arch === undefined || /^(x86_64|i[3-6]86)$/.test(arch);
}

/** Memory the VM has beyond its hotplug limit once `extra` more is attached: initial + every device. */
function roomUnderLimit(vm: Tuning): KiB | undefined {
    if (vm.maxMemory === undefined)
        return undefined;
    return vm.maxMemory.size - initialMemory(vm) - vm.memoryDevices.reduce((sum, d) => sum + d.size, 0);
}

/** The block size as QEMU and the guest need it: a power of two, at least 2 MiB, at least the host's
 *  transparent hugepage size (QEMU's default and minimum sensible size for anonymous memory) and at least
 *  the hugepage size backing the cell. */
export function checkBlockSize(block: KiB, thpKiB: KiB | undefined, hugepage: KiB | undefined): Finding[] {
    if (!powerOfTwo(block) || block < VIRTIO_MEM_MIN_BLOCK) {
        return [error("virtiomem.block", format(_("The block size must be a power of two of at least $0 (libvirt: \"block size must be a power of two\")"),
                                                formatSize(VIRTIO_MEM_MIN_BLOCK)))];
    }
    if (thpKiB !== undefined && block < thpKiB) {
        return [error("virtiomem.block", format(_("The block size must be at least the host's transparent hugepage size, $0 (libvirt: \"block size too small, must be at least $1KiB\")"),
                                                formatSize(thpKiB), thpKiB))];
    }
    if (hugepage !== undefined && block < hugepage) {
        return [error("virtiomem.block", format(_("This guest cell is backed by $0 hugepages: the block size must be at least $0 (QEMU: \"block-size' property has to be at least the page size\")"),
                                                formatSize(hugepage)))];
    }
    return [];
}

/** The requested size: a multiple of the block size (0 is none), at most the device's size. */
export function checkRequested(requested: KiB, size: KiB, block: KiB | undefined, field = "virtiomem.requested"): Finding[] {
    if (requested > size)
        return [error(field, format(_("The requested size can be at most the device's size, $0 (libvirt: \"requested size must be smaller than or equal to @size\")"), formatSize(size)))];
    if (block !== undefined && block > 0 && requested % block !== 0) {
        return [error(field, format(_("The requested size must be a multiple of the block size $0 (libvirt: \"requested size must be an integer multiple of block size\")"),
                                    formatSize(block)))];
    }
    return [];
}

/**
 * Attach preconditions on one side (live or next boot): <maxMemory> (a virtio-mem device takes no slot,
 * but QEMU needs the hotplug area), a guest NUMA cell to put it on (x86), block/size/requested rules, and
 * initial memory + every device + this one ≤ maxMemory.
 */
export function checkVirtioMemAttach(vm: Tuning, req: VirtioMemRequest, thpKiB?: KiB): Finding[] {
    const findings: Finding[] = [];
    if (vm.maxMemory === undefined) {
        findings.push(error("virtiomem", _("The VM has no <maxMemory>: a virtio-mem device lives in the memory hotplug area, so set a hotplug limit on the Memory card for next boot first (it needs no free slot)")));
    } else {
        const room = roomUnderLimit(vm) ?? 0;
        if (req.size > room) {
            findings.push(error("virtiomem.size", format(_("Only $0 is left under the hotplug limit of $1 (initial memory plus every memory device's full size): choose a smaller device or raise <maxMemory> for next boot"),
                                                         formatSize(Math.max(0, room)), formatSize(vm.maxMemory.size))));
        }
    }
    if (vm.cpu.cells.length === 0) {
        if (needsCells(vm.arch))
            findings.push(error("virtiomem", _("A virtio-mem device belongs to a guest NUMA cell: add one on the NUMA tab (next boot)")));
    } else if (!vm.cpu.cells.some(c => c.id === req.node)) {
        findings.push(error("virtiomem.node", format(_("Guest NUMA cell $0 does not exist: choose one of $1"), req.node, vm.cpu.cells.map(c => c.id).join(", "))));
    }
    const blockFindings = checkBlockSize(req.block, thpKiB, hugepageFor(vm, req.node));
    findings.push(...blockFindings);
    if (!(req.size > 0)) {
        findings.push(error("virtiomem.size", _("Enter a size for the device")));
    } else if (blockFindings.length === 0) {
        if (req.size % req.block !== 0) {
            findings.push(error("virtiomem.size", format(_("The size must be a multiple of the block size $0 (QEMU: \"backend memory size must be multiple of\" the block size)"),
                                                         formatSize(req.block))));
        } else if (req.size % LINUX_MEMORY_BLOCK !== 0) {
            findings.push(warning("virtiomem.size", format(_("Linux guests add memory in sections of $0: the part of this device beyond a multiple of $0 may stay unused"),
                                                           formatSize(LINUX_MEMORY_BLOCK))));
        }
    }
    if (req.size > 0)
        findings.push(...checkRequested(req.requested, req.size, blockFindings.length === 0 ? req.block : undefined));
    const hard = vm.memtune.hard_limit;
    if (hard !== undefined && hard < MEMTUNE_UNLIMITED && hard < vm.memory + req.size) {
        findings.push(warning("virtiomem", format(_("A memtune hard limit of $0 is set: memory the guest plugs counts towards it, and above it the kernel kills QEMU. The VM with this device fully plugged would have $1"),
                                                  formatSize(hard), formatSize(vm.memory + req.size))));
    }
    return findings;
}

/** The attach dialog: the four fields as typed (sizes MiB by default), the preconditions, live needs a
 *  running VM. */
export function validateVirtioMemAttach(text: { size: string; block: string; requested: string; node: number }, vm: Tuning,
                                        ctx: RuleContext, scope: Scope, thpKiB?: KiB): { value?: VirtioMemRequest; findings: Finding[] } {
    const size = parseSizeField("virtiomem.size", text.size, { required: true, min: 1 });
    const block = parseSizeField("virtiomem.block", text.block, { required: true, min: 1 });
    const requested = parseSizeField("virtiomem.requested", text.requested, { required: true, min: 0 });
    const parsed: Finding[] = [];
    for (const r of [size, block, requested]) {
        if (!r.ok) parsed.push(r.finding);
    }
    if (!size.ok || !block.ok || !requested.ok || size.value === undefined || block.value === undefined || requested.value === undefined)
        return { findings: parsed };
    const value = { size: size.value, block: block.value, requested: requested.value, node: text.node };
    const unsupported = checkSupport(ctx, "virtio-mem", "virtiomem");
    if (unsupported.length > 0)
        return { findings: unsupported };
    return { value, findings: [...checkScopeRunning(scope, ctx.running, "virtiomem"), ...checkVirtioMemAttach(vm, value, thpKiB)] };
}

/**
 * A new requested size for a device on one side: a size (MiB by default; 0 unplugs everything), a
 * multiple of the block size, at most the device's size. Live needs a running VM; shrinking depends on
 * the guest being able to free the memory.
 */
export function validateVirtioMemResize(text: string, dev: MemoryDevice, scope: Scope, running: boolean):
        { value?: KiB; findings: Finding[] } {
    const r = parseSizeField("virtiomem.requested", text, { required: true, min: 0 });
    if (!r.ok || r.value === undefined)
        return { findings: r.ok ? [] : [r.finding] };
    const findings = [...checkScopeRunning(scope, running, "virtiomem.requested"), ...checkRequested(r.value, dev.size, dev.block)];
    if (findings.length === 0 && touchesLive(scope, running) && dev.requested !== undefined && r.value < dev.requested) {
        findings.push(warning("virtiomem.requested", _("The guest unplugs only memory it can free (movable memory): what it has plugged may stay above the new requested size")));
    }
    return { value: r.value, findings };
}

/**
 * Detaching: for next boot always; from the running VM QEMU must support unplugging virtio-mem (8.2 and
 * later; `qemuVersion` as libvirt reports it, e.g. 7002000 for 7.2.0) and the guest must have unplugged
 * everything first (requested and plugged 0).
 */
export function checkVirtioMemDetach(dev: MemoryDevice, live: boolean, qemuVersion: number | undefined): Finding[] {
    if (!live)
        return [];
    if (qemuVersion !== undefined && qemuVersion < QEMU_UNPLUGS_VIRTIO_MEM) {
        return [error("virtiomem", format(_("QEMU $0 cannot unplug a virtio-mem device from a running VM (\"virtio based memory devices cannot be unplugged\"; QEMU 8.2 can). Resize it to 0 to give the memory back now, and detach it for next boot"),
                                          versionText(qemuVersion)))];
    }
    if ((dev.requested ?? 0) !== 0 || (dev.current ?? 0) !== 0) {
        return [error("virtiomem", _("QEMU unplugs a virtio-mem device only while nothing is plugged: resize it to 0 first and wait until the guest shows 0 plugged"))];
    }
    return [];
}

function versionText(v: number): string {
    return `${Math.floor(v / 1000000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`;
}
