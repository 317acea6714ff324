// The IOThreads card's draft as the planner's wish: ids to add (typed as a list), ids ticked for
// removal, a disk's IOThread for next boot, polling values. Parsing only; libvirt's rules (in use by a
// disk, virtio only, exists) are the planner's (plan-iothreads.ts), so the Review says them once.
import { _, format } from "../i18n.ts";
import type { Finding } from "../types.ts";
import { parseIntegerField } from "./rules-fields.ts";

/** poll-grow / poll-shrink are unsigned int in libvirt 9.0's typed parameters */
const MAX_FACTOR = 4294967295;
const MAX_ID = 4294967295;

export const POLL_FIELDS = ["maxNs", "grow", "shrink"] as const;
export type PollField = typeof POLL_FIELDS[number];

export interface IothreadDraft {
    /** "2, 4": IOThread ids to add */
    add: string;
    /** ids ticked for removal */
    del: number[];
    /** per disk target: "" = none, else an IOThread id; only disks the user changed */
    disks: Record<string, string>;
    /** per IOThread id, the polling fields the user changed */
    poll: Record<number, Partial<Record<PollField, string>>>;
}

export interface IothreadWish {
    iothreadsAdd?: number[];
    iothreadsDel?: number[];
    diskIothreads?: { target: string; iothread: number | null }[];
    iothreadPoll?: { id: number; maxNs?: number; grow?: number; shrink?: number }[];
}

function parseIds(text: string, findings: Finding[]): number[] {
    const words = text.split(/[\s,]+/).filter(w => w !== "");
    const ids: number[] = [];
    for (const word of words) {
        const r = parseIntegerField("iothread.add", word, { min: 1, max: MAX_ID });
        if (!r.ok)
            findings.push(r.finding);
        else if (r.value !== undefined && ids.includes(r.value))
            findings.push({ field: "iothread.add", severity: "error", message: format(_("IOThread $0 is listed twice"), r.value) });
        else if (r.value !== undefined)
            ids.push(r.value);
    }
    return ids;
}

/** The draft as planner input, with the findings of what does not parse. */
export function iothreadWish(draft: IothreadDraft): { wish: IothreadWish; findings: Finding[] } {
    const findings: Finding[] = [];
    const wish: IothreadWish = {};
    const add = parseIds(draft.add, findings);
    if (add.length > 0) wish.iothreadsAdd = add;
    if (draft.del.length > 0) wish.iothreadsDel = [...draft.del];
    const disks: NonNullable<IothreadWish["diskIothreads"]> = [];
    for (const [target, text] of Object.entries(draft.disks)) {
        if (text.trim() === "") {
            disks.push({ target, iothread: null });
            continue;
        }
        const r = parseIntegerField(`disk.${target}`, text, { min: 1, max: MAX_ID });
        if (!r.ok) findings.push(r.finding);
        else if (r.value !== undefined) disks.push({ target, iothread: r.value });
    }
    if (disks.length > 0) wish.diskIothreads = disks;
    const poll: NonNullable<IothreadWish["iothreadPoll"]> = [];
    for (const [idText, fields] of Object.entries(draft.poll)) {
        const id = Number(idText);
        const one: NonNullable<IothreadWish["iothreadPoll"]>[number] = { id };
        for (const key of POLL_FIELDS) {
            const text = fields[key];
            if (text === undefined)
                continue;
            const r = parseIntegerField(`iothread.${id}.${key}`, text, { min: 0, max: key === "maxNs" ? Number.MAX_SAFE_INTEGER : MAX_FACTOR, required: true });
            if (!r.ok) findings.push(r.finding);
            else if (r.value !== undefined) one[key] = r.value;
        }
        if (Object.keys(one).length > 1) poll.push(one);
    }
    if (poll.length > 0) wish.iothreadPoll = poll;
    return { wish, findings };
}
