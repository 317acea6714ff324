import QUnit from "qunit";
import fc from "fast-check";
import { holds } from "./support/holds.ts";
import {
    formatSize, fromKiB, integerToKiB, isUnit, KIB_PER_GIB, MAX_KIB, parseSize, sizeError, toKiB, unitBytes,
} from "../../src/model/values/units.ts";
import { sizeToKiB } from "../../src/model/domain/domain-schema.ts";

QUnit.module("units", () => {
    QUnit.test("toKiB agrees with libvirt 9.0.0 (<memory unit=…> read back in KiB)", assert => {
        // each row was checked by defining a test:///default domain with <memory unit='U'>V</memory>
        const table: [number, string, number][] = [
            [1000, "KB", 977], [999, "KB", 976], [1, "k", 1], [1, "KiB", 1], [1, "kib", 1], [1, "kIb", 1],
            [1, "Kb", 1], [1, "MB", 977], [1, "mb", 977], [1, "M", 1024], [1, "MiB", 1024], [3, "mib", 3072],
            [1, "GB", 976563], [1, "G", 1048576], [1, "GiB", 1048576], [1, "TB", 976562500], [1, "T", 1073741824],
            [1, "TiB", 1073741824], [1, "PB", 976562500000], [1, "P", 1099511627776], [1, "PiB", 1099511627776],
            [1, "E", 1125899906842624], [1, "b", 1], [1, "B", 1], [1, "byte", 1], [1, "bytes", 1], [1025, "b", 2],
            [1048577, "bytes", 1025],
        ];
        for (const [value, unit, kib] of table)
            assert.strictEqual(toKiB(value, unit), kib, `${value} ${unit}`);
        assert.strictEqual(toKiB(2048), 2048, "the default unit is KiB, like libvirt's XML");
        assert.strictEqual(toKiB(0, "GiB"), 0);
    });

    QUnit.test("toKiB: fractions round up exactly, bad input throws", assert => {
        assert.strictEqual(toKiB(1.5, "GiB"), 1572864);
        assert.strictEqual(toKiB(0.1, "MiB"), 103); // 102.4 KiB
        assert.strictEqual(toKiB(1.1, "KiB"), 2);
        assert.strictEqual(toKiB(0.3, "GiB"), 314573); // 314572.8
        assert.strictEqual(toKiB(1e-7, "GiB"), 1);
        assert.strictEqual(toKiB(0.5, "b"), 1);
        assert.throws(() => toKiB(1, "parsec"), /Unknown unit "parsec"/);
        assert.throws(() => toKiB(1, "KiBs"), /Unknown unit/);
        assert.throws(() => toKiB(1, ""), /Unknown unit/);
        assert.throws(() => toKiB(-1, "MiB"), /negative/);
        assert.throws(() => toKiB(NaN, "MiB"), /Invalid size/);
        assert.throws(() => toKiB(Infinity, "MiB"), /Invalid size/);
        assert.throws(() => toKiB(8, "E"), /too large/); // 2^53 KiB
        assert.strictEqual(toKiB(MAX_KIB, "KiB"), MAX_KIB);
        assert.throws(() => toKiB(1e20, "KiB"), /too large/);
    });

    QUnit.test("XML sizes are exact above 2^53 bytes (integerToKiB, sizeToKiB)", assert => {
        // Number("9007199254740993") is 9007199254740992: a float path would drop the last byte
        assert.strictEqual(integerToKiB("9007199254740993", "b"), 2 ** 43 + 1);
        assert.strictEqual(sizeToKiB("9007199254740993", "bytes"), 2 ** 43 + 1);
        assert.strictEqual(sizeToKiB("18014398509481985", "B"), 2 ** 44 + 1);
        assert.strictEqual(sizeToKiB("9007199254740991", null), MAX_KIB);
        assert.strictEqual(sizeToKiB(" +9007199254740991 ", ""), MAX_KIB);
        assert.strictEqual(sizeToKiB("1000000000000000001", "b"), 976562500000001); // 10^18 b is 976562500000000 KiB exactly
        assert.strictEqual(sizeToKiB("0", "EiB"), 0);
        // what cannot be a safe integer of KiB is refused, never rounded to a neighbour
        assert.throws(() => sizeToKiB("9007199254740992", "KiB"), /too large/);
        assert.throws(() => sizeToKiB("9223372036854775807", "b"), /too large/); // 2^53 KiB after rounding up
        assert.throws(() => sizeToKiB("8", "EiB"), /too large/);
        assert.throws(() => sizeToKiB("99999999999999999999999", "KiB"), /too large/);
        for (const bad of ["", " ", "-1", "1.5", "1e3", "0x10", "1 2", "١"])
            assert.throws(() => sizeToKiB(bad, "KiB"), /Invalid size/, JSON.stringify(bad));
        assert.throws(() => sizeToKiB("1", "parsec"), /Unknown unit/);
        // a number that is already past 2^53 is not the integer it was written as: toKiB refuses it
        assert.throws(() => toKiB(2 ** 60, "b"), /too large to be exact/);
        assert.strictEqual(toKiB(2 ** 53 - 1, "b"), 2 ** 43);
    });

    QUnit.test("property: integerToKiB is the exact ceiling of bytes / 1024", assert => {
        const units = ["b", "KiB", "KB", "MiB", "MB", "GiB", "TB", "PiB", "E"] as const;
        holds(assert, fc.property(fc.bigInt({ min: 0n, max: 2n ** 72n }), fc.constantFrom(...units), (n, unit) => {
            const exact = (n * (unitBytes(unit) as bigint) + 1023n) / 1024n;
            try {
                return BigInt(integerToKiB(String(n), unit)) === exact && exact <= BigInt(MAX_KIB);
            } catch (e) {
                return exact > BigInt(MAX_KIB) && e instanceof Error && /too large/.test(e.message);
            }
        }), { numRuns: 2000 });
    });

    QUnit.test("unit names", assert => {
        assert.strictEqual(unitBytes("KB"), 1000n);
        assert.strictEqual(unitBytes("KiB"), 1024n);
        assert.strictEqual(unitBytes("k"), 1024n);
        assert.strictEqual(unitBytes("gb"), 1000n ** 3n);
        assert.strictEqual(unitBytes("EiB"), 1024n ** 6n);
        for (const bad of ["", "x", "kibb", "kB2", "ki", "iB", "bb", "MiB ", "Z", "ZiB"])
            assert.false(isUnit(bad), JSON.stringify(bad));
        assert.strictEqual(fromKiB(1536, "MiB"), 1.5);
        assert.strictEqual(fromKiB(KIB_PER_GIB, "GiB"), 1);
        assert.strictEqual(fromKiB(1, "b"), 1024);
        assert.throws(() => fromKiB(1, "parsec"), /Unknown unit/);
    });

    QUnit.test("parseSize accepts what a user types", assert => {
        const table: [string, number][] = [
            ["512", 512 * 1024], // default MiB
            ["512 MiB", 512 * 1024], ["512MiB", 512 * 1024], [" 512  mib ", 512 * 1024], ["512M", 512 * 1024],
            ["1.5G", 1572864], ["1.5 GiB", 1572864], ["2GiB", 2097152], ["2 g", 2097152], [".5 GiB", 524288],
            ["1. GiB", 1048576], ["100 MB", 97657], ["4096 KiB", 4096], ["4096k", 4096], ["1 TiB", 1073741824],
            ["0", 0], ["0.1 MiB", 103], ["1024 b", 1], ["1 bytes", 1], ["007", 7 * 1024],
            ["1e", 1125899906842624], // "e" is libvirt's exbibyte
            ["8589934591 GiB", 8589934591 * KIB_PER_GIB], // 2^53 - 2^20 KiB, still exact
        ];
        for (const [text, kib] of table)
            assert.strictEqual(parseSize(text), kib, JSON.stringify(text));
        assert.strictEqual(parseSize("2048", "KiB"), 2048);
        assert.strictEqual(parseSize("2", "GiB"), 2097152);
    });

    QUnit.test("parseSize refuses with a message", assert => {
        const table: [string, RegExp][] = [
            ["", /Enter a size/], ["   ", /Enter a size/],
            ["12 parsecs", /Unknown unit "parsecs"/], ["12 KiB!", /Unknown unit "KiB!"/], ["5 ㎆", /Unknown unit/],
            ["-5", /negative/], ["-5 MiB", /negative/], ["−5", /negative/],
            ["1e20", /without an exponent/], ["1E3 MiB", /without an exponent/], ["1.5e3", /without an exponent/],
            ["abc", /not a size/], ["MiB", /not a size/], [".", /not a size/], ["1,5 GiB", /Unknown unit ",5 GiB"/],
            ["1.2.3", /Unknown unit/], ["0x10", /Unknown unit "x10"/], ["Infinity", /not a size/], ["NaN", /not a size/],
            ["100000000000000000000", /too large/], ["9007199254740992 KiB", /too large/], ["8 EiB", /too large/],
            ["８", /not a size/],
        ];
        for (const [text, re] of table) {
            const message = sizeError(text) ?? "accepted";
            assert.true(re.test(message), `${JSON.stringify(text)}: ${message}`);
        }
        assert.strictEqual(sizeError("9007199254740991 KiB"), undefined);
        assert.throws(() => parseSize("1", "parsec"), /Unknown unit "parsec"/);
    });

    QUnit.test("formatSize for humans", assert => {
        const table: [number, string][] = [
            [0, "0 KiB"], [1, "1 KiB"], [1000, "1000 KiB"], [1023, "1023 KiB"], [1024, "1 MiB"],
            [512 * 1024, "512 MiB"], [1536, "1.5 MiB"], [1572864, "1.5 GiB"], [2097152, "2 GiB"],
            [1048575, "1 GiB"], // 1023.999 MiB reads as 1 GiB, never "1024 MiB"
            [1073741824, "1 TiB"], [1099511627776, "1 PiB"], [MAX_KIB, "8 EiB"], [0.5, "0.5 KiB"], [-2048, "-2 MiB"],
            [1234567, "1.18 GiB"],
        ];
        for (const [kib, text] of table)
            assert.strictEqual(formatSize(kib), text, String(kib));
        assert.strictEqual(formatSize(NaN), "NaN");
    });

    QUnit.test("property: parseSize(formatSize(k)) stays within the display rounding, toKiB is exact for integers", assert => {
        holds(assert, fc.property(fc.nat({ max: 2 ** 50 }), kib => {
            const back = parseSize(formatSize(kib), "KiB");
            return Math.abs(back - kib) <= Math.max(1, kib * 0.005) && toKiB(kib, "KiB") === kib &&
                toKiB(kib, "b") === Math.ceil(kib / 1024);
        }), { numRuns: 500 });
        holds(assert, fc.property(fc.string({ maxLength: 20 }), fc.constantFrom("MiB", "KiB", "GiB"), (text, unit) => {
            try {
                const kib = parseSize(text, unit);
                return Number.isSafeInteger(kib) && kib >= 0;
            } catch (e) {
                return e instanceof Error && e.message.length > 0;
            }
        }), { numRuns: 1000 });
    });
});
