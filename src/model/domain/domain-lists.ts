// Lists of XML elements identified by a key attribute (vcpupin/@vcpu, iothreadpin/@iothread,
// cell/@id, memnode/@cellid, sibling/@id), never by position. Editing replaces the whole list:
// items whose id stays are updated in place (unknown attributes and children survive), items whose
// id is gone are removed, new ids are inserted in id order among their siblings.
import { _, format } from "../i18n.ts";
import type { CellDistance, GuestCell, MemNode, Pin } from "../types.ts";
import { NUMA_MODES } from "../types.ts";
import { childOrder, sizeToKiB } from "./domain-schema.ts";
import {
    directChildren, ensurePath, findPath, insertIndented, orderedRef, pruneEmpty, removeNode, setAttr,
} from "./xml-dom.ts";

export interface KeyedList<T> {
    /** path of the list's parent below `base` */
    readonly parentPath: readonly string[];
    /** path of `base` below <domain>, for libvirt's child order */
    readonly basePath: readonly string[];
    readonly name: string;
    readonly key: string;
    read(el: Element, id: number): T;
    id(item: T): number;
    /** writes the item's values into `el` (existing, or new with only the key set) */
    write(el: Element, item: T, isNew: boolean): void;
}

/** The id of an element: its key attribute, or its position among its siblings when absent. */
function keyOf(el: Element, key: string, index: number): number {
    const raw = el.getAttribute(key);
    if (raw === null || raw.trim() === "")
        return index;
    const t = raw.trim();
    if (!/^\+?\d+$/.test(t))
        throw new Error(format(_("Invalid $0 \"$1\" in <$2>"), key, raw, el.nodeName));
    return Number(t);
}

/** The items of a keyed list, sorted by id. */
export function readList<T>(base: Element, spec: KeyedList<T>): T[] {
    const parent = findPath(base, spec.parentPath);
    if (!parent)
        return [];
    // in id order, whatever the document order (which editing keeps)
    return directChildren(parent, spec.name)
        .map((el, i) => spec.read(el, keyOf(el, spec.key, i)))
        .sort((a, b) => spec.id(a) - spec.id(b));
}

export function writeList<T>(base: Element, spec: KeyedList<T>, items: readonly T[]): void {
    const seen = new Set<number>();
    for (const item of items) {
        const id = spec.id(item);
        if (!Number.isSafeInteger(id) || id < 0)
            throw new Error(format(_("Invalid $0 $1 for <$2>"), spec.key, String(id), spec.name));
        if (seen.has(id))
            throw new Error(format(_("Duplicate $0 $1 in <$2>"), spec.key, id, spec.name));
        seen.add(id);
    }
    const found = findPath(base, spec.parentPath);
    if (items.length === 0) {
        if (!found)
            return;
        directChildren(found, spec.name).forEach(el => removeNode(el));
        pruneEmpty(found);
        return;
    }
    const orderOf = (p: readonly string[]) => childOrder([...spec.basePath, ...p]);
    const parent = found ?? ensurePath(base, spec.parentPath, orderOf);
    const byId = new Map<number, Element>();
    directChildren(parent, spec.name).forEach((el, i) => {
        const id = keyOf(el, spec.key, i);
        if (!seen.has(id) || byId.has(id))
            removeNode(el);
        else
            byId.set(id, el);
    });
    const sorted = [...items].sort((a, b) => spec.id(a) - spec.id(b));
    for (const item of sorted) {
        const id = spec.id(item);
        let el = byId.get(id);
        if (!el) {
            el = parent.ownerDocument.createElement(spec.name);
            el.setAttribute(spec.key, String(id));
            // insert first, so that children written into it get the right indentation
            insertIndented(parent, el, insertionRef(parent, spec, id, orderOf));
            spec.write(el, item, true);
            byId.set(id, el);
        } else {
            spec.write(el, item, false);
        }
    }
}

/** Before the first sibling with a greater id; else after the last sibling; else libvirt's order. */
function insertionRef<T>(parent: Element, spec: KeyedList<T>, id: number,
    orderOf: (p: readonly string[]) => readonly string[]): Element | null {
    const children = directChildren(parent);
    const siblings = children.filter(c => c.nodeName === spec.name);
    const later = siblings.find((el, i) => keyOf(el, spec.key, i) > id);
    if (later)
        return later;
    const last = siblings[siblings.length - 1];
    if (last)
        return children[children.indexOf(last) + 1] ?? null;
    return orderedRef(parent, spec.name, orderOf(spec.parentPath));
}

function optionalAttr(el: Element, name: string): string | undefined {
    return el.getAttribute(name) ?? undefined;
}

function pinList(parentPath: readonly string[], name: string, key: string): KeyedList<Pin> {
    return {
        parentPath, basePath: [], name, key,
        read: (el, id) => ({ id, cpuset: el.getAttribute("cpuset") ?? "" }),
        id: pin => pin.id,
        write: (el, pin) => {
            if (el.getAttribute("cpuset") !== pin.cpuset)
                el.setAttribute("cpuset", pin.cpuset);
        },
    };
}

export const VCPUPINS = pinList(["cputune"], "vcpupin", "vcpu");
export const IOTHREADPINS = pinList(["cputune"], "iothreadpin", "iothread");

export const DISTANCES: KeyedList<CellDistance> = {
    parentPath: ["distances"], basePath: ["cpu", "numa", "cell"], name: "sibling", key: "id",
    read: (el, id) => ({ id, value: intAttr(el, "value") ?? 0 }),
    id: d => d.id,
    write: (el, d) => {
        if (el.getAttribute("value") !== String(d.value))
            el.setAttribute("value", String(d.value));
    },
};

function intAttr(el: Element, name: string): number | undefined {
    const raw = el.getAttribute(name);
    if (raw === null)
        return undefined;
    const t = raw.trim();
    if (!/^[+-]?\d+$/.test(t))
        throw new Error(format(_("Invalid number \"$0\" in <$1 $2>"), raw, el.nodeName, name));
    return Number(t);
}

export const CELLS: KeyedList<GuestCell> = {
    parentPath: ["cpu", "numa"], basePath: [], name: "cell", key: "id",
    read: (el, id) => {
        const memory = el.getAttribute("memory");
        const cell: GuestCell = {
            id,
            cpus: el.getAttribute("cpus") ?? "",
            memory: memory === null ? 0 : sizeToKiB(memory, el.getAttribute("unit")),
            distances: readList(el, DISTANCES),
        };
        const memAccess = optionalAttr(el, "memAccess");
        if (memAccess !== undefined)
            cell.memAccess = memAccess;
        return cell;
    },
    id: cell => cell.id,
    write: (el, cell) => {
        if ((el.getAttribute("cpus") ?? "") !== cell.cpus)
            setAttr(el, "cpus", cell.cpus === "" ? null : cell.cpus);
        let current: number | undefined;
        try {
            const memory = el.getAttribute("memory");
            current = memory === null ? undefined : sizeToKiB(memory, el.getAttribute("unit"));
        } catch {
            current = undefined;
        }
        if (current !== cell.memory) {
            if (!Number.isSafeInteger(cell.memory) || cell.memory < 0)
                throw new Error(format(_("Invalid memory size $0 for guest NUMA cell $1"), String(cell.memory), cell.id));
            el.setAttribute("memory", String(cell.memory));
            el.setAttribute("unit", "KiB");
        }
        if (optionalAttr(el, "memAccess") !== cell.memAccess)
            setAttr(el, "memAccess", cell.memAccess);
        writeList(el, DISTANCES, cell.distances);
    },
};

export const MEMNODES: KeyedList<MemNode> = {
    parentPath: ["numatune"], basePath: [], name: "memnode", key: "cellid",
    read: (el, cellid) => {
        const mode = el.getAttribute("mode") ?? "strict";
        return {
            cellid,
            mode: NUMA_MODES.find(m => m === mode) ?? "strict",
            nodeset: el.getAttribute("nodeset") ?? "",
        };
    },
    id: m => m.cellid,
    write: (el, m, isNew) => {
        // an existing memnode without mode means strict: leave it so
        if (isNew || (el.getAttribute("mode") ?? "strict") !== m.mode)
            el.setAttribute("mode", m.mode);
        if (el.getAttribute("nodeset") !== m.nodeset)
            el.setAttribute("nodeset", m.nodeset);
    },
};
