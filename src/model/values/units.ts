// Memory sizes: libvirt's unit names -> KiB, user input -> KiB, KiB -> text for humans.
//
// Unit names follow libvirt's virScaleInteger (src/util/virutil.c), case-insensitively, as
// formatdomain.html documents them for <memory unit=…>:
//   "b", "byte", "bytes"                 1 byte
//   "k" "KiB"  "m" "MiB"  "g" "GiB"  "t" "TiB"  "p" "PiB"  "e" "EiB"      powers of 1024
//   "KB" "MB" "GB" "TB" "PB" "EB"                                          powers of 1000
// so "KB" is 1000 bytes while "k" and "KiB" are 1024. libvirt stores memory in KiB and rounds a value
// that is not a whole number of KiB *up* (virDomainParseMemory: VIR_DIV_UP(bytes, 1024)); toKiB and
// parseSize do the same, exactly (integer arithmetic on the decimal digits, no floating-point error).
// Results are capped at 2^53-1 KiB (Number.MAX_SAFE_INTEGER, which is also libvirt's "unlimited"
// for memtune): larger sizes are refused rather than silently losing precision.
import { _, format } from "../i18n.ts";
import type { KiB } from "../types.ts";

export const KIB_PER_MIB = 1024;
export const KIB_PER_GIB = 1024 * 1024;
export const KIB_PER_TIB = 1024 * 1024 * 1024;
/** The largest size these functions return, in KiB. */
export const MAX_KIB = Number.MAX_SAFE_INTEGER;

const PREFIXES = "kmgtpe";

/** Bytes per unit for a libvirt unit name (case-insensitive), or undefined when libvirt does not know it. */
export function unitBytes(unit: string): bigint | undefined {
    const u = unit.toLowerCase();
    if (u === "b" || u === "byte" || u === "bytes")
        return 1n;
    const power = u === "" ? 0 : PREFIXES.indexOf(u.charAt(0)) + 1;
    if (power === 0)
        return undefined;
    const rest = u.slice(1);
    const base = rest === "" || rest === "ib" ? 1024n : rest === "b" ? 1000n : undefined;
    return base === undefined ? undefined : base ** BigInt(power);
}

/** True when libvirt accepts `unit` as a memory unit name. */
export function isUnit(unit: string): boolean {
    return unitBytes(unit) !== undefined;
}

function unknownUnit(unit: string): Error {
    return new Error(format(_("Unknown unit \"$0\": use KiB, MiB, GiB or TiB"), unit));
}

function tooLarge(): Error {
    return new Error(format(_("The size is too large: at most $0 KiB"), MAX_KIB));
}

/** A non-negative decimal as an exact fraction digits / 10^scale. */
interface Decimal {
    digits: bigint;
    scale: number;
}

/** Parses [0-9]*(.[0-9]*)?(e[+-]?[0-9]+)? — what String(number) yields for finite non-negative numbers. */
function decimal(text: string): Decimal | undefined {
    const m = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
    if (!m || (m[1] === "" && (m[2] ?? "") === ""))
        return undefined;
    const whole = m[1] ?? "";
    const fraction = m[2] ?? "";
    const exponent = Number(m[3] ?? "0");
    if (Math.abs(exponent) > 400)
        return undefined;
    let digits = BigInt(whole + fraction || "0");
    let scale = fraction.length - exponent;
    if (scale < 0) {
        digits *= 10n ** BigInt(-scale);
        scale = 0;
    }
    return { digits, scale };
}

function decimalToKiB(d: Decimal, bytesPerUnit: bigint): KiB {
    const numerator = d.digits * bytesPerUnit;
    const denominator = 1024n * 10n ** BigInt(d.scale);
    const kib = (numerator + denominator - 1n) / denominator; // round up, like libvirt
    if (kib > BigInt(MAX_KIB))
        throw tooLarge();
    return Number(kib);
}

/**
 * A size written as libvirt writes it in XML (a decimal integer, e.g. `<memory unit='b'>…`) in KiB,
 * exactly: the digits go through BigInt, never through a float, so 2^53+1 bytes stays 2^53+1 bytes.
 * Rounded up to a whole KiB like libvirt; throws for anything but [+]digits (surrounding whitespace
 * allowed), an unknown unit, or a result above MAX_KIB.
 */
export function integerToKiB(text: string, unit = "KiB"): KiB {
    const bytes = unitBytes(unit);
    if (bytes === undefined)
        throw unknownUnit(unit);
    const t = text.trim();
    if (!/^\+?\d+$/.test(t))
        throw new Error(format(_("Invalid size \"$0\""), text));
    return decimalToKiB({ digits: BigInt(t.replace(/^\+/, "")), scale: 0 }, bytes);
}

/**
 * `value` `unit` in KiB, rounded up to a whole KiB as libvirt does. `unit` is any libvirt unit name
 * ("KiB", "k", "MB", "bytes" …; default "KiB", the unit of libvirt's XML). Throws an Error for an
 * unknown unit, a negative or non-finite value, or a result above MAX_KIB.
 */
export function toKiB(value: number, unit = "KiB"): KiB {
    const bytes = unitBytes(unit);
    if (bytes === undefined)
        throw unknownUnit(unit);
    if (!Number.isFinite(value))
        throw new Error(format(_("Invalid size $0"), String(value)));
    if (value < 0)
        throw new Error(_("Sizes cannot be negative"));
    // above 2^53 a number is no longer the integer it was written as: integerToKiB takes the digits
    if (Number.isInteger(value) && !Number.isSafeInteger(value))
        throw new Error(format(_("The size $0 is too large to be exact here"), String(value)));
    const d = decimal(String(value));
    if (!d)
        throw new Error(format(_("Invalid size $0"), String(value)));
    return decimalToKiB(d, bytes);
}

/** A size in KiB expressed in `unit` (not rounded): fromKiB(1536, "MiB") is 1.5. */
export function fromKiB(kib: KiB, unit: string): number {
    const bytes = unitBytes(unit);
    if (bytes === undefined)
        throw unknownUnit(unit);
    return kib * 1024 / Number(bytes);
}

/**
 * Parses a size a user typed: a number ("512", "1.5", ".5") with an optional unit, with or without a
 * space ("512 MiB", "1.5G", "2GiB", "100 MB"); without a unit, `defaultUnit` applies. Units as libvirt
 * names them (case-insensitive). Returns KiB rounded up. Throws an Error with a message for empty
 * text, negative numbers, exponents, unknown units and sizes above MAX_KIB.
 */
export function parseSize(text: string, defaultUnit = "MiB"): KiB {
    const t = text.trim();
    if (t === "")
        throw new Error(_("Enter a size"));
    if (/^[-−]/.test(t))
        throw new Error(_("Sizes cannot be negative"));
    const m = /^(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)$/.exec(t);
    if (!m) {
        if (/^(\d+(?:\.\d*)?|\.\d+)e[+-]?\d+/i.test(t))
            throw new Error(format(_("\"$0\": write the number without an exponent"), t));
        const unit = /^(?:\d+(?:\.\d*)?|\.\d+)\s*(\S.*)$/.exec(t)?.[1];
        if (unit !== undefined)
            throw unknownUnit(unit);
        throw new Error(format(_("\"$0\" is not a size, e.g. 512 MiB or 1.5 GiB"), t));
    }
    const number = m[1] ?? "";
    const unit = m[2] || defaultUnit;
    const bytes = unitBytes(unit);
    if (bytes === undefined)
        throw unknownUnit(unit);
    const d = decimal(number);
    if (!d)
        throw new Error(format(_("\"$0\" is not a size, e.g. 512 MiB or 1.5 GiB"), t));
    return decimalToKiB(d, bytes);
}

/** The message parseSize would throw, or undefined when the text is a valid size. */
export function sizeError(text: string, defaultUnit = "MiB"): string | undefined {
    try {
        parseSize(text, defaultUnit);
        return undefined;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

const HUMAN_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] as const;

/**
 * A size for humans: the largest binary unit that keeps the number ≥ 1, at most two decimals, trailing
 * zeros dropped ("512 MiB", "1.5 GiB", "0 KiB", "1000 KiB"). Rounded for display; use a plain KiB
 * figure where exactness matters.
 */
export function formatSize(kib: KiB): string {
    if (!Number.isFinite(kib))
        return String(kib);
    const sign = kib < 0 ? "-" : "";
    let value = Math.abs(kib);
    let i = 0;
    while (i < HUMAN_UNITS.length - 1 && value >= 1024) {
        value /= 1024;
        i++;
    }
    let rounded = Math.round(value * 100) / 100;
    if (rounded >= 1024 && i < HUMAN_UNITS.length - 1) { // 1023.999 MiB would read "1024 MiB"
        rounded = Math.round(rounded / 1024 * 100) / 100;
        i++;
    }
    return `${sign}${rounded} ${HUMAN_UNITS[i] ?? "KiB"}`;
}

/**
 * A size as an exact, editable text: the largest binary unit that divides it ("2 GiB", "300 MiB",
 * "1029 GiB", "3149824 KiB"), so that parseSize(formatExactSize(kib)) === kib for every whole KiB
 * from 0 to MAX_KIB. formatSize rounds and must never prefill a field that is parsed back.
 */
export function formatExactSize(kib: KiB): string {
    if (!Number.isSafeInteger(kib) || kib < 0)
        return `${kib} KiB`; // not a size libvirt reports; shown as is, and refused when parsed
    let value = BigInt(kib);
    let i = 0;
    while (value > 0n && value % 1024n === 0n && i < HUMAN_UNITS.length - 1) {
        value /= 1024n;
        i++;
    }
    return `${value} ${HUMAN_UNITS[i] ?? "KiB"}`;
}
