// <memoryBacking> rules: what libvirt and QEMU refuse in the definition itself (hugepages beside
// anonymous memory or on-demand allocation, page nodesets naming missing cells, shared access without
// a file-backed source; memory that is no multiple of its page size wastes a page), what the host must offer at
// start (free pages of that size on the nodes the numatune allows, a hugetlbfs mount), and the risks
// libvirt documents (locked memory without a hard limit, 1 GiB pages that exist only from boot).
import { _, format } from "../i18n.ts";
import type { Finding, HugePage, KiB, MemoryBacking, NumaMode, Tuning } from "../types.ts";
import { MEMTUNE_UNLIMITED } from "../types.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import { KIB_PER_GIB, formatSize } from "../values/units.ts";
import { error, warning } from "./rules-fields.ts";

/** The host's hugepage pools as the rules need them (src/model/host/hugepages.ts's HostHugePages fits). */
export interface HostPages {
    pools: readonly { node: number; sizeKiB: KiB; total: number; free: number; surplus: number }[];
    /** the kernel's default hugepage size (<hugepages/> without a size uses it) */
    defaultSizeKiB: KiB;
    /** hugetlbfs mounts: libvirt backs hugepages of a size only through a mount of that size */
    mounts: readonly { path: string; pageSizeKiB: KiB }[];
}

/** What a definition takes from the host's pools when it starts: `pages` of `sizeKiB` on one of `nodes`. */
export interface PageDemand {
    /** guest NUMA cells served (none: the VM without cells) */
    cells: number[];
    sizeKiB: KiB;
    pages: number;
    /** host nodes the pages may come from, sorted */
    nodes: number[];
}

function nodesetOf(text: string | undefined): number[] | undefined {
    if (text === undefined || text.trim() === "")
        return undefined;
    try {
        return parseCpuset(text);
    } catch {
        return undefined;
    }
}

/** The page size that backs guest cell `cell` (0 for a VM without cells): a page naming it, else the one without nodeset. */
export function pageSizeFor(hugepages: readonly HugePage[], cell: number, defaultSizeKiB: KiB): KiB | undefined {
    let fallback: KiB | undefined;
    for (const hp of hugepages) {
        const ids = nodesetOf(hp.nodeset);
        if (hp.nodeset === undefined || hp.nodeset.trim() === "")
            fallback = hp.size;
        else if (ids?.includes(cell))
            return hp.size === 0 ? defaultSizeKiB : hp.size;
    }
    return fallback === 0 ? defaultSizeKiB : fallback;
}

/** Memory modes that keep the memory on the nodeset (preferred falls back to any node). */
function binds(mode: NumaMode | undefined): boolean {
    return mode !== "preferred";
}

/** Host nodes a guest cell's memory may come from: its <memnode>, else <numatune><memory>, else any. */
function allowedNodes(t: Tuning, cell: number | undefined, hostNodes: readonly number[]): number[] {
    const memnode = cell === undefined ? undefined : t.numatune.memnodes.find(m => m.cellid === cell);
    if (memnode) {
        const ids = nodesetOf(memnode.nodeset);
        if (ids && binds(memnode.mode)) return ids;
    }
    const global = t.numatune.placement === "auto" ? undefined : nodesetOf(t.numatune.nodeset);
    if (global && binds(t.numatune.mode ?? "strict")) return global;
    return [...hostNodes].sort((a, b) => a - b);
}

/** Memory a cell starts with: its own size plus the DIMMs plugged into it (their backends use the same pages). */
function cellMemory(t: Tuning, cell: number): KiB {
    const own = t.cpu.cells.find(c => c.id === cell)?.memory ?? 0;
    return own + t.memoryDevices.filter(d => d.model === "dimm" && d.node === cell).reduce((s, d) => s + d.size, 0);
}

/** The pages a definition takes at start, per page size and set of host nodes. */
export function pageDemands(t: Tuning, hostNodes: readonly number[], defaultSizeKiB: KiB): PageDemand[] {
    if (t.hugepages.length === 0)
        return [];
    const parts: { cell?: number; memory: KiB; size: KiB }[] = [];
    if (t.cpu.cells.length === 0) {
        const size = pageSizeFor(t.hugepages, 0, defaultSizeKiB);
        if (size !== undefined)
            parts.push({ memory: t.memory, size });
    } else {
        for (const c of t.cpu.cells) {
            const size = pageSizeFor(t.hugepages, c.id, defaultSizeKiB);
            if (size !== undefined)
                parts.push({ cell: c.id, memory: cellMemory(t, c.id), size });
        }
    }
    const byKey = new Map<string, PageDemand>();
    for (const part of parts) {
        if (!(part.size > 0))
            continue;
        const nodes = allowedNodes(t, part.cell, hostNodes);
        const key = `${part.size}/${nodes.join(",")}`;
        const demand = byKey.get(key) ?? { cells: [], sizeKiB: part.size, pages: 0, nodes };
        if (part.cell !== undefined) demand.cells.push(part.cell);
        demand.pages += Math.ceil(part.memory / part.size);
        byKey.set(key, demand);
    }
    return [...byKey.values()];
}

function freeOn(host: HostPages, size: KiB, nodes: readonly number[]): number {
    return host.pools.filter(p => p.sizeKiB === size && nodes.includes(p.node)).reduce((s, p) => s + p.free, 0);
}

function surplusOn(host: HostPages, size: KiB, nodes: readonly number[]): number {
    return host.pools.filter(p => p.sizeKiB === size && nodes.includes(p.node)).reduce((s, p) => s + p.surplus, 0);
}

function sameNodes(a: readonly number[], b: readonly number[]): boolean {
    return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Where a demand's finding goes: the card's hugepage field, per cell when the cells are mapped. */
function demandWhat(d: PageDemand): string {
    return d.cells.length === 0 ? _("The VM") : format(_("Guest cells $0"), formatCpuset(d.cells));
}

/**
 * Would the next start find its pages? `config` is the next-boot definition; `held` the running
 * definition when the VM runs: the pages it holds go back to the pool when it stops, except those the
 * pool keeps as surplus (a pool shrunk below its use frees them instead).
 */
export function checkPagesFit(config: Tuning, host: HostPages, hostNodes: readonly number[], held?: Tuning): Finding[] {
    const findings: Finding[] = [];
    const holds = held ? pageDemands(held, hostNodes, host.defaultSizeKiB) : [];
    const sizes = new Set(host.pools.map(p => p.sizeKiB));
    for (const d of pageDemands(config, hostNodes, host.defaultSizeKiB)) {
        if (!sizes.has(d.sizeKiB)) {
            findings.push(error("backing.hugepages", format(_("This host has no $0 hugepages (it offers $1): the VM could not start"),
                                                             formatSize(d.sizeKiB), [...sizes].sort((a, b) => a - b).map(formatSize).join(", ") || _("none"))));
            continue;
        }
        const own = holds.filter(h => h.sizeKiB === d.sizeKiB && sameNodes(h.nodes, d.nodes)).reduce((s, h) => s + h.pages, 0);
        const back = own - Math.min(own, surplusOn(host, d.sizeKiB, d.nodes));
        const free = freeOn(host, d.sizeKiB, d.nodes) + back;
        if (d.pages > free) {
            findings.push(error("backing.hugepages", format(_("$0 needs $1 pages of $2 ($3) on host node(s) $4 at start, but only $5 would be free there: the start would fail (\"unable to map backing store for guest RAM\"). Allocate $6 more on the host page, or choose other nodes"),
                                                             demandWhat(d), d.pages, formatSize(d.sizeKiB), formatSize(d.pages * d.sizeKiB),
                                                             formatCpuset(d.nodes), free, d.pages - free)));
        }
        if (!host.mounts.some(m => m.pageSizeKiB === d.sizeKiB)) {
            findings.push(error("backing.hugepages", format(_("No hugetlbfs is mounted for $0 pages, so libvirt finds none to back the VM (\"unable to find any usable hugetlbfs mount\"): mount one (mount -t hugetlbfs -o pagesize=$1K hugetlbfs /dev/hugepages…) and restart libvirtd, which looks for mounts when it starts"),
                                                             formatSize(d.sizeKiB), d.sizeKiB)));
        }
    }
    return findings;
}

/**
 * Memory that does not divide into pages: per cell when the VM has cells (QEMU sizes a backend per
 * cell). QEMU 7.2 rounds a hugetlbfs backend up to whole pages rather than refusing it (seen here:
 * 257 MiB on 2 MiB pages started and took 129 pages), so the last page is partly wasted: a warning.
 */
function checkMultiples(t: Tuning, defaultSizeKiB: KiB): Finding[] {
    const findings: Finding[] = [];
    const parts = t.cpu.cells.length === 0
        ? [{ what: _("The VM's memory"), memory: t.memory, size: pageSizeFor(t.hugepages, 0, defaultSizeKiB) }]
        : t.cpu.cells.map(c => ({ what: format(_("Guest cell $0's memory"), c.id), memory: c.memory, size: pageSizeFor(t.hugepages, c.id, defaultSizeKiB) }));
    for (const p of parts) {
        if (p.size !== undefined && p.size > 0 && p.memory % p.size !== 0) {
            findings.push(warning("backing.hugepages", format(_("$0 ($1) is not a multiple of the $2 page size: QEMU rounds its backing up to whole pages, so part of the last page is reserved but never used. Make it $3 or $4"),
                                                             p.what, formatSize(p.memory), formatSize(p.size),
                                                             formatSize(Math.floor(p.memory / p.size) * p.size), formatSize(Math.ceil(p.memory / p.size) * p.size))));
        }
    }
    return findings;
}

/** libvirt's own checks of the <hugepages> list (virDomainDefMemtuneValidate). */
function checkPageList(t: Tuning): Finding[] {
    const findings: Finding[] = [];
    const pages = t.hugepages;
    const cells = t.cpu.cells.length;
    pages.forEach((p, i) => {
        const ids = nodesetOf(p.nodeset);
        if (p.nodeset !== undefined && p.nodeset.trim() !== "" && ids === undefined)
            findings.push(error("backing.hugepages", format(_("The hugepage nodeset \"$0\" is not a list of guest cells"), p.nodeset)));
        const missing = ids?.find(id => id >= Math.max(cells, 1));
        if (missing !== undefined)
            findings.push(error("backing.hugepages", format(_("Hugepages name guest cell $0, which does not exist (libvirt: \"hugepages: node $0 not found\")"), missing)));
        for (const q of pages.slice(0, i)) {
            const other = nodesetOf(q.nodeset);
            if (ids === undefined && other === undefined && p.nodeset === undefined && q.nodeset === undefined)
                findings.push(error("backing.hugepages", format(_("Two hugepage sizes ($0 and $1) without nodeset: libvirt refuses two defaults"), formatSize(q.size), formatSize(p.size))));
            else if (ids && other && ids.some(id => other.includes(id)))
                findings.push(error("backing.hugepages", format(_("The nodesets of the $0 and $1 hugepages overlap: each guest cell takes one page size"), formatSize(q.size), formatSize(p.size))));
        }
    });
    return findings;
}

/** locked: libvirt raises QEMU's locked-memory limit to the hard limit, or removes it without one. */
function checkLocked(t: Tuning, turnedOn: boolean): Finding[] {
    if (!t.memoryBacking.locked)
        return [];
    const hard = t.memtune.hard_limit;
    if (hard === undefined || hard >= MEMTUNE_UNLIMITED) {
        const message = _("Locked memory without a memtune hard limit: libvirt then lifts QEMU's locked-memory limit altogether, so the host cannot take memory back from this VM, whatever it grows to. Set a hard limit in Memory limits (memtune) first");
        return [turnedOn ? error("backing.locked", message) : warning("backing.locked", message)];
    }
    const plugged = t.memoryDevices.filter(d => d.model === "dimm" || d.model === "virtio-mem").reduce((s, d) => s + d.size, 0);
    const ceiling = Math.max(t.maxMemory?.size ?? 0, t.memory + plugged);
    if (hard < ceiling) {
        return [warning("backing.locked", format(_("With locked memory the hard limit ($0) is also QEMU's locked-memory limit: memory plugged later (DIMMs, virtio-mem) up to $1 must fit under it with QEMU's own memory, or the plug fails (\"cannot limit locked memory\"). Raise the hard limit above $1"),
                                                 formatSize(hard), formatSize(ceiling)))];
    }
    return [];
}

/** The backend choices libvirt refuses together (qemuValidateDomainDefMemory), and shared access. */
function checkBackend(t: Tuning, b: MemoryBacking): Finding[] {
    const findings: Finding[] = [];
    const huge = t.hugepages.length > 0;
    if (huge && b.source === "anonymous")
        findings.push(error("backing.source", _("Hugepages cannot back anonymous memory (libvirt: \"hugepages are not allowed with anonymous memory source\"): choose the file or memfd source, or no source")));
    if (huge && b.allocation?.mode === "ondemand")
        findings.push(error("backing.allocation", _("Hugepages are reserved when the VM starts, never on demand (libvirt: \"hugepages are not allowed with memory allocation ondemand\"): choose immediate allocation")));
    // libvirt 9.0 backs shared memory with a file whatever the source says (seen here: access shared
    // with no source or source anonymous ran QEMU with memory-backend-file under
    // /var/lib/libvirt/qemu/ram/…, with memfd it used memory-backend-memfd)
    const shared = b.access === "shared" || t.cpu.cells.some(c => c.memAccess === "shared");
    if (shared && !huge && b.source !== "memfd" && b.source !== "file")
        findings.push(warning("backing.access", _("Shared access needs memory another process can map (vhost-user, virtiofs), which anonymous memory is not: libvirt then backs the guest's memory with a file under /var/lib/libvirt/qemu/ram (qemu.conf memory_backing_dir), on disk unless that directory is a tmpfs. Choose the memfd source (or hugepages) to keep it in RAM")));
    if (b.allocation?.threads !== undefined && b.allocation.mode === "ondemand")
        findings.push(warning("backing.allocation", _("Allocation threads only help when memory is allocated at start: with on-demand allocation they do nothing")));
    return findings;
}

/** 1 GiB pages: the kernel rarely finds 1 GiB of contiguous memory once the host has run a while. */
function checkGigantic(t: Tuning, defaultSizeKiB: KiB): Finding[] {
    const gig = t.hugepages.some(p => (p.size === 0 ? defaultSizeKiB : p.size) >= KIB_PER_GIB);
    return gig
        ? [warning("backing.hugepages", _("1 GiB pages usually exist only when reserved at boot (kernel command line: hugepagesz=1G hugepages=N): allocated later, the kernel often finds fewer than asked. Check the pool on the host page"))]
        : [];
}

/**
 * The rules for a next-boot <memoryBacking> (the definition the plan would leave, `config`). `host`
 * when the pools are known; `held` the running definition; `before` the definition as read (a flag
 * turned on by this edit is an error where an existing one is only a warning).
 */
export function checkMemoryBacking(config: Tuning, options: { host?: HostPages | undefined; hostNodes: readonly number[]; held?: Tuning | undefined; before?: Tuning | undefined }): Finding[] {
    const defaultSize = options.host?.defaultSizeKiB ?? 0;
    const turnedOn = config.memoryBacking.locked && options.before?.memoryBacking.locked !== true;
    return [
        ...checkPageList(config),
        ...checkBackend(config, config.memoryBacking),
        ...checkMultiples(config, defaultSize),
        ...checkLocked(config, turnedOn),
        ...checkGigantic(config, defaultSize),
        ...(options.host ? checkPagesFit(config, options.host, options.hostNodes, options.held) : []),
    ];
}

/** The warning for a VM (running or not): its next start would fail for lack of pages (the overview's and VM page's). */
export function nextStartShortOfPages(config: Tuning, host: HostPages, hostNodes: readonly number[], held?: Tuning): Finding[] {
    return checkPagesFit(config, host, hostNodes, held).filter(f => f.severity === "error");
}
