// Typed read of everything tuning-related from a libvirt domain XML, and minimal edits of it.
// The parsed document is the truth: scalar fields come from the table in domain-fields.ts, lists
// from the keyed-list specs in domain-lists.ts, and editTuning changes only what a change names,
// so unknown elements, comments and attribute order survive.
import type {
    GuestCell, MemoryDevice, SchedulerKey, Topology, Tuning, TuningChange, VcpuState,
} from "../types.ts";
import { MEMTUNE_KEYS, SCHEDULER_KEYS } from "../types.ts";
import { FIELDS, readField, writeField } from "./domain-fields.ts";
import type { Codec, FieldSpec, FieldValue } from "./domain-fields.ts";
import { CELLS, IOTHREADPINS, MEMNODES, VCPUPINS, readList, writeList } from "./domain-lists.ts";
import { sizeToKiB } from "./domain-schema.ts";
import { readHugepages, readMemoryBacking, writeMemoryBacking } from "./memory-backing.ts";
import { readCpuModel, writeCpuModel } from "./cpu-model.ts";
import { readThreadSched, writeThreadSched } from "./thread-sched.ts";
import { readDisks, writeDiskIothreads } from "./disks.ts";
import { _, format } from "../i18n.ts";
import { directChildren, findPath, firstChild, parseXml, removeAndPrune, serializeXml } from "./xml-dom.ts";

export { FIELDS, FIELD_IDS, readField } from "./domain-fields.ts";
export type { FieldId, FieldSpec, Codec } from "./domain-fields.ts";

function yes(el: Element, name: string): boolean {
    return el.getAttribute(name) === "yes";
}

function intAttr(el: Element | undefined, name: string): number | undefined {
    const raw = el?.getAttribute(name);
    if (raw === null || raw === undefined || !/^\s*[+-]?\d+\s*$/.test(raw))
        return undefined;
    return Number(raw);
}

/** libvirt's on/off switch: undefined when not written (or not on/off). */
function onOff(value: string | undefined): boolean | undefined {
    return value === undefined ? undefined : value === "on";
}

function readVcpus(root: Element): VcpuState[] {
    const parent = firstChild(root, "vcpus");
    if (!parent)
        return [];
    return directChildren(parent, "vcpu").map((el, i) => {
        const state: VcpuState = {
            id: intAttr(el, "id") ?? i,
            enabled: yes(el, "enabled"),
            hotpluggable: yes(el, "hotpluggable"),
        };
        const order = intAttr(el, "order");
        if (order !== undefined)
            state.order = order;
        return state;
    });
}

/** iothread ids as libvirt numbers them: the <iothreadids> given, then the lowest unused ids up to <iothreads>. */
function readIothreads(root: Element): { count: number; ids: number[] } {
    const parent = firstChild(root, "iothreadids");
    const ids = parent
        ? directChildren(parent, "iothread").map(el => intAttr(el, "id")).filter((id): id is number => id !== undefined)
        : [];
    const count = Math.max(readField(root, FIELDS.iothreads) ?? 0, ids.length);
    const taken = new Set(ids);
    for (let next = 1; ids.length < count; next++) {
        if (!taken.has(next))
            ids.push(next);
    }
    return { count, ids: [...ids].sort((a, b) => a - b) };
}

function readTopology(root: Element): Topology | undefined {
    if (!findPath(root, ["cpu", "topology"]))
        return undefined;
    return {
        sockets: readField(root, FIELDS["topology.sockets"]) ?? 1,
        dies: readField(root, FIELDS["topology.dies"]) ?? 1,
        cores: readField(root, FIELDS["topology.cores"]) ?? 1,
        threads: readField(root, FIELDS["topology.threads"]) ?? 1,
    };
}

/** A PCI <address> as lspci writes it (0000:00:03.0); undefined when a part is missing or not a number. */
function pciAddress(el: Element | undefined): string | undefined {
    if (el === undefined)
        return undefined;
    const parts = (["domain", "bus", "slot", "function"] as const).map(name => {
        const raw = el.getAttribute(name)?.trim() ?? "";
        return /^(0x[0-9a-fA-F]+|\d+)$/.test(raw) ? Number(raw) : undefined;
    });
    const [domain, bus, slot, fn] = parts;
    if (domain === undefined || bus === undefined || slot === undefined || fn === undefined)
        return undefined;
    const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
    return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${fn.toString(16)}`;
}

function readMemoryDevices(root: Element): MemoryDevice[] {
    const devices = firstChild(root, "devices");
    if (!devices)
        return [];
    return directChildren(devices, "memory").map(el => {
        const target = firstChild(el, "target");
        const size = target ? firstChild(target, "size") : undefined;
        const node = target ? firstChild(target, "node") : undefined;
        const address = directChildren(el, "address").find(a => a.getAttribute("type") === "dimm");
        const dev: MemoryDevice = {
            model: el.getAttribute("model") ?? "",
            size: size ? sizeToKiB(size.textContent ?? "", size.getAttribute("unit")) : 0,
            xml: serializeXml(el),
        };
        const access = el.getAttribute("access");
        if (access !== null)
            dev.access = access;
        const nodeText = node?.textContent?.trim();
        if (nodeText !== undefined && /^\d+$/.test(nodeText))
            dev.node = Number(nodeText);
        const slot = intAttr(address, "slot");
        if (slot !== undefined)
            dev.slot = slot;
        const base = address?.getAttribute("base");
        if (base !== null && base !== undefined)
            dev.base = base;
        const alias = firstChild(el, "alias")?.getAttribute("name");
        if (alias !== null && alias !== undefined)
            dev.alias = alias;
        const pci = pciAddress(directChildren(el, "address").find(a => a.getAttribute("type") === "pci"));
        if (pci !== undefined)
            dev.pci = pci;
        // virtio-mem: the block size, what the host asks for, and (live only) what the guest plugged;
        // a value that is no size is left out rather than failing the whole VM's read
        for (const key of ["block", "requested", "current"] as const) {
            const sizeEl = target ? firstChild(target, key) : undefined;
            if (sizeEl === undefined)
                continue;
            try {
                dev[key] = sizeToKiB(sizeEl.textContent ?? "", sizeEl.getAttribute("unit"));
            } catch {
                // not a size libvirt would have written
            }
        }
        return dev;
    });
}

function readScheduler(root: Element): Pick<Tuning["cputune"], SchedulerKey> {
    const out: Pick<Tuning["cputune"], SchedulerKey> = {};
    for (const key of SCHEDULER_KEYS)
        out[key] = readField(root, FIELDS[`cputune.${key}`]);
    return out;
}

function readMemtune(root: Element): Tuning["memtune"] {
    const out: Tuning["memtune"] = {};
    for (const key of MEMTUNE_KEYS)
        out[key] = readField(root, FIELDS[`memtune.${key}`]);
    return out;
}

/** Everything vmtune shows, from a domain XML. Throws an Error with a clear message on bad XML. */
export function readTuning(xml: string): Tuning {
    return readTuningOf(parseXml(xml, "domain").documentElement);
}

/** readTuning of an already parsed <domain> element. */
export function readTuningOf(root: Element): Tuning {
    const max = readField(root, FIELDS["vcpu.max"]) ?? 1;
    const cells: GuestCell[] = readList(root, CELLS);
    const memory = readField(root, FIELDS.memory) ?? cells.reduce((sum, c) => sum + c.memory, 0);
    const iothreads = readIothreads(root);
    const maxMemorySize = readField(root, FIELDS["maxMemory.size"]);
    const balloon = findPath(root, ["devices", "memballoon"]);
    return {
        name: readField(root, FIELDS.name) ?? "",
        uuid: readField(root, FIELDS.uuid) ?? "",
        domainType: readField(root, FIELDS.domainType) ?? "",
        arch: readField(root, FIELDS.arch),
        machine: readField(root, FIELDS.machine),
        vcpu: {
            max,
            current: readField(root, FIELDS["vcpu.current"]) ?? max,
            placement: readField(root, FIELDS["vcpu.placement"]) as Tuning["vcpu"]["placement"],
            cpuset: readField(root, FIELDS["vcpu.cpuset"]),
        },
        vcpus: readVcpus(root),
        iothreads: iothreads.count,
        iothreadIds: iothreads.ids,
        cputune: {
            ...readScheduler(root),
            vcpupin: readList(root, VCPUPINS),
            emulatorpin: readField(root, FIELDS["cputune.emulatorpin"]),
            iothreadpin: readList(root, IOTHREADPINS),
            ...readThreadSched(root),
        },
        cpu: {
            mode: readField(root, FIELDS["cpu.mode"]),
            ...readCpuModel(root),
            topology: readTopology(root),
            cells,
        },
        kvmHintDedicated: onOff(readField(root, FIELDS["kvm.hintDedicated"])),
        disks: readDisks(root),
        numatune: {
            mode: readField(root, FIELDS["numatune.mode"]) as Tuning["numatune"]["mode"],
            nodeset: readField(root, FIELDS["numatune.nodeset"]),
            placement: readField(root, FIELDS["numatune.placement"]) as Tuning["numatune"]["placement"],
            memnodes: readList(root, MEMNODES),
        },
        memory,
        currentMemory: readField(root, FIELDS.currentMemory) ?? memory,
        maxMemory: maxMemorySize === undefined
            ? undefined
            : { size: maxMemorySize, slots: readField(root, FIELDS["maxMemory.slots"]) ?? 0 },
        memtune: readMemtune(root),
        hugepages: readHugepages(root),
        memoryDevices: readMemoryDevices(root),
        memoryBacking: readMemoryBacking(root),
        memballoon: balloon === undefined
            ? undefined
            : {
                model: readField(root, FIELDS["memballoon.model"]) ?? "",
                statsPeriod: readField(root, FIELDS["memballoon.statsPeriod"]),
                autodeflate: onOff(readField(root, FIELDS["memballoon.autodeflate"])),
                freePageReporting: onOff(readField(root, FIELDS["memballoon.freePageReporting"])),
            },
        acpi: readField(root, FIELDS.acpi) ?? false,
    };
}

/** Writes a field when the change names it (undefined = not named; null = clear). */
function put<C extends Codec>(root: Element, spec: FieldSpec<C>, value: FieldValue<C> | null | undefined): void {
    if (value !== undefined)
        writeField(root, spec, value);
}

function removePath(root: Element, path: readonly string[]): void {
    const el = findPath(root, path);
    if (el)
        removeAndPrune(el);
}

function writeTopology(root: Element, topology: Topology | null): void {
    if (topology === null) {
        removePath(root, ["cpu", "topology"]);
        return;
    }
    const hadDies = findPath(root, ["cpu", "topology"])?.hasAttribute("dies") ?? false;
    writeField(root, FIELDS["topology.sockets"], topology.sockets);
    // libvirt omits dies='1' unless it was written; keep the XML's own choice
    if (hadDies || topology.dies !== 1)
        writeField(root, FIELDS["topology.dies"], topology.dies);
    writeField(root, FIELDS["topology.cores"], topology.cores);
    writeField(root, FIELDS["topology.threads"], topology.threads);
}

/**
 * A VM that lists its vCPUs in <vcpus> (libvirt's hotplug order): libvirt takes the current count
 * from the enabled ones there, ignoring <vcpu current>, and refuses a maximum that leaves listed vCPUs
 * out. Such edits are refused here with the reason instead of being dropped or refused later.
 */
function checkListedVcpus(root: Element, vcpu: NonNullable<TuningChange["vcpu"]>): void {
    const listed = readVcpus(root);
    if (listed.length === 0)
        return;
    const highest = Math.max(...listed.map(v => v.id));
    if (typeof vcpu.max === "number" && vcpu.max <= highest)
        throw new Error(format(_("This VM lists vCPU $0 in <vcpus>: a maximum of $1 vCPUs would leave it out, which libvirt refuses"),
                               highest, vcpu.max));
    const enabled = listed.filter(v => v.enabled).length;
    if (typeof vcpu.current === "number" && vcpu.current !== enabled)
        throw new Error(format(_("This VM lists its vCPUs in <vcpus>, $0 of them enabled: libvirt counts those and would ignore a current count of $1"),
                               enabled, vcpu.current));
}

/**
 * <vcpu>'s attributes need the element's count: libvirt reads a missing <vcpu> as 1 vCPU but refuses
 * a <vcpu> without a count. So an attribute written where there is no <vcpu> comes with the count 1,
 * and a current count above that (with no new maximum) is refused.
 */
function writeVcpu(root: Element, vcpu: NonNullable<TuningChange["vcpu"]>): void {
    checkListedVcpus(root, vcpu);
    const attrs = [vcpu.current, vcpu.placement, vcpu.cpuset];
    if (vcpu.max === undefined && firstChild(root, "vcpu") === undefined && attrs.some(v => v !== undefined && v !== null)) {
        if (typeof vcpu.current === "number" && vcpu.current > 1)
            throw new Error(format(_("This VM has no <vcpu> element, so it has 1 vCPU: $0 current vCPUs need a maximum of at least $0"),
                                   vcpu.current));
        writeField(root, FIELDS["vcpu.max"], 1);
    }
    put(root, FIELDS["vcpu.max"], vcpu.max);
    put(root, FIELDS["vcpu.current"], vcpu.current);
    put(root, FIELDS["vcpu.placement"], vcpu.placement);
    put(root, FIELDS["vcpu.cpuset"], vcpu.cpuset);
}

/**
 * libvirt's schema allows a nodeset on <numatune><memory> only with a static placement (with
 * placement='auto' libvirt drops the nodeset): an edit that would write both is refused.
 */
function checkPlacement(root: Element, numatune: NonNullable<TuningChange["numatune"]>): void {
    if (readField(root, FIELDS["numatune.placement"]) !== "auto")
        return;
    const nodeset = readField(root, FIELDS["numatune.nodeset"]);
    if (nodeset === undefined)
        return;
    if (typeof numatune.nodeset === "string")
        throw new Error(format(_("The memory placement is automatic, so the nodeset $0 cannot be set: set the placement to static too"), nodeset));
    if (numatune.placement === "auto")
        throw new Error(format(_("Automatic memory placement cannot keep the nodeset $0: clear the nodeset too"), nodeset));
}

/** A <numa> must hold cells: removing them all is refused while it holds anything else (HMAT <interconnects>). */
function checkCellsRemovable(root: Element): void {
    const numa = findPath(root, ["cpu", "numa"]);
    const other = numa ? directChildren(numa).find(el => el.nodeName !== "cell") : undefined;
    if (other)
        throw new Error(format(_("The guest NUMA cells cannot all be removed: <numa> also holds <$0>, which needs them"), other.nodeName));
}

/** libvirt refuses <memnode> beside placement='auto' ("Per-node binding is not compatible with automatic NUMA placement"). */
function checkMemnodePlacement(root: Element, numatune: NonNullable<TuningChange["numatune"]>): void {
    const asked = numatune.placement === "auto" || (numatune.memnodes?.length ?? 0) > 0;
    if (asked && readField(root, FIELDS["numatune.placement"]) === "auto" && readList(root, MEMNODES).length > 0)
        throw new Error(_("Per-cell memory nodes (<memnode>) cannot be combined with automatic memory placement: libvirt refuses it"));
}

function applyChange(root: Element, change: TuningChange): void {
    const { vcpu, cputune, numatune, memtune } = change;
    if (vcpu)
        writeVcpu(root, vcpu);
    if (cputune) {
        for (const key of SCHEDULER_KEYS)
            put(root, FIELDS[`cputune.${key}`], cputune[key]);
        put(root, FIELDS["cputune.emulatorpin"], cputune.emulatorpin);
        if (cputune.vcpupin !== undefined)
            writeList(root, VCPUPINS, cputune.vcpupin);
        if (cputune.iothreadpin !== undefined)
            writeList(root, IOTHREADPINS, cputune.iothreadpin);
        writeThreadSched(root, cputune);
    }
    if (change.cpuModel !== undefined)
        writeCpuModel(root, change.cpuModel);
    if (change.kvmHintDedicated !== undefined)
        put(root, FIELDS["kvm.hintDedicated"], change.kvmHintDedicated === null ? null : change.kvmHintDedicated ? "on" : "off");
    if (change.disks !== undefined)
        writeDiskIothreads(root, change.disks);
    if (change.topology !== undefined)
        writeTopology(root, change.topology);
    if (change.cells !== undefined) {
        if (change.cells.length === 0)
            checkCellsRemovable(root);
        writeList(root, CELLS, change.cells);
    }
    if (numatune) {
        put(root, FIELDS["numatune.mode"], numatune.mode);
        put(root, FIELDS["numatune.nodeset"], numatune.nodeset);
        put(root, FIELDS["numatune.placement"], numatune.placement);
        checkPlacement(root, numatune);
        if (numatune.memnodes !== undefined)
            writeList(root, MEMNODES, numatune.memnodes);
        checkMemnodePlacement(root, numatune);
    }
    put(root, FIELDS.memory, change.memory);
    put(root, FIELDS.currentMemory, change.currentMemory);
    if (change.maxMemory === null) {
        removePath(root, ["maxMemory"]);
    } else if (change.maxMemory !== undefined) {
        // slots first: libvirt writes <maxMemory slots=… unit=…>
        writeField(root, FIELDS["maxMemory.slots"], change.maxMemory.slots);
        writeField(root, FIELDS["maxMemory.size"], change.maxMemory.size);
    }
    if (memtune) {
        for (const key of MEMTUNE_KEYS)
            put(root, FIELDS[`memtune.${key}`], memtune[key]);
    }
    if (change.memoryBacking)
        writeMemoryBacking(root, change.memoryBacking);
    if (change.memballoon)
        writeBalloonPolicy(root, change.memballoon);
}

/**
 * The balloon's policy attributes (true 'on', false 'off', null removed: QEMU's default, off) on the
 * <memballoon> there is: one is never created, since a <memballoon> without a model is refused by
 * libvirt and a VM without one (or with model='none') has no balloon to set them on.
 */
function writeBalloonPolicy(root: Element, policy: NonNullable<TuningChange["memballoon"]>): void {
    const model = readField(root, FIELDS["memballoon.model"]);
    const named = [policy.autodeflate, policy.freePageReporting].some(v => v !== undefined && v !== null);
    if (named && (model === undefined || model === "none"))
        throw new Error(_("This VM has no balloon device (<memballoon model='none'> or none at all): autodeflate and free page reporting need a virtio balloon"));
    const value = (v: boolean | null | undefined) => (v === undefined || v === null ? v : v ? "on" : "off");
    if (model !== undefined) {
        put(root, FIELDS["memballoon.autodeflate"], value(policy.autodeflate));
        put(root, FIELDS["memballoon.freePageReporting"], value(policy.freePageReporting));
    }
}

function trailingSpace(text: string): string {
    let i = text.length;
    while (i > 0 && /\s/.test(text[i - 1] ?? ""))
        i--;
    return text.slice(i);
}

/**
 * Applies a change to a domain XML with minimal DOM edits and returns the new XML: only what the
 * change names differs; new elements go where libvirt writes them, indented like their neighbours;
 * cleared values take their parents along when those are left empty. An edit that libvirt would refuse
 * or silently undo (a nodeset or memnodes beside placement='auto', a current count beside <vcpus>, the
 * last cell under HMAT <interconnects> …) throws an Error saying why. Proven over libvirt's own test
 * domains by test/unit/corpus-edits.test.ts.
 */
export function editTuning(xml: string, change: TuningChange): string {
    const doc = parseXml(xml, "domain");
    applyChange(doc.documentElement, change);
    // text after the root element is no DOM node: keep libvirt's final newline by hand
    const out = serializeXml(doc);
    return out.slice(0, out.length - trailingSpace(out).length) + trailingSpace(xml);
}
