// Property checks with fast-check inside QUnit: one assert per property, naming the counterexample
// (infinities and NaN spelled out, which JSON would turn into null) or the number of inputs tried.
import fc from "fast-check";

export function assertProperty<T>(assert: Assert, arb: fc.Arbitrary<T>, check: (value: T) => void,
    options: { runs: number; seed: number }): void {
    const details = fc.check(fc.property(arb, value => { check(value) }), { numRuns: options.runs, seed: options.seed });
    assert.false(details.failed, details.failed
        ? `counterexample ${JSON.stringify(details.counterexample, (_k, v: unknown) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v)}: ${String(details.errorInstance)}`
        : `${details.numRuns} generated inputs`);
}

/** Fails the property with a message (a plain throw, which fast-check reports as the counterexample's error). */
export function expect(condition: boolean, message: string): void {
    if (!condition) throw new Error(message);
}
