// The planner's own check of its input: every number it could send must be a value libvirt takes as
// meant. The UI validates what users type (rules-*.ts), but the planner never trusts its caller: a NaN,
// a fraction, a negative or an out-of-range number is refused here, with the field and the reason,
// before any step is made (a plan with one bad value plans nothing).
import { _, format } from "../i18n.ts";
import { parseCpuset } from "../values/cpuset.ts";
import type { Finding, GuestCell, MemNode, ThreadSched, Topology } from "../types.ts";
import { CPU_FEATURE_POLICIES, CPU_MODES, MEMTUNE_UNLIMITED, NUMA_MODES, SCHED_POLICIES } from "../types.ts";
import type { DesiredPin, DesiredTuning } from "./plan-types.ts";
import { refusal } from "./plan-ops.ts";

/** QEMU's and libvirt's largest vCPU count (virsh setvcpus takes an unsigned int; QEMU stops far below). */
export const MAX_VCPUS = 16384;
/** QEMU's ACPI memory hotplug slots (ACPI_MAX_RAM_SLOTS) */
export const MAX_MEMORY_SLOTS = 256;
/** Largest id of a vCPU, IOThread or guest cell libvirt parses (unsigned int) */
const MAX_ID = 4294967295;
/** libvirt's <distances> values: 10 (local) to 255 */
const DISTANCE = { min: 10, max: 255 };
const MEM_ACCESS = ["shared", "private"];

function what(value: unknown): string {
    return typeof value === "number" ? String(value) : JSON.stringify(value) ?? String(value);
}

/** An integer in [min, max], or the refusal (min -Infinity: no lower bound checked here). */
function integer(out: Finding[], field: string, label: string, value: unknown, min: number, max: number): boolean {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        out.push(refusal(field, format(_("$0 must be a whole number, not $1"), label, what(value))));
        return false;
    }
    if (value < min || value > max) {
        out.push(min === -Infinity
            ? refusal(field, format(_("$0 must be at most $1, not $2"), label, max, value))
            : refusal(field, format(_("$0 must be between $1 and $2, not $3"), label, min, max, value)));
        return false;
    }
    return true;
}

/** A KiB size: a whole number of KiB, at least `min`. */
function size(out: Finding[], field: string, label: string, value: unknown, min = 1): boolean {
    return integer(out, field, label, value, min, MEMTUNE_UNLIMITED);
}

function cpusetText(out: Finding[], field: string, label: string, value: unknown, allowEmpty: boolean): void {
    if (typeof value !== "string") {
        out.push(refusal(field, format(_("$0 must be a CPU or node list, not $1"), label, what(value))));
        return;
    }
    try {
        const ids = value.trim() === "" ? [] : parseCpuset(value);
        if (ids.length === 0 && !allowEmpty)
            out.push(refusal(field, format(_("$0 names no CPU or node"), label)));
    } catch (e) {
        out.push(refusal(field, e instanceof Error ? e.message : String(e)));
    }
}

function pins(out: Finding[], kind: "vcpupin" | "iothreadpin", list: DesiredPin[]): void {
    for (const pin of list) {
        const field = `${kind}.${String(pin.id)}`;
        integer(out, field, kind === "vcpupin" ? _("The vCPU number") : _("The IOThread number"), pin.id, kind === "vcpupin" ? 0 : 1, MAX_ID);
        if (pin.cpuset !== null)
            cpusetText(out, field, _("The pin's CPU list"), pin.cpuset, true);
    }
}

function topology(out: Finding[], t: Topology): void {
    for (const key of ["sockets", "dies", "cores", "threads"] as const)
        integer(out, `topology.${key}`, key, t[key], 1, MAX_VCPUS);
}

function cells(out: Finding[], list: GuestCell[]): void {
    for (const c of list) {
        const field = `cell.${String(c.id)}`;
        integer(out, `${field}.id`, _("The cell id"), c.id, 0, MAX_ID);
        // the vCPU list as written goes to libvirt's define, which judges it (its error shown verbatim)
        if (typeof c.cpus !== "string")
            out.push(refusal(`${field}.cpus`, format(_("$0 must be a CPU or node list, not $1"), _("The cell's vCPUs"), what(c.cpus))));
        if (typeof c.memory !== "number" || !Number.isSafeInteger(c.memory) || c.memory < 1)
            out.push(refusal("cells", format(_("Invalid memory size $0 for guest NUMA cell $1"), what(c.memory), String(c.id))));
        if (c.memAccess !== undefined && !MEM_ACCESS.includes(c.memAccess))
            out.push(refusal(`${field}.memAccess`, format(_("Memory access must be shared or private, not $0"), what(c.memAccess))));
        for (const d of c.distances) {
            integer(out, `${field}.distances`, _("The distance's cell id"), d.id, 0, MAX_ID);
            integer(out, `${field}.distances`, _("A distance"), d.value, DISTANCE.min, DISTANCE.max);
        }
    }
}

function memnodes(out: Finding[], list: MemNode[]): void {
    for (const m of list) {
        const field = `memnode.${String(m.cellid)}`;
        integer(out, field, _("The cell id"), m.cellid, 0, MAX_ID);
        if (!NUMA_MODES.includes(m.mode))
            out.push(refusal(field, format(_("Unknown mode \"$0\": choose strict, preferred, interleave or restrictive"), what(m.mode))));
        cpusetText(out, field, _("The node list"), m.nodeset, false);
    }
}

const FEATURE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const CACHE_MODES = ["passthrough", "emulate", "disable"];

/** The CPU model's words: a known mode and policy, a feature name libvirt can parse, a cache level 1-3. */
function cpuModel(out: Finding[], m: NonNullable<DesiredTuning["cpuModel"]>): void {
    if (m.mode !== undefined && m.mode !== null && !CPU_MODES.includes(m.mode))
        out.push(refusal("cpumodel.mode", format(_("Unknown CPU mode \"$0\": choose host-passthrough, host-model, custom or maximum"), what(m.mode))));
    if (m.model !== undefined && m.model !== null && (typeof m.model !== "string" || m.model.trim() === ""))
        out.push(refusal("cpumodel.model", format(_("$0 is not a CPU model name"), what(m.model))));
    for (const f of m.features ?? []) {
        if (typeof f.name !== "string" || !FEATURE_NAME.test(f.name))
            out.push(refusal("cpumodel.features", format(_("\"$0\" is not a CPU feature name"), String(f.name))));
        else if (!CPU_FEATURE_POLICIES.includes(f.policy))
            out.push(refusal(`cpumodel.feature.${f.name}`, format(_("Unknown policy \"$0\" for CPU feature $1"), what(f.policy), f.name)));
    }
    if (m.cache !== undefined && m.cache !== null) {
        if (!CACHE_MODES.includes(m.cache.mode))
            out.push(refusal("cpumodel.cache", format(_("Unknown cache mode \"$0\": choose passthrough, emulate or disable"), what(m.cache.mode))));
        if (m.cache.level !== undefined)
            integer(out, "cpumodel.cache", _("The cache level"), m.cache.level, 1, 3);
    }
}

/** A scheduling entry: a known policy, a priority 1-99 only for fifo and rr, ids as a list (not for the emulator). */
function threadSched(out: Finding[], field: string, s: ThreadSched, ids: boolean): void {
    if (!(SCHED_POLICIES as readonly string[]).includes(s.scheduler)) {
        out.push(refusal(field, format(_("Unknown scheduler \"$0\": choose fifo, rr, batch or idle"), what(s.scheduler))));
        return;
    }
    if (s.scheduler === "fifo" || s.scheduler === "rr")
        integer(out, field, _("The real-time priority"), s.priority, 1, 99);
    else if (s.priority !== undefined)
        out.push(refusal(field, format(_("$0 takes no priority: only fifo and rr do"), s.scheduler)));
    if (ids)
        cpusetText(out, field, _("The thread list"), s.ids, false);
}

/** Every bad number or list in `d`, as refusals; empty when the planner may go on. */
/** poll-grow and poll-shrink: unsigned int in libvirt 9.0's typed parameters */
const MAX_POLL_FACTOR = 4294967295;

/** IOThread ids (1 … unsigned int, each once, not both added and removed), disk IOThreads, polling. */
function iothreads(out: Finding[], d: DesiredTuning): void {
    const added = d.iothreadsAdd ?? [];
    const removed = d.iothreadsDel ?? [];
    for (const [list, field] of [[added, "iothread.add"], [removed, "iothread.del"]] as const) {
        for (const id of list)
            integer(out, field, _("An IOThread id"), id, 1, MAX_ID);
        if (new Set(list).size !== list.length)
            out.push(refusal(field, _("An IOThread id is listed twice")));
    }
    const both = added.filter(id => removed.includes(id));
    if (both.length > 0)
        out.push(refusal("iothread.add", format(_("IOThread $0 is both added and removed"), both.join(", "))));
    for (const disk of d.diskIothreads ?? []) {
        if (typeof disk.target !== "string" || disk.target === "")
            out.push(refusal("disk", format(_("$0 must be a disk's target name, not $1"), _("The disk"), what(disk.target))));
        if (disk.iothread !== null)
            integer(out, `disk.${String(disk.target)}`, _("An IOThread id"), disk.iothread, 1, MAX_ID);
    }
    for (const poll of d.iothreadPoll ?? []) {
        const field = `iothread.${String(poll.id)}.poll`;
        integer(out, field, _("An IOThread id"), poll.id, 1, MAX_ID);
        if (poll.maxNs !== undefined)
            integer(out, field, "poll-max-ns", poll.maxNs, 0, Number.MAX_SAFE_INTEGER);
        if (poll.grow !== undefined)
            integer(out, field, "poll-grow", poll.grow, 0, MAX_POLL_FACTOR);
        if (poll.shrink !== undefined)
            integer(out, field, "poll-shrink", poll.shrink, 0, MAX_POLL_FACTOR);
    }
}

export function invalidDesired(d: DesiredTuning): Finding[] {
    const out: Finding[] = [];
    iothreads(out, d);
    // below 1: in the vCPU planner's words (plan-cpu.ts)
    if (d.vcpus?.current !== undefined && integer(out, "vcpu.current", _("The number of vCPUs"), d.vcpus.current, -Infinity, MAX_VCPUS) &&
        d.vcpus.current < 1)
        out.push(refusal("vcpu.current", _("A VM needs at least 1 vCPU")));
    if (d.vcpus?.max !== undefined && integer(out, "vcpu.max", _("The maximum number of vCPUs"), d.vcpus.max, -Infinity, MAX_VCPUS) &&
        d.vcpus.max < 1)
        out.push(refusal("vcpu.max", _("The maximum number of vCPUs must be at least 1")));
    if (d.topology !== undefined)
        topology(out, d.topology);
    if (d.memory?.current !== undefined)
        size(out, "memory.current", _("The current memory"), d.memory.current);
    if (d.memory?.max !== undefined)
        size(out, "memory.max", _("The maximum memory"), d.memory.max);
    if (d.maxMemory) {
        size(out, "maxMemory", _("The memory hotplug limit"), d.maxMemory.size);
        integer(out, "maxMemory.slots", _("The number of memory slots"), d.maxMemory.slots, 1, MAX_MEMORY_SLOTS);
    }
    for (const key of ["hard_limit", "soft_limit", "swap_hard_limit"] as const) {
        const v = d.memtune?.[key];
        if (v !== undefined && v !== null)
            size(out, "memtune", key, v, 0);
    }
    if (d.numatune?.mode !== undefined && !NUMA_MODES.includes(d.numatune.mode))
        out.push(refusal("numatune.mode", format(_("Unknown mode \"$0\": choose strict, preferred, interleave or restrictive"), what(d.numatune.mode))));
    if (d.numatune?.nodeset !== undefined && typeof d.numatune.nodeset !== "string")
        out.push(refusal("numatune.nodeset", format(_("$0 must be a CPU or node list, not $1"), _("The node list"), what(d.numatune.nodeset))));
    if (d.memnodes !== undefined)
        memnodes(out, d.memnodes);
    if (d.cells !== undefined)
        cells(out, d.cells);
    pins(out, "vcpupin", d.vcpupin ?? []);
    pins(out, "iothreadpin", d.iothreadpin ?? []);
    if (d.emulatorpin !== undefined && d.emulatorpin !== null)
        cpusetText(out, "emulatorpin", _("The pin's CPU list"), d.emulatorpin, true);
    if (d.cpuModel !== undefined)
        cpuModel(out, d.cpuModel);
    d.sched?.vcpusched?.forEach((s, i) => threadSched(out, `vcpusched.${i}`, s, true));
    d.sched?.iothreadsched?.forEach((s, i) => threadSched(out, `iothreadsched.${i}`, s, true));
    if (d.sched?.emulatorsched !== undefined && d.sched.emulatorsched !== null)
        threadSched(out, "emulatorsched", d.sched.emulatorsched, false);
    for (const key of ["clearPins", "clearNumatune"] as const) {
        if (d[key] !== undefined && typeof d[key] !== "boolean")
            out.push(refusal(key, format(_("$0 must be true or false, not $1"), key, what(d[key]))));
    }
    // DIMM sizes: refused one by one by planDimms, the valid ones still planned
    return out;
}
