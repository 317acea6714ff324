// <cputune>'s thread scheduling: <vcpusched vcpus=…>, <iothreadsched iothreads=…>, <emulatorsched>, each
// with scheduler='fifo|rr|batch|idle' and, for fifo and rr, a priority. editTuning writes them
// (writeThreadSched).
import type { Cputune, ThreadSched, TuningChange } from "../types.ts";
import { SCHED_POLICIES } from "../types.ts";
import { directChildren, firstChild } from "./xml-dom.ts";

function readOne(el: Element, idsAttr: string | undefined): ThreadSched | undefined {
    const scheduler = el.getAttribute("scheduler") ?? "";
    if (!(SCHED_POLICIES as readonly string[]).includes(scheduler))
        return undefined;
    const out: ThreadSched = { scheduler: scheduler as ThreadSched["scheduler"] };
    const ids = idsAttr === undefined ? null : el.getAttribute(idsAttr);
    if (ids !== null)
        out.ids = ids;
    const priority = el.getAttribute("priority");
    if (priority !== null && /^\s*\d+\s*$/.test(priority))
        out.priority = Number(priority);
    return out;
}

/** The three scheduling parts of <cputune>; entries with an unknown scheduler are left out. */
export function readThreadSched(root: Element): Pick<Cputune, "vcpusched" | "iothreadsched" | "emulatorsched"> {
    const cputune = firstChild(root, "cputune");
    if (cputune === undefined)
        return { vcpusched: [], iothreadsched: [] };
    const list = (name: string, ids: string) =>
        directChildren(cputune, name).map(el => readOne(el, ids)).filter((s): s is ThreadSched => s !== undefined);
    const emulator = firstChild(cputune, "emulatorsched");
    const emulatorsched = emulator === undefined ? undefined : readOne(emulator, undefined);
    return emulatorsched === undefined
        ? { vcpusched: list("vcpusched", "vcpus"), iothreadsched: list("iothreadsched", "iothreads") }
        : { vcpusched: list("vcpusched", "vcpus"), iothreadsched: list("iothreadsched", "iothreads"), emulatorsched };
}

type SchedChange = Pick<NonNullable<TuningChange["cputune"]>, "vcpusched" | "iothreadsched" | "emulatorsched">;

/** Writes a scheduling change (not yet supported: refused, never silently dropped). */
export function writeThreadSched(_root: Element, change: SchedChange): void {
    if (change.vcpusched !== undefined || change.iothreadsched !== undefined || change.emulatorsched !== undefined)
        throw new Error("thread scheduling edits are not implemented yet");
}
