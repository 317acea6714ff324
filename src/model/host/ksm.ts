// KSM (kernel same-page merging): its settings and counters as libvirt's node memory parameters
// report them (shm_*), and whether ksmd runs, which only sysfs says (/sys/kernel/mm/ksm/run; libvirt
// has no parameter for it). Changing them is a plan: node-memory-tune for the settings, a sysfs
// write for `run`.
import type { Finding } from "../types.ts";
import { _, format } from "../i18n.ts";
import { formatSize } from "../values/units.ts";
import type { HostPlan, HostStep } from "./host-plan.ts";

export const KSM_RUN_PATH = "/sys/kernel/mm/ksm/run";

/** 0 stopped, 1 merging, 2 stopped after unmerging every shared page */
export type KsmRun = 0 | 1 | 2;

export interface KsmSettings {
    run: KsmRun;
    pagesToScan: number;
    sleepMillisecs: number;
    mergeAcrossNodes: boolean;
}

export interface KsmState extends KsmSettings {
    /** shared pages in use (each stands for several identical ones) */
    pagesShared: number;
    /** how many more pages are sharing them: roughly the 4 KiB pages saved */
    pagesSharing: number;
    pagesUnshared: number;
    pagesVolatile: number;
    fullScans: number;
}

/** libvirt's names (virNodeSetMemoryParameters) of the settings node-memory-tune can change */
export const SHM_PAGES_TO_SCAN = "shm_pages_to_scan";
export const SHM_SLEEP_MILLISECS = "shm_sleep_millisecs";
export const SHM_MERGE_ACROSS_NODES = "shm_merge_across_nodes";

const UINT_MAX = 4294967295;
const PAGE_KIB = 4;

/** The state from libvirt's parameters (unwrapped numbers) and the text of the run file; undefined
 *  when libvirt reports no KSM (a kernel without it). */
export function ksmState(params: Readonly<Record<string, number | undefined>>, runText: string): KsmState | undefined {
    const get = (name: string) => params[name];
    const toScan = get(SHM_PAGES_TO_SCAN), sleep = get(SHM_SLEEP_MILLISECS);
    if (toScan === undefined || sleep === undefined)
        return undefined;
    const run = Number(runText.trim());
    return {
        run: run === 1 || run === 2 ? run : 0,
        pagesToScan: toScan,
        sleepMillisecs: sleep,
        // a kernel without NUMA has no merge_across_nodes: merging is then across the one node
        mergeAcrossNodes: get(SHM_MERGE_ACROSS_NODES) !== 0,
        pagesShared: get("shm_pages_shared") ?? 0,
        pagesSharing: get("shm_pages_sharing") ?? 0,
        pagesUnshared: get("shm_pages_unshared") ?? 0,
        pagesVolatile: get("shm_pages_volatile") ?? 0,
        fullScans: get("shm_full_scans") ?? 0,
    };
}

/** Memory KSM saves now: every sharing page is one 4 KiB page not held twice. */
export function ksmSavedKiB(state: KsmState): number {
    return state.pagesSharing * PAGE_KIB;
}

export interface KsmContext {
    /** host NUMA nodes */
    hostNodes: number;
    /** VMs whose memory is bound to host nodes (numatune), by VM name → nodes */
    pinned: ReadonlyMap<string, readonly number[]>;
    /** virsh -c URI, when not the default connection */
    uri?: string | undefined;
}

function whole(value: number): boolean {
    return Number.isSafeInteger(value) && value >= 0 && value <= UINT_MAX;
}

/** Whether a change of merging across nodes matters here, in words: against NUMA pinning. */
export function mergeAcrossNodesExplained(state: KsmSettings, ctx: KsmContext): string {
    if (ctx.hostNodes <= 1)
        return _("This host has one NUMA node: merging across nodes changes nothing here.");
    const nodes = new Set<number>();
    for (const n of ctx.pinned.values()) n.forEach(x => nodes.add(x));
    const pinned = [...ctx.pinned.keys()].join(", ");
    if (!state.mergeAcrossNodes)
        return _("KSM merges only pages on the same node: a VM whose memory is pinned to a node keeps it there.");
    if (nodes.size > 1)
        return format(_("$0 have memory pinned to different host nodes, but KSM may merge their identical pages into one page on either node: a VM then reads that memory from a remote node, which is what pinning was meant to avoid. Turn merging across nodes off to keep merges within a node."), pinned);
    return _("KSM may merge identical pages of different nodes into one page on one node: a VM whose memory is pinned to a node may then read some of it from a remote node.");
}

export function ksmFindings(current: KsmState, wanted: KsmSettings, ctx: KsmContext): Finding[] {
    const findings: Finding[] = [];
    if (!whole(wanted.pagesToScan))
        findings.push({ field: "ksm-pages-to-scan", severity: "error", message: _("Pages to scan is a whole number from 0 to 4294967295.") });
    else if (wanted.pagesToScan === 0 && wanted.run === 1)
        findings.push({ field: "ksm-pages-to-scan", severity: "warning", message: _("With 0 pages to scan KSM runs but merges nothing.") });
    if (!whole(wanted.sleepMillisecs))
        findings.push({ field: "ksm-sleep", severity: "error", message: _("The pause between scans is a whole number of milliseconds from 0 to 4294967295.") });
    else if (wanted.sleepMillisecs < 10 && wanted.run === 1)
        findings.push({ field: "ksm-sleep", severity: "warning", message: _("A pause under 10 ms lets ksmd take most of a host CPU.") });
    if (wanted.mergeAcrossNodes !== current.mergeAcrossNodes && current.pagesShared > 0)
        findings.push({ field: "ksm-merge", severity: "warning", message: format(
            _("The kernel changes merging across nodes only when nothing is merged: the plan first unmerges every shared page (run = 2), which takes back about $0 of memory, then sets KSM running as chosen."),
            formatSize(ksmSavedKiB(current))) });
    if (wanted.mergeAcrossNodes && ctx.hostNodes > 1 && new Set([...ctx.pinned.values()].flat()).size > 1)
        findings.push({ field: "ksm-merge", severity: "warning", message: mergeAcrossNodesExplained(wanted, ctx) });
    if (wanted.run === 2 && current.pagesSharing > 0)
        findings.push({ field: "ksm-run", severity: "warning", message: format(
            _("Unmerging copies every shared page back: the host's memory use grows by about $0."), formatSize(ksmSavedKiB(current))) });
    return findings;
}

function virshOf(ctx: KsmContext): string {
    return ctx.uri ? `virsh -c ${ctx.uri}` : "virsh";
}

function runStep(run: KsmRun): HostStep {
    const what = run === 1 ? _("Start KSM merging") : run === 2 ? _("Stop KSM and unmerge every shared page") : _("Stop KSM (shared pages stay merged)");
    return {
        command: "ksm-run",
        virsh: `echo ${run} > ${KSM_RUN_PATH}`,
        description: format(_("$0 (run = $1)"), what, run),
        write: { kind: "sysfs", path: KSM_RUN_PATH, value: String(run) },
    };
}

const OPTION: Record<string, string> = {
    [SHM_PAGES_TO_SCAN]: "--shm-pages-to-scan",
    [SHM_SLEEP_MILLISECS]: "--shm-sleep-millisecs",
    [SHM_MERGE_ACROSS_NODES]: "--shm-merge-across-nodes",
};

function tuneStep(params: Record<string, number>, ctx: KsmContext): HostStep {
    const names = Object.keys(params);
    const parts = names.map(n => `${OPTION[n] ?? n} ${params[n]}`);
    const described = names.map(n => `${n} = ${params[n]}`).join(", ");
    return {
        command: "node-memory-tune",
        virsh: `${virshOf(ctx)} node-memory-tune ${parts.join(" ")}`,
        description: format(_("Set KSM's $0"), described),
        write: { kind: "node-memory", params },
    };
}

/**
 * The plan from the current state to the wanted settings: the scan settings in one node-memory-tune;
 * merging across nodes in its own, after unmerging (run = 2) when pages are merged or ksmd runs, since
 * the kernel refuses the change while anything is merged; then run as wanted.
 */
export function planKsm(current: KsmState, wanted: KsmSettings, ctx: KsmContext): HostPlan {
    const refusals = ksmFindings(current, wanted, ctx);
    if (refusals.some(f => f.severity === "error"))
        return { steps: [], refusals };
    const steps: HostStep[] = [];
    const scan: Record<string, number> = {};
    const scanBack: Record<string, number> = {};
    if (wanted.pagesToScan !== current.pagesToScan) {
        scan[SHM_PAGES_TO_SCAN] = wanted.pagesToScan;
        scanBack[SHM_PAGES_TO_SCAN] = current.pagesToScan;
    }
    if (wanted.sleepMillisecs !== current.sleepMillisecs) {
        scan[SHM_SLEEP_MILLISECS] = wanted.sleepMillisecs;
        scanBack[SHM_SLEEP_MILLISECS] = current.sleepMillisecs;
    }
    if (Object.keys(scan).length > 0)
        steps.push({ ...tuneStep(scan, ctx), inverse: tuneStep(scanBack, ctx) });
    let run = current.run;
    if (wanted.mergeAcrossNodes !== current.mergeAcrossNodes) {
        if (current.run === 1 || current.pagesShared > 0) {
            // undone by the run it had; the pages unmerged are merged again by ksmd in time
            steps.push({ ...runStep(2), inverse: runStep(current.run) });
            run = 2;
        }
        const merge = (on: boolean) => ({ [SHM_MERGE_ACROSS_NODES]: on ? 1 : 0 });
        steps.push({ ...tuneStep(merge(wanted.mergeAcrossNodes), ctx), inverse: tuneStep(merge(current.mergeAcrossNodes), ctx) });
    }
    if (wanted.run !== run)
        steps.push({ ...runStep(wanted.run), inverse: runStep(run) });
    return { steps, refusals };
}
