// Runs a plan: first the conflict check (re-read the VM; if anyone changed it, write nothing),
// then the steps in order; if step k fails, steps k-1…1 are undone in reverse order.
import type { Step } from "../model/types.ts";
import { diffTuning, diffValues } from "../model/diff.ts";
import { readTuning } from "../model/domain-xml.ts";
import { XML_INACTIVE } from "../model/flags.ts";
import type { Libvirt } from "./client.ts";
import type { DomainSnapshot } from "./domain.ts";
import { readDomain } from "./domain.ts";
import { CallError } from "./errors.ts";

export type ApplyOutcome =
    /** `adjusted`: what libvirt stored differently from a definition vmtune sent (dropped or normalised) */
    | { kind: "done"; snapshot: DomainSnapshot; adjusted: string[] }
    | { kind: "conflict"; changes: string[]; snapshot: DomainSnapshot }
    | { kind: "failed"; failedStep: Step; message: string; undone: Step[]; undoFailures: { step: Step; message: string }[] };

export type Progress = (index: number, step: Step, phase: "running" | "done" | "undoing") => void;

function message(error: unknown): string {
    return error instanceof CallError || error instanceof Error ? error.message : String(error);
}

/** Changes to the VM since `seen` was read; scheduler values count too (they are not all in the XML). */
export function changesSince(seen: DomainSnapshot, now: DomainSnapshot): string[] {
    const changes: string[] = [];
    if (seen.state !== now.state) changes.push(`state: ${seen.state} → ${now.state}`);
    changes.push(...diffTuning(seen.live, now.live, { ignoreVolatile: true }).map(c => `live ${c}`));
    changes.push(...diffTuning(seen.config, now.config).map(c => `next boot ${c}`));
    if (seen.active && now.active)
        changes.push(...diffValues(seen.sched, now.sched, "live scheduler"));
    return changes;
}

export async function applyPlan(libvirt: Libvirt, seen: DomainSnapshot, steps: Step[], progress: Progress = () => {}): Promise<ApplyOutcome> {
    const before = await readDomain(libvirt, seen.path, !seen.active);
    const changes = changesSince(seen, before);
    if (changes.length)
        return { kind: "conflict", changes, snapshot: before };

    const done: Step[] = [];
    const adjusted: string[] = [];
    for (const [index, step] of steps.entries()) {
        progress(index, step, "running");
        try {
            await libvirt.run(seen.path, step.call);
            done.push(step);
            if (step.command === "define")
                adjusted.push(...await definedAsSent(libvirt, seen.path, String(step.call.args[0])));
            progress(index, step, "done");
        } catch (error) {
            const undoFailures: { step: Step; message: string }[] = [];
            const undone: Step[] = [];
            for (const [i, doneStep] of [...done.entries()].reverse()) {
                if (!doneStep.inverse) continue;
                progress(i, doneStep, "undoing");
                try {
                    await libvirt.run(seen.path, doneStep.inverse.call);
                    undone.push(doneStep);
                } catch (undoError) {
                    undoFailures.push({ step: doneStep, message: message(undoError) });
                }
            }
            return { kind: "failed", failedStep: step, message: message(error), undone, undoFailures };
        }
    }
    return { kind: "done", snapshot: await readDomain(libvirt, seen.path, !seen.active), adjusted };
}

/** After a define, read the config back: libvirt silently drops or rewrites what it does not accept. */
async function definedAsSent(libvirt: Libvirt, path: string, sentXml: string): Promise<string[]> {
    try {
        const [stored] = await libvirt.domain(path, "GetXMLDesc", "u", [XML_INACTIVE]);
        return diffTuning(readTuning(sentXml), readTuning(String(stored)));
    } catch {
        return [];
    }
}
