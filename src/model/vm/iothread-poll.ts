// IOThread polling as GetStats' IOTHREAD group reports it (iothread.<id>.poll-max-ns / poll-grow /
// poll-shrink): the only place libvirt 9.0 shows it, since no definition holds it.
import type { IothreadPoll } from "../types.ts";

const KEY = /^iothread\.(\d+)\.(poll-max-ns|poll-grow|poll-shrink)$/;

/** The polling of each IOThread in a flat GetStats record, by id; an IOThread missing a key is left out. */
export function iothreadPollFromStats(record: Readonly<Record<string, unknown>>): IothreadPoll[] {
    const found = new Map<number, Partial<IothreadPoll>>();
    for (const [key, value] of Object.entries(record)) {
        const m = KEY.exec(key);
        if (m === null || typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
            continue;
        const id = Number(m[1]);
        const entry = found.get(id) ?? { id };
        if (m[2] === "poll-max-ns") entry.maxNs = value;
        else if (m[2] === "poll-grow") entry.grow = value;
        else entry.shrink = value;
        found.set(id, entry);
    }
    return [...found.values()]
        .filter((p): p is IothreadPoll => p.maxNs !== undefined && p.grow !== undefined && p.shrink !== undefined)
        .sort((a, b) => a.id - b.id);
}
