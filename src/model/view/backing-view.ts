// The Memory backing card as data: the hugepage choice as one page size for the VM plus one per
// guest cell ("" none / "as the VM", "default" the host's default size, or a size in KiB), the wanted
// <memoryBacking> from the card's choices, and the lines saying what the VM takes from the pools.
import { _, format } from "../i18n.ts";
import type { HugePage, KiB, MemoryAccess, MemoryAllocation, MemorySource, Tuning, TuningChange } from "../types.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import { formatSize } from "../values/units.ts";
import type { HostPages, PageDemand } from "../rules/rules-backing.ts";
import { nextStartShortOfPages, pageDemands } from "../rules/rules-backing.ts";
import type { Vm } from "../vm/vm.ts";

export interface BackingDraft {
    /** the page size of the whole VM: "" none, "default", or KiB as text */
    wide: string;
    /** per guest cell id: "" as the VM, "default", or KiB as text */
    cells: Record<number, string>;
    nosharepages: boolean;
    locked: boolean;
    discard: boolean;
    /** "" = not set (libvirt's default) */
    source: "" | MemorySource;
    access: "" | MemoryAccess;
    allocation: "" | MemoryAllocation;
    /** allocation threads as typed ("" = not set) */
    threads: string;
}

function sizeChoice(size: KiB): string {
    return size === 0 ? "default" : String(size);
}

function choiceSize(choice: string): KiB {
    return choice === "default" ? 0 : Number(choice);
}

/** The card's draft for a definition (pages the card cannot show: see pagesShowable). */
export function backingDraft(t: Tuning): BackingDraft {
    const b = t.memoryBacking;
    const draft: BackingDraft = {
        wide: "", cells: {}, nosharepages: b.nosharepages, locked: b.locked, discard: b.discard,
        source: b.source ?? "", access: b.access ?? "", allocation: b.allocation?.mode ?? "",
        threads: b.allocation?.threads === undefined ? "" : String(b.allocation.threads),
    };
    for (const c of t.cpu.cells) draft.cells[c.id] = "";
    for (const p of t.hugepages) {
        if (p.nodeset === undefined || p.nodeset.trim() === "") {
            draft.wide = sizeChoice(p.size);
            continue;
        }
        let ids: number[] = [];
        try {
            ids = parseCpuset(p.nodeset);
        } catch {
            continue;
        }
        for (const id of ids) draft.cells[id] = sizeChoice(p.size);
    }
    return draft;
}

/** Can the card show these pages exactly (each page's nodeset names existing cells, parsable)? */
export function pagesShowable(t: Tuning): boolean {
    return t.hugepages.every(p => {
        if (p.nodeset === undefined || p.nodeset.trim() === "") return true;
        try {
            const ids = parseCpuset(p.nodeset);
            return ids.length > 0 && ids.every(id => t.cpu.cells.some(c => c.id === id));
        } catch {
            return false;
        }
    });
}

/** The <hugepages> list of a draft: the VM's page, then one page per size that cells take, by size. */
export function draftPages(d: BackingDraft): HugePage[] | null {
    const pages: HugePage[] = [];
    if (d.wide !== "") pages.push({ size: choiceSize(d.wide) });
    const bySize = new Map<string, number[]>();
    for (const [id, choice] of Object.entries(d.cells)) {
        if (choice === "") continue;
        bySize.set(choice, [...bySize.get(choice) ?? [], Number(id)]);
    }
    for (const [choice, ids] of [...bySize].sort((a, b) => choiceSize(a[0]) - choiceSize(b[0])))
        pages.push({ size: choiceSize(choice), nodeset: formatCpuset(ids) });
    return pages.length === 0 ? null : pages;
}

/** The threads as typed: a whole number ≥ 1, nothing, or the reason. */
export function draftThreads(text: string): { threads?: number } | { error: string } {
    const t = text.trim();
    if (t === "") return {};
    if (!/^\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t)))
        return { error: format(_("\"$0\" is not a number of threads (1 or more)"), text) };
    return { threads: Number(t) };
}

/** The wanted <memoryBacking> of a draft, every part named (the planner keeps only what differs). */
export function draftBacking(d: BackingDraft, showPages: boolean): NonNullable<TuningChange["memoryBacking"]> {
    const threads = draftThreads(d.threads);
    const count = "threads" in threads ? threads.threads : undefined;
    const allocation: { mode?: MemoryAllocation; threads?: number } = {};
    if (d.allocation !== "") allocation.mode = d.allocation;
    if (count !== undefined) allocation.threads = count;
    return {
        ...(showPages ? { hugepages: draftPages(d) } : {}),
        nosharepages: d.nosharepages, locked: d.locked, discard: d.discard,
        source: d.source === "" ? null : d.source,
        access: d.access === "" ? null : d.access,
        allocation: Object.keys(allocation).length === 0 ? null : allocation,
    };
}

export function sameDraft(a: BackingDraft, b: BackingDraft): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** One line per demand: "Guest cells 0-1: 512 pages of 2 MiB (1 GiB) from host node 0". */
export function demandLine(d: PageDemand): string {
    const who = d.cells.length === 0 ? _("The VM") : format(_("Guest cells $0"), formatCpuset(d.cells));
    return format(_("$0: $1 pages of $2 ($3) from host node(s) $4"), who, d.pages, formatSize(d.sizeKiB), formatSize(d.pages * d.sizeKiB), formatCpuset(d.nodes));
}

/**
 * The VMs whose next start would fail for lack of hugepages, with the reasons: a running VM counts the
 * pages it holds (they come back when it stops), a shut-off one only the free pages. Each VM alone:
 * two VMs waiting for the same free pages are not added up.
 */
export function vmsShortOfPages(vms: readonly Vm[], host: HostPages, hostNodes: readonly number[]): { name: string; reasons: string[] }[] {
    const out: { name: string; reasons: string[] }[] = [];
    for (const vm of vms) {
        const config = vm.config;
        if (!config || config.hugepages.length === 0) continue;
        const reasons = nextStartShortOfPages(config, host, hostNodes, vm.active ? vm.live : undefined).map(f => f.message);
        if (reasons.length > 0) out.push({ name: vm.name, reasons });
    }
    return out;
}

/** Shut-off VMs that each find their pages alone but not all together. */
export interface PagesContention {
    names: string[];
    sizeKiB: KiB;
    nodes: number[];
    /** the pages they need together, and the pages free for them now */
    pages: number;
    free: number;
}

/**
 * Shut-off VMs that would each start alone but not all of them: their demands on the same page size
 * and host nodes added up against the free pages (whichever starts last fails). VMs already short on
 * their own are left to vmsShortOfPages; demands on different but overlapping node sets are not added.
 */
export function pagesContended(vms: readonly Vm[], host: HostPages, hostNodes: readonly number[]): PagesContention[] {
    const short = new Set(vmsShortOfPages(vms, host, hostNodes).map(s => s.name));
    const groups = new Map<string, PagesContention>();
    for (const vm of vms) {
        if (vm.active || !vm.config || short.has(vm.name)) continue;
        for (const d of pageDemands(vm.config, hostNodes, host.defaultSizeKiB)) {
            const key = `${d.sizeKiB}/${d.nodes.join(",")}`;
            const free = host.pools.filter(p => p.sizeKiB === d.sizeKiB && d.nodes.includes(p.node)).reduce((sum, p) => sum + p.free, 0);
            const group = groups.get(key) ?? { names: [], sizeKiB: d.sizeKiB, nodes: d.nodes, pages: 0, free };
            if (!group.names.includes(vm.name)) group.names.push(vm.name);
            group.pages += d.pages;
            groups.set(key, group);
        }
    }
    return [...groups.values()].filter(g => g.names.length > 1 && g.pages > g.free);
}

/** "vm-a, vm-b need 640 pages of 2 MiB on host node(s) 0 to start together; 512 are free" */
export function contentionLine(c: PagesContention): string {
    return format(_("$0 need $1 pages of $2 on host node(s) $3 to start together; $4 are free, so whichever starts last fails"),
                  c.names.join(", "), c.pages, formatSize(c.sizeKiB), formatCpuset(c.nodes), c.free);
}
