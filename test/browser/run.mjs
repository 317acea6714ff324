// Opens each browser suite page in Debian's chromium through cockpit-ws and prints TAP.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ensureSession, launchBrowser, pageUrl } from "../e2e/browser.mjs";
import { holdStackLock } from "../tools/stack-lock.mjs";

holdStackLock();

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
// `node test/browser/run.mjs [suite name part…]`: all suites, or those named
const filters = process.argv.slice(2);
const suites = JSON.parse(readFileSync(path.join(root, "build/browser-pkg/suites.json"), "utf8"))
    .filter(s => filters.length === 0 || filters.some(f => s.includes(f)));
const browser = await launchBrowser();
let n = 0, failed = 0;
console.log("TAP version 13");
try {
    for (const suite of suites) {
        await ensureSession(browser);
        const page = await browser.newPage();
        page.on("pageerror", e => console.log(`# ${suite}: page error: ${e.message}`));
        await page.goto(pageUrl("vmtune-test", `${suite}.html`));
        await page.waitForFunction(() => window.vmtuneResults?.done === true, null, { timeout: 300000 });
        const results = await page.evaluate(() => window.vmtuneResults.tests);
        if (results.length === 0) {
            console.log(`not ok ${++n} ${suite} ran no test`);
            failed++;
        }
        for (const r of results) {
            console.log(`${r.passed ? "ok" : "not ok"} ${++n} ${suite} > ${r.name}`);
            if (!r.passed) {
                failed++;
                for (const e of r.errors) console.log(`  # ${e}`);
            }
        }
        await page.close();
    }
} finally {
    await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
