// Runs a fast-check property as a QUnit assertion: the test fails with fast-check's report (the
// shrunk counterexample) when the property fails, and also when it ran zero times.
import fc from "fast-check";

export function holds<Ts>(assert: Assert, property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>): void {
    const details = fc.check(property, params);
    assert.true(!details.failed && details.numRuns > 0,
        details.failed ? fc.defaultReportMessage(details) ?? "the property failed" : `${details.numRuns} runs`);
}
