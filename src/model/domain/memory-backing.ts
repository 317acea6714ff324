// <memoryBacking>: read every part vmtune edits and write a change with minimal edits: the flags, the
// backend's source, access and allocation through the field table (domain-fields.ts); the <hugepages>
// list here, since its <page> elements have no key (two pages may share a size; libvirt tells them
// apart by their nodesets) and are edited in place, in order. Parts the change does not name, unknown
// attributes and unknown children stay as they are.
import type { HugePage, MemoryAccess, MemoryAllocation, MemoryBacking, MemorySource, TuningChange } from "../types.ts";
import { _, format } from "../i18n.ts";
import { childOrder, sizeToKiB } from "./domain-schema.ts";
import { FIELDS, readField, writeField } from "./domain-fields.ts";
import { createChild, directChildren, ensurePath, findPath, firstChild, insertIndented, removeAndPrune, removeNode } from "./xml-dom.ts";

export type MemoryBackingChange = NonNullable<TuningChange["memoryBacking"]>;

const FLAGS = ["nosharepages", "locked", "discard"] as const;

/** [] = no <hugepages>; [{size: 0}] = <hugepages/> (the host's default size). */
export function readHugepages(root: Element): HugePage[] {
    const hugepages = findPath(root, ["memoryBacking", "hugepages"]);
    if (!hugepages)
        return [];
    const pages = directChildren(hugepages, "page");
    if (pages.length === 0)
        return [{ size: 0 }];
    return pages.map(page => {
        const out: HugePage = { size: sizeToKiB(page.getAttribute("size") ?? "0", page.getAttribute("unit")) };
        const nodeset = page.getAttribute("nodeset");
        if (nodeset !== null)
            out.nodeset = nodeset;
        return out;
    });
}

export function readMemoryBacking(root: Element): MemoryBacking {
    const out: MemoryBacking = {
        nosharepages: readField(root, FIELDS["memoryBacking.nosharepages"]) ?? false,
        locked: readField(root, FIELDS["memoryBacking.locked"]) ?? false,
        discard: readField(root, FIELDS["memoryBacking.discard"]) ?? false,
    };
    // the table's `values` leave anything else undefined
    const source = readField(root, FIELDS["memoryBacking.source"]) as MemorySource | undefined;
    if (source !== undefined)
        out.source = source;
    const access = readField(root, FIELDS["memoryBacking.access"]) as MemoryAccess | undefined;
    if (access !== undefined)
        out.access = access;
    if (findPath(root, ["memoryBacking", "allocation"])) {
        const mode = readField(root, FIELDS["memoryBacking.allocation.mode"]) as MemoryAllocation | undefined;
        const threads = readField(root, FIELDS["memoryBacking.allocation.threads"]);
        out.allocation = {};
        if (mode !== undefined)
            out.allocation.mode = mode;
        if (threads !== undefined)
            out.allocation.threads = threads;
    }
    return out;
}

function samePages(a: readonly HugePage[], b: readonly HugePage[]): boolean {
    const key = (p: HugePage) => `${p.size}/${p.nodeset ?? ""}`;
    return a.length === b.length && a.every((p, i) => b[i] !== undefined && key(p) === key(b[i] as HugePage));
}

function backingOf(root: Element): Element {
    return ensurePath(root, ["memoryBacking"], childOrder);
}

function pageSizeOf(page: Element): number | undefined {
    try {
        return sizeToKiB(page.getAttribute("size") ?? "", page.getAttribute("unit"));
    } catch {
        return undefined;
    }
}

/** The pages in place: an existing <page> keeps its spelling when its size and nodeset stay. */
function writePage(el: Element, page: HugePage): void {
    if (pageSizeOf(el) !== page.size) {
        el.setAttribute("size", String(page.size));
        el.setAttribute("unit", "KiB");
    }
    if (page.nodeset === undefined)
        el.removeAttribute("nodeset");
    else if (el.getAttribute("nodeset") !== page.nodeset)
        el.setAttribute("nodeset", page.nodeset);
}

function writeHugepages(root: Element, pages: HugePage[] | null): void {
    if (pages !== null && pages.length === 0)
        throw new Error(_("An empty hugepage list is not a setting: remove the hugepages instead"));
    const current = readHugepages(root);
    if (pages === null) {
        const el = findPath(root, ["memoryBacking", "hugepages"]);
        if (el)
            removeAndPrune(el);
        return;
    }
    if (samePages(current, pages))
        return;
    const defaultSize = pages.length === 1 && pages[0]?.size === 0 && pages[0].nodeset === undefined;
    for (const p of pages) {
        if (!defaultSize && (!Number.isSafeInteger(p.size) || p.size <= 0))
            throw new Error(format(_("Invalid hugepage size $0"), String(p.size)));
    }
    const backing = backingOf(root);
    const hugepages = firstChild(backing, "hugepages") ?? createChild(backing, "hugepages", childOrder(["memoryBacking"]));
    const existing = directChildren(hugepages, "page");
    const wanted = defaultSize ? [] : pages;
    existing.slice(wanted.length).forEach(el => removeNode(el));
    wanted.forEach((page, i) => {
        let el = existing[i];
        if (!el) {
            el = hugepages.ownerDocument.createElement("page");
            insertIndented(hugepages, el, null);
        }
        writePage(el, page);
    });
    if (wanted.length === 0) {
        // <hugepages/> on one line, as libvirt writes it
        while (hugepages.firstChild)
            hugepages.removeChild(hugepages.firstChild);
    }
}

function writeAllocation(root: Element, allocation: MemoryBackingChange["allocation"]): void {
    if (allocation === undefined)
        return;
    const threads = allocation?.threads;
    if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 1))
        throw new Error(format(_("Invalid number of allocation threads $0"), String(threads)));
    // both attributes are named by an allocation change: what it leaves out is removed
    writeField(root, FIELDS["memoryBacking.allocation.mode"], allocation?.mode ?? null);
    writeField(root, FIELDS["memoryBacking.allocation.threads"], threads ?? null);
}

/** Applies a <memoryBacking> change: what it names, nothing else; an empty <memoryBacking> goes. */
export function writeMemoryBacking(root: Element, change: MemoryBackingChange): void {
    if (change.hugepages !== undefined)
        writeHugepages(root, change.hugepages);
    for (const flag of FLAGS) {
        const on = change[flag];
        if (on !== undefined)
            writeField(root, FIELDS[`memoryBacking.${flag}`], on);
    }
    if (change.source !== undefined)
        writeField(root, FIELDS["memoryBacking.source"], change.source);
    if (change.access !== undefined)
        writeField(root, FIELDS["memoryBacking.access"], change.access);
    writeAllocation(root, change.allocation);
}
