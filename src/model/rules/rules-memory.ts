// Memory rules: balloon/maximum sizes, memtune ordering and warnings, DIMM hotplug preconditions.
import { _, format } from "../i18n.ts";
import type { Finding, KiB, Memtune, MemtuneKey, MemoryDevice, Scope, Tuning } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { formatSize } from "../values/units.ts";
import { parseCpuset } from "../values/cpuset.ts";
import { error, warning, parseSizeField } from "./rules-fields.ts";
import type { RuleContext } from "./rules-driver.ts";
import { checkScopeRunning, checkSupport, touchesLive } from "./rules-driver.ts";

/** 2 MiB: QEMU rounds DIMM sizes up to this. */
export const DIMM_ALIGN: KiB = 2048;
/** Linux x86-64 onlines memory in blocks of 128 MiB. */
export const LINUX_MEMORY_BLOCK: KiB = 131072;

/** Memory devices that take a slot under <maxMemory slots=…>. */
export function usesSlot(dev: MemoryDevice): boolean {
    return dev.model === "dimm" || dev.model === "nvdimm";
}

/** Initial memory without memory devices: the sum of the guest cells, else <memory> minus devices. */
export function initialMemory(vm: Pick<Tuning, "memory" | "cpu" | "memoryDevices">): KiB {
    if (vm.cpu.cells.length > 0)
        return vm.cpu.cells.reduce((sum, c) => sum + c.memory, 0);
    return vm.memory - vm.memoryDevices.reduce((sum, d) => sum + d.size, 0);
}

/** current ≤ maximum, both > 0. */
export function checkMemorySizes(current: KiB, max: KiB): Finding[] {
    const findings: Finding[] = [];
    if (!(max > 0))
        findings.push(error("memory.max", _("The maximum memory must be more than 0")));
    if (!(current > 0))
        findings.push(error("memory.current", _("The current memory must be more than 0")));
    else if (current > max)
        findings.push(error("memory.current", format(_("Current memory $0 is more than the maximum $1 (\"cannot set memory higher than max memory\"): raise the maximum first or choose less"),
                                                      formatSize(current), formatSize(max))));
    return findings;
}

/**
 * Memory panel: current and maximum as typed (sizes, MiB by default). `config` is the next-boot
 * tuning, `live` the running one (when running). The maximum changes only while shut off, i.e. for
 * next boot on a running VM, and never directly when the VM has guest NUMA cells.
 */
export function validateMemory(texts: { current?: string; max?: string }, config: Tuning, ctx: RuleContext, scope: Scope,
                               live?: Tuning): { values: { current?: KiB; max?: KiB }; findings: Finding[] } {
    const findings: Finding[] = [];
    const values: { current?: KiB; max?: KiB } = {};
    if (texts.current !== undefined) {
        const r = parseSizeField("memory.current", texts.current, { required: true, min: 1 });
        if (r.ok && r.value !== undefined)
            values.current = r.value;
        else if (!r.ok)
            findings.push(r.finding);
    }
    if (texts.max !== undefined) {
        const r = parseSizeField("memory.max", texts.max, { required: true, min: 1 });
        if (r.ok && r.value !== undefined)
            values.max = r.value;
        else if (!r.ok)
            findings.push(r.finding);
    }
    if (findings.length > 0)
        return { values, findings };

    const maxChanges = values.max !== undefined && values.max !== config.memory;
    if (maxChanges) {
        if (scope === "live" && ctx.running)
            findings.push(error("memory.max", _("The maximum memory of a running VM cannot change (\"cannot resize the maximum memory on an active domain\"): choose Next boot")));
        if (config.cpu.cells.length > 0)
            findings.push(error("memory.max", _("This VM has guest NUMA cells: its maximum memory is the sum of the cells. Change the cells' memory on the NUMA tab")));
    }
    if (scope !== "live" || !ctx.running)
        findings.push(...checkMemorySizes(values.current ?? config.currentMemory, values.max ?? config.memory));
    if (values.current !== undefined) {
        findings.push(...checkScopeRunning(scope, ctx.running, "memory.current"));
        if (touchesLive(scope, ctx.running) && live !== undefined && values.current !== live.currentMemory) {
            if (values.current > live.memory) {
                findings.push(error("memory.current", format(_("The running VM's maximum is $0 until it restarts: current memory can be at most $0 now"),
                                                              formatSize(live.memory))));
            }
            if (live.memballoon === undefined || live.memballoon.model === "none")
                findings.push(error("memory.current", _("The VM has no balloon device: its memory cannot change while it runs")));
        }
    }
    return { values, findings };
}

function limit(value: KiB | undefined): KiB {
    return value === undefined ? MEMTUNE_UNLIMITED : value;
}

/** soft ≤ hard ≤ swap_hard (unset = unlimited), hard_limit advice, min_guarantee support. */
export function checkMemtune(m: Memtune, ctx: Pick<RuleContext, "driver" | "session">, vmMemory?: KiB): Finding[] {
    const findings: Finding[] = [];
    const soft = limit(m.soft_limit);
    const hard = limit(m.hard_limit);
    const swap = limit(m.swap_hard_limit);
    if (hard > swap) {
        findings.push(error("memtune.hard_limit", format(_("The hard limit $0 is above the swap hard limit $1: libvirt refuses this. Raise the swap hard limit or lower the hard limit"),
                                                           formatSize(hard), formatSize(swap))));
    }
    if (soft < MEMTUNE_UNLIMITED && soft > hard) {
        findings.push(error("memtune.soft_limit", format(_("The soft limit $0 is above the hard limit $1: libvirt does not check this, but the soft limit would never apply. Lower it to at most the hard limit"),
                                                           formatSize(soft), formatSize(hard))));
    }
    if (m.hard_limit !== undefined && m.hard_limit !== MEMTUNE_UNLIMITED) {
        findings.push(warning("memtune.hard_limit", _("libvirt's documentation advises QEMU users against hard_limit: QEMU's own memory use is hard to predict and the VM is killed when it exceeds the limit. A hard limit also makes a later DIMM hotplug fail with \"cannot limit locked memory\"")));
        if (vmMemory !== undefined && m.hard_limit < vmMemory) {
            findings.push(warning("memtune.hard_limit", format(_("The hard limit is below the VM's memory ($0): the VM will be killed or swap heavily once the guest uses it"),
                                                                 formatSize(vmMemory))));
        }
    }
    if (m.min_guarantee !== undefined)
        findings.push(...checkSupport(ctx, "min_guarantee", "memtune.min_guarantee"));
    return findings;
}

/** A hard limit set on the running VM: libvirt writes it to the cgroup at once, and below what the VM
 *  uses now (`using`: its current memory) the kernel reclaims or kills QEMU. 0 is never a limit to set. */
export function checkLiveHardLimit(hard: KiB | undefined, scope: Scope, running: boolean, using: KiB | undefined): Finding[] {
    if (hard === undefined || hard >= MEMTUNE_UNLIMITED || !touchesLive(scope, running))
        return [];
    if (hard === 0 || (using !== undefined && hard < using)) {
        return [error("memtune.hard_limit", format(_("A hard limit of $0 is below what the running VM uses now ($1): libvirt writes it to the cgroup at once and the kernel kills QEMU. Choose at least $1, or Next boot"),
                                                     formatSize(hard), formatSize(using ?? 0)))];
    }
    return [];
}

/** A next-boot hard or swap hard limit of a running VM: libvirt compares each with the RUNNING VM's other
 *  limit (qemuDomainSetMemoryParameters reads vm->def, the live definition, even for --config). */
export function checkAgainstRunningLimits(hard: KiB | undefined, swap: KiB | undefined, live: Memtune): Finding[] {
    const liveHard = limit(live.hard_limit);
    const liveSwap = limit(live.swap_hard_limit);
    if ((hard !== undefined && hard > liveSwap) || (swap !== undefined && liveHard > swap)) {
        return [error("memtune.hard_limit", format(_("libvirt compares a next-boot hard or swap hard limit with the running VM's limits (hard $0, swap hard $1) and refuses a hard limit above the swap hard limit (\"memory hard_limit tunable value must be lower than or equal to swap_hard_limit\"): change the running VM's limits too (Both), or keep within them"),
                                                     liveHard >= MEMTUNE_UNLIMITED ? _("unlimited") : formatSize(liveHard),
                                                     liveSwap >= MEMTUNE_UNLIMITED ? _("unlimited") : formatSize(liveSwap)))];
    }
    return [];
}

/**
 * memtune panel: each field a size (MiB by default) or "unlimited"/empty for no limit. Returns the
 * resulting limits (the current ones with the typed ones applied) and the findings.
 */
export function validateMemtune(texts: Partial<Record<MemtuneKey, string>>, current: Memtune, ctx: RuleContext, scope: Scope,
                                vmMemory?: KiB, liveCurrent?: KiB, liveLimits?: Memtune): { values: Memtune; findings: Finding[] } {
    const findings: Finding[] = [];
    const values: Memtune = { ...current };
    let any = false;
    for (const key of ["hard_limit", "soft_limit", "swap_hard_limit", "min_guarantee"] as const) {
        const text = texts[key];
        if (text === undefined)
            continue;
        any = true;
        const r = parseSizeField(`memtune.${key}`, text, { unlimited: true });
        if (!r.ok)
            findings.push(r.finding);
        else
            values[key] = r.value === undefined ? MEMTUNE_UNLIMITED : r.value;
    }
    if (!any)
        return { values, findings };
    findings.push(...checkSupport(ctx, "memtune", "memtune"));
    findings.push(...checkScopeRunning(scope, ctx.running, "memtune"));
    if (findings.some(f => f.severity === "error"))
        return { values, findings };
    findings.push(...checkLiveHardLimit(texts.hard_limit !== undefined ? values.hard_limit : undefined, scope, ctx.running, liveCurrent ?? vmMemory));
    if (scope === "config" && ctx.running && liveLimits !== undefined) {
        findings.push(...checkAgainstRunningLimits(texts.hard_limit !== undefined ? values.hard_limit : undefined,
                                                   texts.swap_hard_limit !== undefined ? values.swap_hard_limit : undefined, liveLimits));
    }
    findings.push(...checkMemtune(values, ctx, vmMemory));
    return { values, findings };
}

export interface DimmRequest {
    size: KiB;
    /** target guest NUMA cell id */
    node: number;
}

/** The hugepage size that backs guest cell `node`, if any. */
export function hugepageFor(vm: Pick<Tuning, "hugepages">, node: number): KiB | undefined {
    let fallback: KiB | undefined;
    for (const hp of vm.hugepages) {
        if (hp.nodeset === undefined || hp.nodeset.trim() === "") {
            fallback = hp.size;
            continue;
        }
        let ids: number[] = [];
        try {
            ids = parseCpuset(hp.nodeset);
        } catch {
            continue;
        }
        if (ids.includes(node))
            return hp.size;
    }
    return fallback;
}

/**
 * DIMM hotplug preconditions: <maxMemory slots>, free slots, ≥ 1 guest NUMA cell, ACPI, target cell,
 * initial + all DIMMs + new ≤ maxMemory, 2 MiB rounding, 128 MiB Linux blocks, hugepage multiples.
 */
export function checkDimmAttach(vm: Tuning, dimm: DimmRequest, ctx: Pick<RuleContext, "driver" | "session">,
                                blockSize: KiB = LINUX_MEMORY_BLOCK): Finding[] {
    const findings: Finding[] = [...checkSupport(ctx, "dimm", "dimm")];
    if (findings.length > 0)
        return findings;
    if (!Number.isInteger(dimm.size) || dimm.size <= 0)
        findings.push(error("dimm.size", _("Enter a size for the memory module")));
    if (vm.maxMemory === undefined) {
        findings.push(error("dimm", _("The VM has no <maxMemory slots=…>: set a maximum memory with slots for next boot before hot-plugging memory")));
    } else {
        const used = vm.memoryDevices.filter(usesSlot).length;
        if (used >= vm.maxMemory.slots)
            findings.push(error("dimm", format(_("All $0 memory slots are in use: detach a module or add slots for next boot"), vm.maxMemory.slots)));
        const base = initialMemory(vm);
        const devices = vm.memoryDevices.reduce((sum, d) => sum + d.size, 0);
        const rounded = Math.ceil(dimm.size / DIMM_ALIGN) * DIMM_ALIGN;
        const room = vm.maxMemory.size - base - devices;
        if (rounded > room) {
            findings.push(error("dimm.size", format(_("Only $0 is left under the maximum memory of $1 (initial memory plus all modules): choose a smaller module or raise <maxMemory> for next boot"),
                                                    formatSize(Math.max(0, room)), formatSize(vm.maxMemory.size))));
        }
    }
    if (vm.cpu.cells.length === 0)
        findings.push(error("dimm", _("Memory hotplug needs at least one guest NUMA cell: add one on the NUMA tab (next boot)")));
    else if (!vm.cpu.cells.some(c => c.id === dimm.node))
        findings.push(error("dimm.node", format(_("Guest NUMA cell $0 does not exist: choose one of $1"), dimm.node, vm.cpu.cells.map(c => c.id).join(", "))));
    if (!vm.acpi)
        findings.push(error("dimm", _("Memory hotplug needs ACPI: enable <features><acpi/> for next boot")));
    if (dimm.size > 0) {
        if (dimm.size % DIMM_ALIGN !== 0) {
            findings.push(warning("dimm.size", format(_("QEMU rounds memory modules up to 2 MiB: this one will be $0"),
                                                      formatSize(Math.ceil(dimm.size / DIMM_ALIGN) * DIMM_ALIGN))));
        }
        if (dimm.size % blockSize !== 0) {
            findings.push(warning("dimm.size", format(_("Linux guests online memory in blocks of $0: the part of this module beyond a multiple of $0 stays unused"),
                                                      formatSize(blockSize))));
        }
        const hp = hugepageFor(vm, dimm.node);
        if (hp !== undefined && dimm.size % hp !== 0)
            findings.push(error("dimm.size", format(_("This guest cell is backed by $0 hugepages: the size must be a multiple of $0"), formatSize(hp))));
    }
    if (vm.memtune.hard_limit !== undefined && vm.memtune.hard_limit !== MEMTUNE_UNLIMITED)
        findings.push(warning("dimm", _("A memtune hard limit is set: hotplug may fail with \"cannot limit locked memory\". Raise or remove the hard limit first")));
    return findings;
}

/** DIMM attach panel: size as typed, target cell, preconditions; live needs a running VM. */
export function validateDimmAttach(text: { size: string; node: number }, vm: Tuning, ctx: RuleContext, scope: Scope):
        { value?: DimmRequest; findings: Finding[] } {
    const r = parseSizeField("dimm.size", text.size, { required: true, min: 1 });
    if (!r.ok || r.value === undefined)
        return { findings: r.ok ? [] : [r.finding] };
    const value = { size: r.value, node: text.node };
    return { value, findings: [...checkScopeRunning(scope, ctx.running, "dimm"), ...checkDimmAttach(vm, value, ctx)] };
}

/** Detaching a DIMM needs the guest to offline its memory first. */
export function checkDimmDetach(running: boolean): Finding[] {
    return running
        ? [warning("dimm", _("The guest must release this memory first: unplugging fails or hangs while the guest still uses it (e.g. memory not movable)"))]
        : [];
}
