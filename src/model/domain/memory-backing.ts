// <memoryBacking>: read every part vmtune edits (hugepages with per-cell nodesets, the flags, the
// backend's source, access and allocation) and write a change with minimal edits: parts the change
// does not name, unknown attributes and unknown children stay as they are.
import type { HugePage, MemoryAccess, MemoryAllocation, MemoryBacking, MemorySource, TuningChange } from "../types.ts";
import { _, format } from "../i18n.ts";
import { childOrder, sizeToKiB } from "./domain-schema.ts";
import {
    createChild, directChildren, ensurePath, findPath, firstChild, insertIndented, pruneEmpty, removeAndPrune, removeNode,
} from "./xml-dom.ts";

export type MemoryBackingChange = NonNullable<TuningChange["memoryBacking"]>;

const SOURCES: readonly MemorySource[] = ["anonymous", "memfd", "file"];
const ACCESSES: readonly MemoryAccess[] = ["shared", "private"];
const ALLOCATIONS: readonly MemoryAllocation[] = ["immediate", "ondemand"];
const FLAGS = ["nosharepages", "locked", "discard"] as const;

function oneOf<T extends string>(values: readonly T[], raw: string | null | undefined): T | undefined {
    return values.find(v => v === raw);
}

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
    const backing = firstChild(root, "memoryBacking");
    const out: MemoryBacking = {
        nosharepages: backing !== undefined && firstChild(backing, "nosharepages") !== undefined,
        locked: backing !== undefined && firstChild(backing, "locked") !== undefined,
        discard: backing !== undefined && firstChild(backing, "discard") !== undefined,
    };
    if (!backing)
        return out;
    const source = oneOf(SOURCES, firstChild(backing, "source")?.getAttribute("type"));
    if (source !== undefined)
        out.source = source;
    const access = oneOf(ACCESSES, firstChild(backing, "access")?.getAttribute("mode"));
    if (access !== undefined)
        out.access = access;
    const allocation = firstChild(backing, "allocation");
    if (allocation) {
        const mode = oneOf(ALLOCATIONS, allocation.getAttribute("mode"));
        const threads = allocation.getAttribute("threads")?.trim();
        out.allocation = {};
        if (mode !== undefined)
            out.allocation.mode = mode;
        if (threads !== undefined && /^\d+$/.test(threads))
            out.allocation.threads = Number(threads);
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

function writeFlag(root: Element, name: typeof FLAGS[number], on: boolean): void {
    const el = findPath(root, ["memoryBacking", name]);
    if (on && !el)
        createChild(backingOf(root), name, childOrder(["memoryBacking"]));
    else if (!on && el)
        removeAndPrune(el);
}

/** Sets (or with null removes) one attribute of a child of <memoryBacking>, pruning what is left empty. */
function writeAttr(root: Element, name: string, attr: string, value: string | null): void {
    const el = findPath(root, ["memoryBacking", name]);
    if (value === null) {
        if (!el)
            return;
        el.removeAttribute(attr);
        pruneEmpty(el);
        return;
    }
    if (el?.getAttribute(attr) === value)
        return;
    (el ?? createChild(backingOf(root), name, childOrder(["memoryBacking"]))).setAttribute(attr, value);
}

function writeAllocation(root: Element, allocation: MemoryBackingChange["allocation"]): void {
    if (allocation === undefined)
        return;
    if (allocation === null) {
        const el = findPath(root, ["memoryBacking", "allocation"]);
        if (el)
            removeAndPrune(el);
        return;
    }
    const threads = allocation.threads;
    if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 1))
        throw new Error(format(_("Invalid number of allocation threads $0"), String(threads)));
    // both attributes are named by an allocation change: what it leaves out is removed
    if (allocation.mode === undefined && threads === undefined) {
        writeAllocation(root, null);
        return;
    }
    writeAttr(root, "allocation", "mode", allocation.mode ?? null);
    writeAttr(root, "allocation", "threads", threads === undefined ? null : String(threads));
}

/** Applies a <memoryBacking> change: what it names, nothing else; an empty <memoryBacking> goes. */
export function writeMemoryBacking(root: Element, change: MemoryBackingChange): void {
    if (change.hugepages !== undefined)
        writeHugepages(root, change.hugepages);
    for (const flag of FLAGS) {
        const on = change[flag];
        if (on !== undefined)
            writeFlag(root, flag, on);
    }
    if (change.source !== undefined)
        writeAttr(root, "source", "type", change.source);
    if (change.access !== undefined)
        writeAttr(root, "access", "mode", change.access);
    writeAllocation(root, change.allocation);
}
