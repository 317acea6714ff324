// Resizing a node's hugepage pool: the rules, each with its reason, and the plan (a sysfs write of
// nr_hugepages as root, virsh allocpages being the same thing through libvirt). The kernel may give
// fewer pages than asked (not enough free contiguous memory): that is read back after the apply,
// not guessed here.
import type { Finding, KiB } from "../types.ts";
import { _, format } from "../i18n.ts";
import { formatSize } from "../values/units.ts";
import type { HostHugePages } from "./hugepages.ts";
import { mountFor, poolOf } from "./hugepages.ts";
import type { HostPlan, HostStep } from "./host-plan.ts";
import type { HugePageUser } from "./hugepage-users.ts";
import { usersOfPool } from "./hugepage-users.ts";

export interface PoolChange {
    node: number;
    sizeKiB: KiB;
    /** the wanted number of persistent pages (nr_hugepages) */
    total: number;
}

export interface PoolContext {
    /** the pools as read (with each node's free memory: a node without it is not checked) */
    pages: HostHugePages;
    users: readonly HugePageUser[];
    /** virsh -c URI, when not the default connection */
    uri?: string | undefined;
}

/** Below this share of a node's memory left free, growing a pool is warned about. */
const LOW_FREE_SHARE = 0.1;
const GIB = 1024 * 1024;

export function poolField(node: number, sizeKiB: KiB): string {
    return `pool:${node}:${sizeKiB}`;
}

export function nrHugepagesPath(node: number, sizeKiB: KiB): string {
    return `/sys/devices/system/node/node${node}/hugepages/hugepages-${sizeKiB}kB/nr_hugepages`;
}

function vmList(users: readonly HugePageUser[]): string {
    return users.map(u => u.vm).join(", ");
}

/** The findings for one wanted pool size, each with libvirt's or the kernel's reason. */
export function poolFindings(change: PoolChange, ctx: PoolContext): Finding[] {
    const field = poolField(change.node, change.sizeKiB);
    const error = (message: string): Finding => ({ field, severity: "error", message });
    const warning = (message: string): Finding => ({ field, severity: "warning", message });
    const pool = poolOf(ctx.pages, change.node, change.sizeKiB);
    if (!pool)
        return [error(format(_("Host node $0 has no pool of $1 pages."), change.node, formatSize(change.sizeKiB)))];
    if (!Number.isSafeInteger(change.total) || change.total < 0)
        return [error(_("The number of pages is a whole number, 0 or more."))];
    const findings: Finding[] = [];
    const users = usersOfPool(ctx.users, change.node, change.sizeKiB);
    const inUse = pool.total - pool.free;
    if (change.total < inUse) {
        const running = users.filter(u => u.running);
        findings.push(error(format(
            _("$0 pages of this pool are in use$1: the kernel cannot free pages a process holds, so the pool cannot shrink below $0 until they are released."),
            inUse, running.length ? format(_(" (by $0)"), vmList(running)) : "")));
    }
    const grow = (change.total - pool.total) * change.sizeKiB;
    const memory = ctx.pages.nodeMemory?.[change.node];
    if (grow > 0 && memory) {
        if (grow > memory.free)
            findings.push(error(format(
                _("$0 more pages need $1, but host node $2 has only $3 free: the kernel would give fewer pages, and the memory it takes is no longer available to the host or to VMs without huge pages."),
                change.total - pool.total, formatSize(grow), change.node, formatSize(memory.free))));
        else if (memory.free - grow < memory.total * LOW_FREE_SHARE)
            findings.push(warning(format(
                _("This leaves $0 of host node $1's memory free for the host and for VMs without huge pages."),
                formatSize(memory.free - grow), change.node)));
    }
    if (grow > 0 && change.sizeKiB >= GIB)
        findings.push(warning(_("1 GiB pages need 1 GiB of contiguous free memory each: on a host that has run for a while the kernel often finds fewer. Reserving them at boot (kernel command line hugepagesz=1G hugepages=N) is reliable.")));
    if (change.total > 0 && !mountFor(ctx.pages, change.sizeKiB))
        findings.push(warning(format(
            _("No hugetlbfs of $0 pages is mounted: QEMU cannot take these pages until one is (and libvirtd is restarted to find it)."),
            formatSize(change.sizeKiB))));
    const waiting = users.filter(u => !u.running);
    const need = waiting.reduce((sum, u) => sum + u.pages, 0);
    if (change.total < pool.total && waiting.length > 0 && change.total - inUse < need)
        findings.push(warning(format(
            _("$0 need $1 pages of this size to start; after this change the pool has $2 free."),
            vmList(waiting), need, Math.max(0, change.total - inUse))));
    return findings;
}

function poolStep(node: number, sizeKiB: KiB, total: number, uri: string | undefined): HostStep {
    const virsh = uri ? `virsh -c ${uri}` : "virsh";
    return {
        command: "allocpages",
        virsh: `${virsh} allocpages --pagesize ${sizeKiB}KiB --cellno ${node} ${total}`,
        description: format(_("Set the pool of $0 pages on host node $1 to $2 pages ($3)"),
            formatSize(sizeKiB), node, total, formatSize(total * sizeKiB)),
        write: { kind: "sysfs", path: nrHugepagesPath(node, sizeKiB), value: String(total) },
    };
}

/** The plan for the wanted pool sizes: one step per pool that changes, each undone by its old size. */
export function planHugePages(changes: readonly PoolChange[], ctx: PoolContext): HostPlan {
    const refusals: Finding[] = [];
    const steps: HostStep[] = [];
    for (const change of changes) {
        const findings = poolFindings(change, ctx);
        refusals.push(...findings);
        const pool = poolOf(ctx.pages, change.node, change.sizeKiB);
        if (!pool || findings.some(f => f.severity === "error") || pool.total === change.total)
            continue;
        steps.push({ ...poolStep(change.node, change.sizeKiB, change.total, ctx.uri),
            inverse: poolStep(change.node, change.sizeKiB, pool.total, ctx.uri) });
    }
    return { steps, refusals };
}
