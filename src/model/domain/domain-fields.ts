// Every scalar XML-backed tuning field, declared once as data (virt-manager's virtinst style):
// a path of direct children below <domain>, the attribute holding the value (or the element text),
// and a codec. readField and writeField derive reading and writing from that declaration, and the
// tests iterate the same table.
import { _, format } from "../i18n.ts";
import { MEMTUNE_KEYS, NUMA_MODES, SCHEDULER_KEYS } from "../types.ts";
import type { MemtuneKey, SchedulerKey } from "../types.ts";
import { childOrder, sizeToKiB } from "./domain-schema.ts";
import { ensurePath, findPath, isEmptyElement, removeAndPrune, setText } from "./xml-dom.ts";

/**
 * int: a decimal integer (negative allowed); string: as written; kib: a size, element text with a
 * `unit` attribute, read in KiB and written as KiB; presence: true when the element exists.
 */
export type Codec = "int" | "string" | "kib" | "presence";

export interface FieldSpec<C extends Codec = Codec> {
    /** element names below <domain>, direct children only; [] is <domain> itself */
    readonly path: readonly string[];
    /** the attribute holding the value; absent = the element's text (or its presence) */
    readonly attr?: string;
    readonly codec: C;
    /** the values libvirt accepts, for enumerations; anything else reads as undefined */
    readonly values?: readonly string[];
    /** editTuning can change it */
    readonly writable?: boolean;
}

export type FieldValue<C extends Codec> = C extends "int" | "kib" ? number : C extends "presence" ? boolean : string;

function field<C extends Codec>(spec: FieldSpec<C>): FieldSpec<C> {
    return spec;
}

const PLACEMENTS = ["static", "auto"] as const;
const SOURCES = ["anonymous", "memfd", "file"] as const;
const ACCESSES = ["shared", "private"] as const;
const ALLOCATIONS = ["immediate", "ondemand"] as const;
const ON_OFF = ["on", "off"] as const;

const schedulerFields = Object.fromEntries(SCHEDULER_KEYS.map(key =>
    [`cputune.${key}`, field({ path: ["cputune", key], codec: "int", writable: true })])) as
    Record<`cputune.${SchedulerKey}`, FieldSpec<"int">>;

const memtuneFields = Object.fromEntries(MEMTUNE_KEYS.map(key =>
    [`memtune.${key}`, field({ path: ["memtune", key], codec: "kib", writable: true })])) as
    Record<`memtune.${MemtuneKey}`, FieldSpec<"kib">>;

export const FIELDS = {
    name: field({ path: ["name"], codec: "string" }),
    uuid: field({ path: ["uuid"], codec: "string" }),
    domainType: field({ path: [], attr: "type", codec: "string" }),
    arch: field({ path: ["os", "type"], attr: "arch", codec: "string" }),
    machine: field({ path: ["os", "type"], attr: "machine", codec: "string" }),
    "vcpu.max": field({ path: ["vcpu"], codec: "int", writable: true }),
    "vcpu.current": field({ path: ["vcpu"], attr: "current", codec: "int", writable: true }),
    "vcpu.placement": field({ path: ["vcpu"], attr: "placement", codec: "string", values: PLACEMENTS, writable: true }),
    "vcpu.cpuset": field({ path: ["vcpu"], attr: "cpuset", codec: "string", writable: true }),
    iothreads: field({ path: ["iothreads"], codec: "int" }),
    ...schedulerFields,
    "cputune.emulatorpin": field({ path: ["cputune", "emulatorpin"], attr: "cpuset", codec: "string", writable: true }),
    "cpu.mode": field({ path: ["cpu"], attr: "mode", codec: "string" }),
    "topology.sockets": field({ path: ["cpu", "topology"], attr: "sockets", codec: "int" }),
    "topology.dies": field({ path: ["cpu", "topology"], attr: "dies", codec: "int" }),
    "topology.cores": field({ path: ["cpu", "topology"], attr: "cores", codec: "int" }),
    "topology.threads": field({ path: ["cpu", "topology"], attr: "threads", codec: "int" }),
    "numatune.mode": field({ path: ["numatune", "memory"], attr: "mode", codec: "string", values: NUMA_MODES, writable: true }),
    "numatune.nodeset": field({ path: ["numatune", "memory"], attr: "nodeset", codec: "string", writable: true }),
    "numatune.placement": field({ path: ["numatune", "memory"], attr: "placement", codec: "string", values: PLACEMENTS, writable: true }),
    memory: field({ path: ["memory"], codec: "kib", writable: true }),
    currentMemory: field({ path: ["currentMemory"], codec: "kib", writable: true }),
    "maxMemory.size": field({ path: ["maxMemory"], codec: "kib", writable: true }),
    "maxMemory.slots": field({ path: ["maxMemory"], attr: "slots", codec: "int", writable: true }),
    ...memtuneFields,
    // <memoryBacking> (its <hugepages> list: memory-backing.ts); allocation's two attributes are
    // written together by memory-backing.ts, so they are not edited one by one
    "memoryBacking.nosharepages": field({ path: ["memoryBacking", "nosharepages"], codec: "presence", writable: true }),
    "memoryBacking.locked": field({ path: ["memoryBacking", "locked"], codec: "presence", writable: true }),
    "memoryBacking.source": field({ path: ["memoryBacking", "source"], attr: "type", codec: "string", values: SOURCES, writable: true }),
    "memoryBacking.access": field({ path: ["memoryBacking", "access"], attr: "mode", codec: "string", values: ACCESSES, writable: true }),
    "memoryBacking.allocation.mode": field({ path: ["memoryBacking", "allocation"], attr: "mode", codec: "string", values: ALLOCATIONS }),
    "memoryBacking.allocation.threads": field({ path: ["memoryBacking", "allocation"], attr: "threads", codec: "int" }),
    "memoryBacking.discard": field({ path: ["memoryBacking", "discard"], codec: "presence", writable: true }),
    "memballoon.model": field({ path: ["devices", "memballoon"], attr: "model", codec: "string" }),
    "memballoon.statsPeriod": field({ path: ["devices", "memballoon", "stats"], attr: "period", codec: "int" }),
    // written as a pair by editTuning's memballoon change (booleans), not by the generic field edit
    "memballoon.autodeflate": field({ path: ["devices", "memballoon"], attr: "autodeflate", codec: "string", values: ON_OFF }),
    "memballoon.freePageReporting": field({ path: ["devices", "memballoon"], attr: "freePageReporting", codec: "string", values: ON_OFF }),
    acpi: field({ path: ["features", "acpi"], codec: "presence" }),
    // written as a boolean by editTuning's kvmHintDedicated change
    "kvm.hintDedicated": field({ path: ["features", "kvm", "hint-dedicated"], attr: "state", codec: "string", values: ON_OFF }),
};

export type FieldId = keyof typeof FIELDS;
export const FIELD_IDS = Object.keys(FIELDS) as FieldId[];

function where(spec: FieldSpec): string {
    const path = ["domain", ...spec.path].join("/");
    return spec.attr === undefined ? path : `${path}/@${spec.attr}`;
}

function parseInt10(text: string, spec: FieldSpec): number {
    const t = text.trim();
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t)))
        throw new Error(format(_("Invalid number \"$0\" in $1"), text, where(spec)));
    return Number(t);
}

/** The raw string behind a field: attribute value or element text; undefined when absent. */
function rawValue(root: Element, spec: FieldSpec): string | undefined {
    const el = findPath(root, spec.path);
    if (!el)
        return undefined;
    if (spec.attr !== undefined)
        return el.hasAttribute(spec.attr) ? (el.getAttribute(spec.attr) ?? "") : undefined;
    return el.textContent ?? "";
}

export function readField<C extends Codec>(root: Element, spec: FieldSpec<C>): FieldValue<C> | undefined {
    type V = FieldValue<C>;
    if (spec.codec === "presence")
        return (findPath(root, spec.path) !== undefined) as V;
    const raw = rawValue(root, spec);
    if (raw === undefined)
        return undefined;
    switch (spec.codec) {
    case "int":
        return parseInt10(raw, spec) as V;
    case "kib": {
        const el = findPath(root, spec.path) as Element;
        try {
            return sizeToKiB(raw, el.getAttribute("unit")) as V;
        } catch (err) {
            throw new Error(format(_("$0 in $1"), err instanceof Error ? err.message : String(err), where(spec)));
        }
    }
    default:
        if (spec.values !== undefined && !spec.values.includes(raw))
            return undefined;
        return raw as V;
    }
}

function sameValue<C extends Codec>(root: Element, spec: FieldSpec<C>, value: FieldValue<C>): boolean {
    try {
        return readField(root, spec) === value;
    } catch {
        return false;
    }
}

/** Sets a field (creating missing parents in libvirt's order) or clears it (null, pruning empties). */
export function writeField<C extends Codec>(root: Element, spec: FieldSpec<C>, value: FieldValue<C> | null): void {
    if (value === null || (spec.codec === "presence" && value === false)) {
        clearField(root, spec);
        return;
    }
    if (sameValue(root, spec, value))
        return;
    if (typeof value === "number" && !Number.isSafeInteger(value))
        throw new Error(format(_("$0 must be a whole number, not $1"), where(spec), String(value)));
    const el = ensurePath(root, spec.path, childOrder);
    if (spec.codec === "presence")
        return;
    if (spec.attr !== undefined) {
        el.setAttribute(spec.attr, String(value));
        return;
    }
    setText(el, String(value));
    if (spec.codec === "kib")
        el.setAttribute("unit", "KiB");
}

function clearField(root: Element, spec: FieldSpec): void {
    const el = findPath(root, spec.path);
    if (!el || el === root)
        return;
    if (spec.attr === undefined) {
        removeAndPrune(el);
        return;
    }
    if (!el.hasAttribute(spec.attr))
        return;
    el.removeAttribute(spec.attr);
    if (isEmptyElement(el))
        removeAndPrune(el);
}
