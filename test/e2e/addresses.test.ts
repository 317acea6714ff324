// Addresses the page cannot show: malformed ones, unknown pages and tabs, a VM that does not exist.
// Each says so with a way back to the overview; never a blank page, never an uncaught error.
import QUnit from "qunit";
import { closeBrowser, newPage } from "./lib.ts";

const CASES: [string, string][] = [
    ["/vm/%", "#state-not-found"],
    ["/../x", "#state-not-found"],
    ["/vm/%E0%A4%A", "#state-not-found"],
    ["/nothing-here", "#state-not-found"],
    ["/vm/vmtune-test-numa/bogus", "#state-not-found"],
    ["/vm/vmtune-test-numa/cpu/extra", "#state-not-found"],
    ["/vm/", "#state-not-found"],
    ["/vm/vmtune-no-such-vm", "#vm-gone"],
    ["/lxc/vmtune-no-such-container/memory", "#vm-gone"],
];

QUnit.module("addresses", hooks => {
    hooks.after(async () => { await closeBrowser() });

    for (const [hash, shown] of CASES) {
        QUnit.test(`#${hash}: says so, with a way back`, async assert => {
            const page = await newPage();
            const errors: string[] = [];
            page.on("pageerror", e => errors.push(e.message));
            await page.locator("#vm-table").waitFor();
            // as a user would: type the address (the page is already loaded), then also load it afresh
            await page.evaluate(h => { window.location.hash = h }, hash);
            await page.locator(shown).waitFor();
            const back = page.locator(`${shown} a[href="#/"]`);
            assert.strictEqual(await back.count(), 1, "a link back to the overview");
            await back.click();
            await page.locator("#vm-table").waitFor();
            assert.strictEqual(await page.evaluate(() => window.location.hash), "#/", "the link leads back to the overview");
            await page.reload();
            await page.evaluate(h => { window.location.hash = h }, hash);
            await page.reload();
            await page.locator(shown).waitFor();
            assert.true((await page.locator("body").innerText()).trim().length > 0, "loaded afresh: not blank");
            assert.deepEqual(errors, [], "no uncaught error");
            await page.context().close();
        });
    }
});
