// Collects QUnit's results in the page so test/browser/run.mjs can read them through playwright.
import QUnit from "qunit";

export interface PageResult {
    name: string;
    passed: boolean;
    errors: string[];
}

declare global {
    interface Window {
        vmtuneResults?: { tests: PageResult[]; done: boolean };
    }
}

const results: { tests: PageResult[]; done: boolean } = { tests: [], done: false };
window.vmtuneResults = results;
QUnit.config.testTimeout = 60000;
QUnit.on("testEnd", test => {
    results.tests.push({
        name: test.fullName.join(" > "),
        passed: test.status !== "failed",
        errors: test.errors.map(e => `${e.message ?? ""} actual=${JSON.stringify(e.actual)} expected=${JSON.stringify(e.expected)}`),
    });
});
QUnit.on("runEnd", () => { results.done = true });
