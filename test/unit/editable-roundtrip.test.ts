// Every value prefilled in an editable field parses back to exactly what libvirt holds (issue 12,
// finding 4), and count fields take plain decimal integers only (finding 11): an unedited field
// never changes a VM.
import QUnit from "qunit";
import fc from "fast-check";
import { formatExactSize, MAX_KIB, parseSize } from "../../src/model/values/units.ts";
import { exactSizeText, limitInputText } from "../../src/model/view/memory-view.ts";
import {
    parseIntegerField, parseSizeField, parseStatsPeriodField, parseTopologyFields, parseSchedulerField,
} from "../../src/model/rules/rules-fields.ts";
import { validateGuestCells } from "../../src/model/rules/rules-numa.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import type { RuleContext } from "../../src/model/rules/rules-driver.ts";
import { guestCellRows } from "../../src/model/view/cell-rows.ts";
import { PLAIN_XML, tuningOf } from "./support/tuning-fixture.ts";

const RUNS = 2000;
const KiB = 1, MiB = 1024, GiB = 1024 ** 2, TiB = 1024 ** 3;

function assertProperty<T>(assert: Assert, arb: fc.Arbitrary<T>, check: (value: T) => boolean | void): void {
    const details = fc.check(fc.property(arb, check), { numRuns: RUNS, seed: 12 });
    assert.false(details.failed, details.failed
        ? `counterexample ${JSON.stringify(details.counterexample)}: ${String(details.errorInstance)}`
        : `${details.numRuns} generated values`);
}

// every whole KiB up to MAX_KIB, biased toward what formatting could get wrong: exact multiples of
// each unit, a multiple plus a little (1 TiB + 5 GiB, 3 GiB + 1 KiB), odd and huge values
const kib = fc.oneof(
    fc.integer({ min: 0, max: MAX_KIB }),
    fc.nat(1 << 20),
    fc.tuple(fc.constantFrom(KiB, MiB, GiB, TiB, 1024 ** 4, 1024 ** 5), fc.nat(8191), fc.nat(3 * GiB))
        .map(([unit, n, extra]) => Math.min(MAX_KIB, n * unit + extra)),
    fc.tuple(fc.constantFrom(MiB, GiB, TiB), fc.nat(1024)).map(([unit, n]) => n * unit),
    fc.constantFrom(0, 1, 3149824, TiB + 5 * GiB, MAX_KIB, MAX_KIB - 1, 2 ** 52 + 1, 1023, 1025),
);

QUnit.module("editable fields round-trip exactly", () => {
    QUnit.test("the reported cases: 3149824 KiB and 1 TiB + 5 GiB stay what they are", assert => {
        assert.strictEqual(formatExactSize(3149824), "3076 MiB");
        assert.strictEqual(parseSize(formatExactSize(3149824)), 3149824);
        assert.strictEqual(formatExactSize(TiB + 5 * GiB), "1029 GiB");
        assert.strictEqual(parseSize(formatExactSize(TiB + 5 * GiB)), TiB + 5 * GiB);
        assert.strictEqual(formatExactSize(0), "0 KiB");
        assert.strictEqual(formatExactSize(2 * TiB), "2 TiB");
        assert.strictEqual(formatExactSize(1024 ** 5), "1 EiB");
        assert.strictEqual(formatExactSize(MAX_KIB), `${MAX_KIB} KiB`);
    });

    QUnit.test("sizes: parseSize(formatExactSize(v)) === v for every KiB value", assert => {
        assertProperty(assert, kib, v => parseSize(formatExactSize(v)) === v);
    });

    QUnit.test("sizes through the field parsers the cards use, whatever the default unit", assert => {
        assertProperty(assert, fc.tuple(kib, fc.constantFrom("KiB", "MiB", "GiB")), ([v, unit]) => {
            const r = parseSizeField("f", exactSizeText(v), { defaultUnit: unit });
            return r.ok && r.value === v;
        });
        assertProperty(assert, kib, v => {
            // memtune limits: "unlimited" for none, else the exact size
            const text = limitInputText(v);
            const r = parseSizeField("f", text, { unlimited: true, defaultUnit: "KiB" });
            return r.ok && r.value === (v >= MEMTUNE_UNLIMITED ? MEMTUNE_UNLIMITED : v);
        });
    });

    QUnit.test("guest NUMA cells: unedited rows keep their exact KiB", assert => {
        const cells = fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 1, maxLength: 4 });
        assertProperty(assert, cells, memories => {
            // the editor's own rows for a VM with these cells
            const vm = tuningOf(PLAIN_XML);
            vm.cpu.cells = memories.map((memory, id) => ({ id, cpus: String(id), memory, distances: [] }));
            const rows = guestCellRows(vm);
            const sum = memories.reduce((s, m) => s + m, 0);
            const ctx: RuleContext = { driver: "qemu", session: false, running: false, hostCpus: 8, hostNodes: [0], cgroup: "v2" };
            const r = validateGuestCells(rows, { maxVcpus: memories.length, topology: undefined, cells: [] }, ctx, "config", sum);
            return r.values.length === memories.length && r.values.every((c, i) => c.memory === memories[i]);
        });
    });

    QUnit.test("counts: every count shown (String(n)) parses back to n", assert => {
        assertProperty(assert, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), n => {
            const r = parseIntegerField("f", String(n), { required: true });
            return r.ok && r.value === n;
        });
        assertProperty(assert, fc.integer({ min: 1, max: 16384 }), n => {
            const r = parseTopologyFields({ sockets: String(n), dies: "1", cores: "1", threads: "1" });
            return r.topology?.sockets === n && r.findings.length === 0;
        });
        assertProperty(assert, fc.integer({ min: 0, max: 2147483647 }), n => {
            const r = parseStatsPeriodField(String(n));
            return r.ok && r.value === n;
        });
        // scheduler fields as SchedulerCard shows them: the number, "unlimited" for a negative quota
        assertProperty(assert, fc.integer({ min: 1000, max: 17592186044415 }), n => {
            const r = parseSchedulerField("quota", String(n), "v2");
            return r.ok && r.value === n;
        });
    });
});

QUnit.module("count fields: plain decimal integers only", () => {
    QUnit.test("topology refuses 0x2, 2e0, 2.0, +2, an empty field (with a reason, never 1), 0 and junk", assert => {
        for (const bad of ["0x2", "2e0", "2.0", "+2", "", " ", "0", "-1", "2 3", "٢", "１", "Infinity", "NaN", "99999999999999999999"]) {
            const r = parseTopologyFields({ sockets: bad, dies: "1", cores: "2", threads: "1" });
            assert.strictEqual(r.topology, undefined, `"${bad}": no topology`);
            assert.deepEqual(r.findings.map(f => [f.field, f.severity]), [["topology.sockets", "error"]], `"${bad}": an error on sockets`);
            assert.true((r.findings[0]?.message ?? "").length > 0, `"${bad}": with a reason: ${r.findings[0]?.message}`);
        }
        assert.deepEqual(parseTopologyFields({ sockets: " 2", dies: "1", cores: "4", threads: "2" }),
                         { topology: { sockets: 2, dies: 1, cores: 4, threads: 2 }, findings: [] }, "surrounding spaces are fine");
        const empty = parseTopologyFields({ sockets: "", dies: "", cores: "", threads: "" });
        assert.deepEqual(empty.findings.map(f => f.field), ["topology.sockets", "topology.dies", "topology.cores", "topology.threads"], "every empty field");
        assert.true(/required/.test(empty.findings[0]?.message ?? ""), "says a value is required");
    });

    QUnit.test("every integer field refuses a plus sign, hex, exponents and decimals", assert => {
        for (const bad of ["+2", "0x2", "2e0", "2.0", "0b1", "1_000"]) {
            assert.false(parseIntegerField("f", bad).ok, `integer: ${bad}`);
            assert.false(parseStatsPeriodField(bad).ok, `statistics period: ${bad}`);
            assert.false(parseSchedulerField("shares", bad, "v2").ok, `shares: ${bad}`);
            assert.false(parseSchedulerField("period", bad, "v2").ok, `period: ${bad}`);
        }
        assert.false(parseStatsPeriodField("").ok, "the statistics period is required");
        assert.false(parseStatsPeriodField("-1").ok, "negative period");
        assert.deepEqual(parseSchedulerField("quota", "-1", "v2"), { ok: true, value: -1 }, "a negative quota still means unlimited");
    });
});
