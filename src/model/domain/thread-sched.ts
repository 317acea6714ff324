// <cputune>'s thread scheduling: <vcpusched vcpus=…>, <iothreadsched iothreads=…>, <emulatorsched>, each
// with scheduler='fifo|rr|batch|idle' and, for fifo and rr, a priority. editTuning writes them
// (writeThreadSched) with minimal edits: list items are matched by their id set (the cpuset they name,
// however it is spelt), so an item that stays keeps its place, its spelling and its unknown attributes.
import type { Cputune, ThreadSched, TuningChange } from "../types.ts";
import { SCHED_POLICIES } from "../types.ts";
import { _, format } from "../i18n.ts";
import { formatCpuset, parseCpuset } from "../values/cpuset.ts";
import { childOrder } from "./domain-schema.ts";
import { createChild, directChildren, ensurePath, firstChild, insertIndented, pruneEmpty, removeNode, setAttr } from "./xml-dom.ts";

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

const REALTIME = ["fifo", "rr"];

/** An id set in one spelling ("0-1" and "0,1" are the same key); unparsable text is its own key. */
function idsKey(text: string | null | undefined): string {
    if (text === null || text === undefined)
        return "";
    try {
        return formatCpuset(parseCpuset(text));
    } catch {
        return `?${text.trim()}`;
    }
}

/** libvirt's parser refuses these (virDomainSchedulerParse): said here, before a define is built. */
function checkEntry(s: ThreadSched, element: string, idsAttr: string | undefined): void {
    if (!(SCHED_POLICIES as readonly string[]).includes(s.scheduler))
        throw new Error(format(_("Unknown scheduler \"$0\" in <$1>: choose fifo, rr, batch or idle"), String(s.scheduler), element));
    if (idsAttr !== undefined && (s.ids === undefined || s.ids.trim() === ""))
        throw new Error(format(_("<$0> needs its $1 attribute: libvirt does not apply it to all of them"), element, idsAttr));
    if (REALTIME.includes(s.scheduler)) {
        if (s.priority === undefined || !Number.isSafeInteger(s.priority) || s.priority < 0)
            throw new Error(format(_("The $0 scheduler in <$1> needs a priority"), s.scheduler, element));
    }
}

/** Scheduler and priority into an element (a priority only for fifo and rr, as libvirt formats it). */
function writeAttrs(el: Element, s: ThreadSched): void {
    if (el.getAttribute("scheduler") !== s.scheduler)
        el.setAttribute("scheduler", s.scheduler);
    const priority = REALTIME.includes(s.scheduler) ? String(s.priority) : null;
    if ((el.getAttribute("priority")?.trim() ?? null) !== priority)
        setAttr(el, "priority", priority);
}

/** Replaces one list: kept items in place (by id set), gone ones removed, new ones after the last of the list. */
function writeSchedList(root: Element, name: string, idsAttr: string, wanted: readonly ThreadSched[]): void {
    const keys = new Set<string>();
    for (const s of wanted) {
        checkEntry(s, name, idsAttr);
        const key = idsKey(s.ids);
        if (keys.has(key))
            throw new Error(format(_("Two <$0> name the same $1 $2"), name, idsAttr, s.ids ?? ""));
        keys.add(key);
    }
    const found = firstChild(root, "cputune");
    if (wanted.length === 0) {
        if (found === undefined)
            return;
        directChildren(found, name).forEach(el => removeNode(el));
        pruneEmpty(found);
        return;
    }
    const cputune = found ?? ensurePath(root, ["cputune"], childOrder);
    const byKey = new Map<string, Element>();
    for (const el of directChildren(cputune, name)) {
        const key = idsKey(el.getAttribute(idsAttr));
        if (!keys.has(key) || byKey.has(key))
            removeNode(el);
        else
            byKey.set(key, el);
    }
    for (const s of wanted) {
        let el = byKey.get(idsKey(s.ids));
        if (el === undefined) {
            const same = directChildren(cputune, name);
            const last = same[same.length - 1];
            if (last !== undefined) {
                el = cputune.ownerDocument.createElement(name);
                insertIndented(cputune, el, nextElement(last));
            } else {
                // the first of its kind: where libvirt's formatter puts it
                el = createChild(cputune, name, childOrder(["cputune"]));
            }
            el.setAttribute(idsAttr, s.ids ?? "");
        }
        writeAttrs(el, s);
    }
}

function nextElement(el: Element): Element | null {
    for (let n = el.nextSibling; n !== null; n = n.nextSibling) {
        if (n.nodeType === 1)
            return n as Element;
    }
    return null;
}

function writeEmulatorSched(root: Element, wanted: ThreadSched | null): void {
    const found = firstChild(root, "cputune");
    const el = found === undefined ? undefined : firstChild(found, "emulatorsched");
    if (wanted === null) {
        if (el !== undefined && found !== undefined) {
            removeNode(el);
            pruneEmpty(found);
        }
        return;
    }
    checkEntry(wanted, "emulatorsched", undefined);
    const target = el ?? createChild(found ?? ensurePath(root, ["cputune"], childOrder), "emulatorsched", childOrder(["cputune"]));
    writeAttrs(target, wanted);
}

/** Writes a scheduling change: each list named replaces the current one; emulatorsched null removes it. */
export function writeThreadSched(root: Element, change: SchedChange): void {
    if (change.vcpusched !== undefined)
        writeSchedList(root, "vcpusched", "vcpus", change.vcpusched);
    if (change.iothreadsched !== undefined)
        writeSchedList(root, "iothreadsched", "iothreads", change.iothreadsched);
    if (change.emulatorsched !== undefined)
        writeEmulatorSched(root, change.emulatorsched);
}
