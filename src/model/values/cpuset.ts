// libvirt's cpuset syntax ("0-3,^1,8") <-> sorted CPU ids <-> libvirt-dbus cpumaps (`ab`).
//
// parseCpuset accepts exactly the language of libvirt's virBitmapParse (src/util/virbitmap.c,
// checked against libvirt 9.0.0 by defining test-driver domains with each case in cpuset.test.ts):
//   list  := space* item (space* "," space* item)* space* ("," space*)?
//   item  := N | N space* "-" space* [+-]? N | "^" N          N := [0-9]+ (decimal, leading zeros allowed)
// Items apply left to right: "^1,0-3" contains 1, "0-3,^1" does not. `space` is libvirt's
// virSkipSpaces set, glib's g_ascii_isspace: space, \t, \n, \f, \r, and NOT \v. Quirks kept because
// libvirt has them: the end of a range goes through strtol, which skips C's isspace (with \v) and takes a
// sign, so "1-+3" is 1-3, "0--0" is 0 and "0-\v3" is 0-3; "^N" takes no range and no space after "^".
// The whitespace answers were probed through `virsh vcpupin` (XML cannot carry \v or \f).
// libvirt sizes domain bitmaps at VIR_DOMAIN_CPUMASK_LEN = 16384 bits and refuses any id (set or
// cleared) at or beyond it, so ids ≥ 16384 are refused here too; this also bounds the work per range.
import { _, format } from "../i18n.ts";

/** libvirt's VIR_DOMAIN_CPUMASK_LEN (libvirt ≥ 7.x): cpusets name CPUs 0 … 16383. */
export const CPUSET_MAX_CPUS = 16384;

/** libvirt 9.0's virSkipSpaces (g_ascii_isspace): ASCII whitespace without \v, no Unicode spaces. */
function isSpace(c: string | undefined): boolean {
    return c === " " || c === "\t" || c === "\n" || c === "\f" || c === "\r";
}

/** What strtol skips before a number: C's isspace in the C locale, which has \v. */
function isStrtolSpace(c: string | undefined): boolean {
    return isSpace(c) || c === "\v";
}

function isDigit(c: string | undefined): boolean {
    return c !== undefined && c.length === 1 && c >= "0" && c <= "9";
}

class Scanner {
    pos = 0;
    constructor(readonly text: string) {}

    peek(): string | undefined {
        return this.text[this.pos];
    }

    atEnd(): boolean {
        return this.pos >= this.text.length;
    }

    skipSpaces(skip: (c: string | undefined) => boolean = isSpace): void {
        while (skip(this.peek()))
            this.pos++;
    }

    /** Reads [0-9]+ at pos; the caller has checked there is at least one digit. */
    digits(): string {
        const from = this.pos;
        while (isDigit(this.peek()))
            this.pos++;
        return this.text.slice(from, this.pos);
    }

    /** The item that starts at `from`, up to the next comma, for error messages. */
    itemAt(from: number): string {
        const comma = this.text.indexOf(",", from);
        return this.text.slice(from, comma < 0 ? undefined : comma).replace(/^[ \t\n\f\r]+|[ \t\n\f\r]+$/g, "");
    }
}

/** A decimal digit string as a number, or Infinity when it exceeds libvirt's bitmap size. */
function digitsValue(digits: string): number {
    const significant = digits.replace(/^0+(?=\d)/, "");
    return significant.length > 6 ? Infinity : Number(significant);
}

function checkId(id: number, item: string, hostCpus: number | undefined): void {
    if (id >= CPUSET_MAX_CPUS)
        throw new Error(format(_("\"$0\": CPU numbers go up to $1 in libvirt"), item, CPUSET_MAX_CPUS - 1));
    if (hostCpus !== undefined && id >= hostCpus) {
        throw new Error(hostCpus > 0
            ? format(_("\"$0\": CPU $1 does not exist, this host has CPUs 0-$2"), item, id, hostCpus - 1)
            : format(_("\"$0\": this host has no CPUs"), item));
    }
}

function badItem(item: string): Error {
    return new Error(format(_("\"$0\" is not a CPU number, a range N-M or an exclusion ^N"), item));
}

/**
 * Parses libvirt's cpuset syntax into sorted unique CPU ids. Throws an Error naming the offending part
 * for anything libvirt's parser refuses, for ids ≥ 16384 (libvirt's limit) and, when hostCpus is given,
 * for ids ≥ hostCpus (also in ^N). An empty result ("0,^0") is returned as []: whether an empty set is
 * acceptable is the caller's rule (libvirt refuses it for pinning).
 */
export function parseCpuset(text: string, hostCpus?: number): number[] {
    const s = new Scanner(text);
    const cpus = new Set<number>();

    s.skipSpaces();
    if (s.atEnd())
        throw new Error(_("The CPU list is empty"));

    for (let first = true; !s.atEnd(); first = false) {
        const itemStart = s.pos;
        const item = s.itemAt(itemStart);
        let exclude = false;

        if (s.peek() === ",") {
            throw new Error(first
                ? format(_("\"$0\" starts with a comma"), text)
                : format(_("\"$0\" has an empty item between commas"), text));
        }
        if (s.peek() === "^") {
            exclude = true;
            s.pos++;
        }
        if (!isDigit(s.peek())) {
            if (s.peek() === "-" && isDigit(s.text[s.pos + 1]))
                throw new Error(format(_("\"$0\": CPU numbers cannot be negative"), item));
            throw badItem(item);
        }
        const start = digitsValue(s.digits());
        s.skipSpaces();

        if (s.atEnd() || s.peek() === ",") {
            checkId(start, item, hostCpus);
            if (exclude)
                cpus.delete(start);
            else
                cpus.add(start);
        } else if (s.peek() === "-") {
            if (exclude)
                throw new Error(format(_("\"$0\": an exclusion ^N takes a single CPU, not a range"), item));
            s.pos++;
            // virSkipSpaces, then strtol's own skipping (which also takes \v), then strtol's sign
            s.skipSpaces(isStrtolSpace);
            let negative = false;
            if (s.peek() === "+" || s.peek() === "-") {
                negative = s.peek() === "-";
                s.pos++;
            }
            if (!isDigit(s.peek()))
                throw new Error(format(_("\"$0\": the range has no end"), item));
            const lastAbs = digitsValue(s.digits());
            const last = negative ? -lastAbs : lastAbs;
            if (last < 0)
                throw new Error(format(_("\"$0\": CPU numbers cannot be negative"), item));
            if (last < start)
                throw new Error(format(_("\"$0\": the range ends before it starts"), item));
            checkId(last, item, hostCpus);
            for (let id = start; id <= last; id++)
                cpus.add(id);
            s.skipSpaces();
        }

        if (s.peek() === ",") {
            s.pos++;
            s.skipSpaces();
        } else if (!s.atEnd()) {
            throw badItem(item);
        }
    }

    return [...cpus].sort((a, b) => a - b);
}

/** The message parseCpuset would throw, or undefined when the text is valid. */
export function cpusetError(text: string, hostCpus?: number): string | undefined {
    try {
        parseCpuset(text, hostCpus);
        return undefined;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

function sortedUnique(cpus: Iterable<number>): number[] {
    const ids = [...new Set(cpus)];
    for (const id of ids) {
        if (!Number.isSafeInteger(id) || id < 0)
            throw new Error(format(_("Invalid CPU number $0"), String(id)));
    }
    return ids.sort((a, b) => a - b);
}

/**
 * The canonical cpuset text, like libvirt's virBitmapFormat: ascending, runs of two or more as N-M
 * ("0-3,8,10-11"). An empty set gives "" (which parseCpuset, like libvirt, refuses).
 */
export function formatCpuset(cpus: Iterable<number>): string {
    const ids = sortedUnique(cpus);
    const parts: string[] = [];
    let i = 0;
    while (i < ids.length) {
        const first = ids[i] as number;
        let last = first;
        while (i + 1 < ids.length && ids[i + 1] === last + 1) {
            i++;
            last++;
        }
        parts.push(first === last ? String(first) : `${first}-${last}`);
        i++;
    }
    return parts.join(",");
}

/** A libvirt-dbus cpumap (`ab`, indexed by host CPU) of hostCpus entries. Ids ≥ hostCpus throw. */
export function cpusetToMap(cpus: Iterable<number>, hostCpus: number): boolean[] {
    const map = new Array<boolean>(hostCpus).fill(false);
    for (const id of sortedUnique(cpus)) {
        if (id >= hostCpus)
            throw new Error(format(_("CPU $0 does not exist, this host has $1 CPUs"), id, hostCpus));
        map[id] = true;
    }
    return map;
}

/** The CPU ids set in a libvirt-dbus cpumap; entries past the end of a short map count as false. */
export function mapToCpus(map: readonly boolean[]): number[] {
    const cpus: number[] = [];
    map.forEach((set, id) => {
        if (set)
            cpus.push(id);
    });
    return cpus;
}
