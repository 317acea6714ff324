import QUnit from "qunit";
import fc from "fast-check";
import { holds } from "./support/holds.ts";
import {
    CPUSET_MAX_CPUS, cpusetError, cpusetToMap, formatCpuset, mapToCpus, parseCpuset,
} from "../../src/model/values/cpuset.ts";

// Fixtures are read at run time from the repository (the bundle lives in build/unit/). node:fs is
// imported by a non-literal name because the project has no @types/node (and QUnit's CLI loads the
// bundles with require(), which forbids top-level await).
interface Fs { readFile(path: URL, encoding: "utf8"): Promise<string> }
const fsModule = "node:fs/promises";
async function fixture(name: string): Promise<string> {
    const fs = await import(fsModule) as Fs;
    return fs.readFile(new URL(`../../test/unit/fixtures/${name}`, import.meta.url), "utf8");
}

function throws(text: string, hostCpus?: number): string {
    try {
        parseCpuset(text, hostCpus);
    } catch (e) {
        if (!(e instanceof Error))
            throw new Error(`non-Error thrown for ${JSON.stringify(text)}`);
        return e.message;
    }
    throw new Error(`${JSON.stringify(text)} was accepted`);
}

QUnit.module("cpuset", () => {
    QUnit.test("accepted syntax, checked against libvirt 9.0.0", assert => {
        const table: [string, number[]][] = [
            ["0", [0]],
            ["0-3", [0, 1, 2, 3]],
            ["0-3,8,10-11", [0, 1, 2, 3, 8, 10, 11]],
            ["0-3,^1", [0, 2, 3]],
            ["^1,0-3", [0, 1, 2, 3]], // items apply left to right
            ["1-3,^2,2", [1, 2, 3]],
            ["0-3,^1,^2", [0, 3]],
            [" 1 , 2 ", [1, 2]],
            ["1 - 3", [1, 2, 3]],
            ["1\t,2", [1, 2]],
            ["\t0-1\n", [0, 1]],
            ["0-1 ,\r2", [0, 1, 2]],
            ["1,", [1]], // trailing comma
            ["1, ", [1]],
            ["1 ,", [1]],
            ["007", [7]],
            ["00000000000000000001", [1]],
            ["1-00000000000000000003", [1, 2, 3]],
            ["1-+3", [1, 2, 3]], // strtol reads the end of a range: a sign is allowed there
            ["0--0", [0]],
            ["0- -0", [0]],
            ["0-0", [0]],
            ["3,1,2,1", [1, 2, 3]],
            ["0-3,^4", [0, 1, 2, 3]],
            ["16383", [16383]],
            ["0,^0", []], // empty is legal for the parser; libvirt's domain code refuses it later
            ["1,^1", []],
        ];
        for (const [text, cpus] of table)
            assert.deepEqual(parseCpuset(text), cpus, JSON.stringify(text));
        assert.strictEqual(parseCpuset("0-16383").length, CPUSET_MAX_CPUS);
    });

    QUnit.test("refused syntax names the offending part", assert => {
        const table: [string, string][] = [
            ["", "empty"],
            ["   ", "empty"],
            [",1", "starts with a comma"],
            [",", "starts with a comma"],
            ["1,,2", "empty item"],
            ["1, ,2", "empty item"],
            ["3-1", "\"3-1\""],
            ["1-", "\"1-\""],
            ["0-3,5-", "\"5-\""],
            ["^1-3", "\"^1-3\""],
            ["a", "\"a\""],
            ["0-3,x", "\"x\""],
            ["-1", "negative"],
            ["1--1", "negative"],
            ["1-2-3", "\"1-2-3\""],
            ["^ 1", "\"^ 1\""],
            ["^", "\"^\""],
            ["^^1", "\"^^1\""],
            ["1 2", "\"1 2\""],
            ["1;2", "\"1;2\""],
            ["0x1", "\"0x1\""],
            ["1.0", "\"1.0\""],
            ["+1", "\"+1\""],
            ["1-^2", "\"1-^2\""],
            ["1^2", "\"1^2\""],
            ["1-+0", "\"1-+0\""],
            ["0-- 0", "\"0-- 0\""], // strtol: no space between the sign and the digits
            ["１", "\"１\""], // fullwidth digit: C's isdigit is ASCII only
            ["1\u00a0,2", "\"1\u00a0\""], // no-break space: C's isspace is ASCII only
            ["16384", "16383"],
            ["^16384", "16383"],
            ["0-16384", "16383"],
            ["2147483648", "16383"],
            ["99999999999999999999999", "16383"],
        ];
        for (const [text, part] of table) {
            const message = throws(text);
            assert.true(message.includes(part), `${JSON.stringify(text)}: ${message}`);
        }
    });

    QUnit.test("hostCpus bounds every id, also in ^N and ranges", assert => {
        assert.deepEqual(parseCpuset("0-3", 4), [0, 1, 2, 3]);
        assert.true(throws("4", 4).includes("CPUs 0-3"));
        assert.true(throws("0-4", 4).includes("\"0-4\""));
        assert.true(throws("0-3,^4", 4).includes("\"^4\""));
        assert.true(throws("0", 0).includes("no CPUs"));
        assert.strictEqual(cpusetError("0-3", 4), undefined);
        assert.true(cpusetError("0-3", 2)?.includes("CPU 3 does not exist"));
        assert.true(cpusetError("")?.includes("empty"));
    });

    QUnit.test("whitespace is libvirt's: \\v only where strtol reads a range's end", assert => {
        // libvirt 9.0's virSkipSpaces is g_ascii_isspace (no \v); strtol skips C's isspace (with \v)
        for (const c of [" ", "\t", "\n", "\f", "\r"]) {
            assert.deepEqual(parseCpuset(`${c}0${c}-${c}2${c},${c}5${c}`), [0, 1, 2, 5], JSON.stringify(c));
            assert.notStrictEqual(cpusetError(`^${c}1`), undefined, `no space after ^: ${JSON.stringify(c)}`);
        }
        for (const text of ["\v1", "1\v", "0\v-3", "0\v,2", "0,\v2", "0-3,^1\v", "\v\v2", "0-+\v3"])
            assert.notStrictEqual(cpusetError(text), undefined, JSON.stringify(text));
        assert.deepEqual(parseCpuset("0-\v3"), [0, 1, 2, 3]);
        assert.deepEqual(parseCpuset("0- \v+3"), [0, 1, 2, 3]);
        for (const c of ["\x1c", "\x1f", "\u00a0", "\u0085", "\u2003"]) {
            assert.notStrictEqual(cpusetError(`${c}1`), undefined, JSON.stringify(c));
            assert.notStrictEqual(cpusetError(`0-${c}3`), undefined, JSON.stringify(c));
        }
    });

    QUnit.test("agrees with libvirt 9.0.0 on every probed string (as XML, and through virsh vcpupin)", async assert => {
        // made by fixtures/cpuset/probe-libvirt.mjs: real virBitmapParse answers through virsh
        const oracle = JSON.parse(await fixture("cpuset/libvirt-9.0.0.json")) as {
            cases: { text: string; libvirt: "ok" | "empty" | "refused"; cpuset?: string }[];
        };
        assert.true(oracle.cases.length > 900);
        assert.true(oracle.cases.some(c => c.text.includes("\v")), "the probe asked libvirt about \\v");
        let disagreements = 0;
        for (const c of oracle.cases) {
            const error = cpusetError(c.text);
            const ours = error === undefined ? parseCpuset(c.text) : undefined;
            const expected = c.libvirt === "refused" ? "refused" : c.libvirt === "empty" ? "" : c.cpuset;
            const got = ours === undefined ? "refused" : formatCpuset(ours);
            if (got !== expected) {
                disagreements++;
                assert.strictEqual(got, expected, `${JSON.stringify(c.text)} (${error ?? "accepted"})`);
            }
        }
        assert.strictEqual(disagreements, 0, "no disagreement with libvirt");
    });

    QUnit.test("formatCpuset gives libvirt's canonical form", assert => {
        assert.strictEqual(formatCpuset([0, 1, 2, 3, 8, 10, 11]), "0-3,8,10-11");
        assert.strictEqual(formatCpuset([11, 10, 3, 2, 8, 1, 0, 3]), "0-3,8,10-11");
        assert.strictEqual(formatCpuset(new Set([5])), "5");
        assert.strictEqual(formatCpuset([4, 5]), "4-5");
        assert.strictEqual(formatCpuset([]), "");
        assert.throws(() => formatCpuset([-1]), Error);
        assert.throws(() => formatCpuset([1.5]), Error);
        assert.throws(() => formatCpuset([NaN]), Error);
    });

    QUnit.test("cpumaps", assert => {
        assert.deepEqual(cpusetToMap([0, 2], 4), [true, false, true, false]);
        assert.deepEqual(cpusetToMap([], 2), [false, false]);
        assert.throws(() => cpusetToMap([4], 4), /CPU 4 does not exist/);
        assert.deepEqual(mapToCpus([true, false, true, false]), [0, 2]);
        assert.deepEqual(mapToCpus([false, true]), [1]); // a short map: the rest is false
        assert.deepEqual(mapToCpus([]), []);
        assert.deepEqual(mapToCpus(cpusetToMap(parseCpuset("0-3,^1,7"), 8)), [0, 2, 3, 7]);
    });

    const cpuSet = fc.uniqueArray(fc.integer({ min: 0, max: CPUSET_MAX_CPUS - 1 }), { minLength: 1, maxLength: 300 });
    const sorted = (ids: number[]): number[] => [...ids].sort((a, b) => a - b);

    QUnit.test("property: format then parse is the sorted set", assert => {
        holds(assert, fc.property(cpuSet, ids => {
            const text = formatCpuset(ids);
            return JSON.stringify(parseCpuset(text)) === JSON.stringify(sorted(ids)) &&
                formatCpuset(parseCpuset(text)) === text;
        }), { numRuns: 300 });
    });

    QUnit.test("property: cpumap round trip", assert => {
        holds(assert, fc.property(cpuSet, fc.nat(64), (ids, extra) => {
            const host = Math.max(...ids) + 1 + extra;
            const map = cpusetToMap(ids, host);
            return map.length === host && JSON.stringify(mapToCpus(map)) === JSON.stringify(sorted(ids));
        }), { numRuns: 200 });
    });

    QUnit.test("property: any string either parses to sorted unique ids that round-trip, or throws an Error", assert => {
        const alphabet = fc.constantFrom("0", "1", "2", "3", "7", "9", "^", "-", "+", ",", " ", "\t", "a", "\u00a0", "１");
        const nearValid = fc.array(alphabet, { maxLength: 16 }).map(chars => chars.join(""));
        const wild = fc.string({ maxLength: 24, unit: "binary" });
        holds(assert, fc.property(fc.oneof(nearValid, wild), fc.option(fc.nat(64), { nil: undefined }), (text, host) => {
            let ids: number[];
            try {
                ids = parseCpuset(text, host);
            } catch (e) {
                return e instanceof Error && e.message.length > 0 && cpusetError(text, host) === e.message;
            }
            const ok = ids.every((id, i) => Number.isInteger(id) && id >= 0 && (i === 0 || id > (ids[i - 1] as number))) &&
                ids.every(id => host === undefined || id < host);
            return ok && (ids.length === 0 || JSON.stringify(parseCpuset(formatCpuset(ids), host)) === JSON.stringify(ids));
        }), { numRuns: 2000 });
    });

    QUnit.test("property: random valid lists parse like a reference set evaluation", assert => {
        const item = fc.oneof(
            fc.nat(40).map(n => ({ text: String(n), apply: (s: Set<number>) => { s.add(n) } })),
            fc.tuple(fc.nat(40), fc.nat(10)).map(([a, d]) => ({
                text: `${a}-${a + d}`,
                apply: (s: Set<number>) => { for (let i = a; i <= a + d; i++) s.add(i) },
            })),
            fc.nat(40).map(n => ({ text: `^${n}`, apply: (s: Set<number>) => { s.delete(n) } })),
        );
        const space = fc.constantFrom("", "", " ", "\t");
        holds(assert, fc.property(fc.array(fc.tuple(space, item, space), { minLength: 1, maxLength: 8 }), fc.boolean(),
            (items, trailingComma) => {
                const text = items.map(([a, it, b]) => a + it.text + b).join(",") + (trailingComma ? "," : "");
                const reference = new Set<number>();
                for (const [, it] of items)
                    it.apply(reference);
                return JSON.stringify(parseCpuset(text)) === JSON.stringify(sorted([...reference]));
            }), { numRuns: 500 });
    });
});
