// The Review on the real stack: a define's here-document is shown whole, line for line as the planner
// wrote it, and Copy puts exactly the command on the clipboard; Cancel sends nothing.
import QUnit from "qunit";
import { closeBrowser, newPage, stack, virsh } from "./lib.ts";
import { fill } from "./cards.ts";

const VM = "vmtune-test-numa";

QUnit.module("Review", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", VM) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", VM);
    });

    QUnit.test("a define's Review shows the whole XML, line by line, and copies it exactly", async assert => {
        const before = virsh("dumpxml", "--inactive", "--security-info", VM);
        const page = await newPage(`/vm/${VM}/numa`);
        await page.locator("#card-cells").waitFor();
        await fill(page, "cell-0-cpus", "0");
        await fill(page, "cell-1-cpus", "1-3");
        await page.locator("#card-cells-review").click();
        await page.locator("#plan-review").waitFor();
        const item = page.locator('#plan-steps > li[data-command="define"]');
        assert.strictEqual(await item.count(), 1, "one define step");
        const block = item.locator("pre");
        const shown = (await block.textContent()) ?? "";
        const lines = shown.split("\n");
        assert.true(/^virsh -c qemu:\/\/\/system define \/dev\/stdin <<'VMTUNE_XML'$/.test(lines[0] ?? ""), `first line: ${lines[0]}`);
        assert.strictEqual(lines.at(-1), "VMTUNE_XML", "the here-document is closed on its own line");
        const body = lines.slice(1, -1).join("\n");
        // the whole definition is there, as XML lines: what libvirt has, with the two cells changed
        const expected = before.replace(/(<cell id='0' cpus=')0-1(')/, "$10$2").replace(/(<cell id='1' cpus=')2-3(')/, "$11-3$2");
        // the planner serialises attributes with double quotes, virsh with single ones (no value here has either)
        const norm = (xml: string) => xml.replaceAll('"', "'").split("\n").map(l => l.trim()).filter(l => l !== "");
        assert.deepEqual(norm(body), norm(expected), "every line of the definition, only the cells' CPUs differ");
        assert.true(lines.length > 20, `${lines.length} lines, not one`);
        assert.strictEqual(await block.evaluate(el => getComputedStyle(el).whiteSpace), "pre", "newlines kept");
        const box = await block.evaluate(el => ({ scroll: el.scrollHeight, client: el.clientHeight, overflow: getComputedStyle(el).overflowY }));
        assert.true(box.scroll <= box.client || box.overflow === "auto", `long commands scroll: ${JSON.stringify(box)}`);

        await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        await item.locator("button").click();
        await item.locator("button", { hasText: "Copied" }).waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        assert.strictEqual(copied, shown, "Copy puts the command on the clipboard exactly");

        await page.locator("#plan-close").click();
        await page.locator("#plan-review").waitFor({ state: "detached" });
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", VM), before, "Cancel: the definition is unchanged");
        await page.context().close();
    });
});
