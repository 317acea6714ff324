// Runs a host plan (hugepage pools, KSM) with the VM plans' standard: first read the host again and
// stop if anything the plan writes changed since the Review (nothing written); then the steps in
// order; if one fails, the earlier ones are undone in reverse and the host read again, and what still
// differs from before is said. After success everything written is read back: the kernel may give
// fewer huge pages than asked, and that is the outcome's to say, not hidden.
import type { HostStep } from "../model/host/host-plan.ts";
import type { HostReading, ValueDifference } from "../model/host/host-values.ts";
import { differences, valuesAfter, valuesBefore } from "../model/host/host-values.ts";
import type { Libvirt } from "../libvirt/client.ts";
import { setNodeMemoryParameters } from "../libvirt/node-memory.ts";
import { readHostHugePages } from "./hugepages.ts";
import { readKsm } from "./ksm.ts";
import { writeSysfs } from "./sysfs.ts";

export type HostApplyOutcome =
    /** `short`: what reads back otherwise than written (the kernel gave fewer pages) */
    | { kind: "done"; reading: HostReading; short: ValueDifference[] }
    | { kind: "conflict"; changes: ValueDifference[]; reading: HostReading }
    | {
        kind: "failed"; failedStep: HostStep; message: string; undone: HostStep[];
        undoFailures: { step: HostStep; message: string }[];
        /** what still differs from before the apply (empty: exactly as before) */
        notRestored: ValueDifference[];
        reading?: HostReading | undefined;
    };

export type HostProgress = (index: number, phase: "running" | "done" | "undoing") => void;

function message(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

/** Reads what the steps touch: the pools when any step writes sysfs pools, KSM when any step is KSM's. */
export async function readHost(libvirt: Libvirt, steps: readonly HostStep[]): Promise<HostReading> {
    const pages = steps.some(s => s.command === "allocpages");
    const ksm = steps.some(s => s.command !== "allocpages");
    const [p, k] = await Promise.all([
        pages ? readHostHugePages() : Promise.resolve(undefined),
        ksm ? readKsm(libvirt) : Promise.resolve(undefined),
    ]);
    return { pages: p, ksm: k };
}

async function write(libvirt: Libvirt, step: HostStep): Promise<void> {
    if (step.write.kind === "sysfs")
        await writeSysfs(step.write.path, step.write.value);
    else
        await setNodeMemoryParameters(libvirt, step.write.params);
}

export async function applyHostPlan(libvirt: Libvirt, seen: HostReading, steps: HostStep[], progress: HostProgress = () => {}): Promise<HostApplyOutcome> {
    const expected = valuesBefore(steps, seen);
    const before = await readHost(libvirt, steps);
    const changes = differences(expected, before);
    if (changes.length)
        return { kind: "conflict", changes, reading: before };
    const done: HostStep[] = [];
    for (const [index, step] of steps.entries()) {
        progress(index, "running");
        try {
            await write(libvirt, step);
            done.push(step);
            progress(index, "done");
        } catch (error) {
            const undone: HostStep[] = [];
            const undoFailures: { step: HostStep; message: string }[] = [];
            for (const [i, d] of [...done.entries()].reverse()) {
                if (!d.inverse) continue;
                progress(i, "undoing");
                try {
                    await write(libvirt, d.inverse);
                    undone.push(d);
                } catch (undoError) {
                    undoFailures.push({ step: d, message: message(undoError) });
                }
            }
            let reading: HostReading | undefined;
            let notRestored: ValueDifference[];
            try {
                reading = await readHost(libvirt, steps);
                notRestored = differences(expected, reading);
            } catch (readError) {
                notRestored = [...expected.keys()].map(target => ({ target, expected: expected.get(target) ?? 0, found: undefined }));
                undoFailures.push({ step, message: message(readError) });
            }
            return { kind: "failed", failedStep: step, message: message(error), undone, undoFailures, notRestored, reading };
        }
    }
    const reading = await readHost(libvirt, steps);
    return { kind: "done", reading, short: differences(valuesAfter(steps), reading) };
}
