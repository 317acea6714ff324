// Runs a plan: first the conflict check (re-read the whole VM; if anyone changed it, write nothing),
// then the steps in order; if step k fails, steps k-1…1 are undone in reverse order, and the VM is
// read again and compared with what it was before: a next-boot definition that still differs is
// defined back as it was read, and whatever still differs after that is reported, never hidden.
import type { Step } from "../model/types.ts";
import { diffTuning } from "../model/domain/diff.ts";
import { readTuning } from "../model/domain/domain-xml.ts";
import { _, format } from "../model/i18n.ts";
import { canonicalXml } from "../model/domain/xml-compare.ts";
import { changesSince } from "../model/vm/changes.ts";
import type { Libvirt } from "./client.ts";
import type { Vm } from "../model/vm/vm.ts";
import { CONFIG_XML, readDomain } from "./domain.ts";
import { CallError } from "./errors.ts";

export type ApplyOutcome =
    /** `adjusted`: what libvirt stored differently from a definition vmtune sent (dropped or normalised) */
    | { kind: "done"; snapshot: Vm; adjusted: string[] }
    | { kind: "conflict"; changes: string[]; snapshot: Vm }
    | {
        kind: "failed"; failedStep: Step; message: string; undone: Step[]; undoFailures: { step: Step; message: string }[];
        /** the next-boot definition still differed after the undo steps and was defined back as it was */
        redefined: boolean;
        /** what still differs from the VM as it was before the apply (empty: exactly as before) */
        notRestored: string[];
        /** the VM as read after the undo (absent when it could not be read) */
        snapshot?: Vm | undefined;
    };

export type Progress = (index: number, step: Step, phase: "running" | "done" | "undoing") => void;

function message(error: unknown): string {
    return error instanceof CallError || error instanceof Error ? error.message : String(error);
}

export async function applyPlan(libvirt: Libvirt, seen: Vm, steps: Step[], progress: Progress = () => {}): Promise<ApplyOutcome> {
    // read in full, never on the word of an earlier listing: a VM started since the Review is a conflict
    const before = await readDomain(libvirt, seen.path);
    // a persistent VM whose next-boot definition cannot be read now cannot be checked: write nothing
    if (before.configError !== undefined)
        throw new Error(before.configError);
    const changes = changesSince(seen, before);
    if (changes.length)
        return { kind: "conflict", changes, snapshot: before };
    // No change at all since the Review (whole documents, canonically): a define step, built from
    // the next-boot XML read for the Review, is therefore the same as one built from `before` now.

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
            const { redefined, notRestored, after } = await restoreExactly(libvirt, before);
            return { kind: "failed", failedStep: step, message: message(error), undone, undoFailures, redefined, notRestored, snapshot: after };
        }
    }
    return { kind: "done", snapshot: await readDomain(libvirt, seen.path), adjusted };
}

function sameXml(a: string | undefined, b: string | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined && canonicalXml(a) === canonicalXml(b));
}

/**
 * After the undo steps: is the VM exactly as `before`? A next-boot definition that differs is defined
 * back from the XML read at apply start (secure, so nothing is lost); the live side cannot be
 * redefined, so what still differs there is returned, line by line.
 */
async function restoreExactly(libvirt: Libvirt, before: Vm): Promise<{ redefined: boolean; notRestored: string[]; after?: Vm }> {
    const read = () => readDomain(libvirt, before.path);
    try {
        let after = await read();
        let redefined = false;
        const extra: string[] = [];
        if (before.persistent && before.configXml !== undefined && !sameXml(before.configXml, after.configXml)) {
            try {
                await libvirt.connect("DomainDefineXML", "s", [before.configXml]);
                redefined = true;
            } catch (error) {
                extra.push(format(_("next boot: the definition could not be restored: $0"), message(error)));
            }
            after = await read();
        }
        return { redefined, notRestored: [...extra, ...changesSince(before, after)], after };
    } catch (error) {
        return { redefined: false, notRestored: [format(_("The VM could not be read again after the undo: $0"), message(error))] };
    }
}

/** After a define, read the config back: libvirt silently drops or rewrites what it does not accept. */
async function definedAsSent(libvirt: Libvirt, path: string, sentXml: string): Promise<string[]> {
    try {
        const [stored] = await libvirt.domain(path, "GetXMLDesc", "u", [CONFIG_XML]);
        return diffTuning(readTuning(sentXml), readTuning(String(stored)));
    } catch {
        return [];
    }
}
