// The balloon's policy through the page (Memory tab, "Balloon policy"): autodeflate and free page
// reporting are next-boot settings, one reviewed define each way; libvirt is the witness (`virsh
// dumpxml --inactive --security-info`, whole documents), and the running VM is left as it runs.
// A VM without a balloon gets the refusal before anything is sent.
import QUnit from "qunit";
import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { ROOT, closeBrowser, newPage, stack, virsh } from "./lib.ts";
import { apply, fieldFinding, openVm, review, reviewEnabled } from "./cards.ts";
import { canonical, factDiff, facts, installXmldom } from "../unit/support/xml-canon.ts";

installXmldom();

const PLAIN = "vmtune-test-plain";
const OFF = "vmtune-test-off";
const CARD = "card-balloon-policy";

const config = (vm: string) => virsh("dumpxml", "--inactive", "--security-info", vm);
const live = (vm: string) => virsh("dumpxml", "--security-info", vm);
const balloonLine = (xml: string) => facts(xml).filter(f => f.startsWith("/domain/devices/memballoon "));

async function memoryTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "memory");
    await page.locator(`#${CARD} #balloon-autodeflate`).waitFor();
    return page;
}

QUnit.module("balloon policy", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", PLAIN, OFF) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", PLAIN, OFF);
    });

    QUnit.test("on for next boot: one define, only <memballoon>'s attributes change, the running VM untouched; off again restores the definition", async assert => {
        const before = config(PLAIN);
        const running = live(PLAIN);
        assert.deepEqual(balloonLine(before).length, 1, "the fixture has a balloon");
        assert.false(/autodeflate|freePageReporting/.test(before), "neither attribute is set");
        const page = await memoryTab(PLAIN);
        assert.strictEqual(await page.locator("#balloon-autodeflate").inputValue(), "off", "shown as off (QEMU's default)");
        assert.false(await reviewEnabled(page, CARD), "nothing to review before an edit");
        await page.locator("#balloon-autodeflate").selectOption("on");
        await page.locator("#balloon-free-page-reporting").selectOption("on");
        const steps = await review(page, CARD);
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["define", "config"]], "one define, next boot");
        assert.true(/autodeflate=["']on["']/.test(steps[0]?.virsh ?? "") && /freePageReporting=["']on["']/.test(steps[0]?.virsh ?? ""),
                    "the Review shows the new <memballoon>");
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "done", text);
        const after = config(PLAIN);
        assert.deepEqual(factDiff(facts(after), facts(before)).map(l => l.replace(/ .*/, "")), ["/domain/devices/memballoon"],
                         "virsh: only <memballoon> differs in the definition …");
        assert.deepEqual(balloonLine(after).map(l => /autodeflate="on"/.test(l) && /freePageReporting="on"/.test(l)), [true], "… with both on");
        assert.strictEqual(canonical(live(PLAIN)), canonical(running), "the running VM's definition is unchanged");
        await page.context().close();

        // the card reads it back, says the running VM differs, and takes it back off
        const again = await memoryTab(PLAIN);
        assert.strictEqual(await again.locator("#balloon-autodeflate").inputValue(), "on", "read back: on");
        assert.true((await again.locator("#balloon-autodeflate-helper").innerText()).includes("Live: off"), "the running VM's own value shown");
        await again.locator("#balloon-autodeflate").selectOption("off");
        await again.locator("#balloon-free-page-reporting").selectOption("off");
        assert.deepEqual((await review(again, CARD)).map(s => s.command), ["define"]);
        const back = await apply(again);
        assert.strictEqual(back.outcome, "done", back.text);
        assert.strictEqual(canonical(config(PLAIN)), canonical(before), "virsh: the definition is as it was, whole");
        await again.context().close();
    });

    QUnit.test("a VM without a balloon: the rule says why before anything is sent", async assert => {
        // the shut-off fixture, its balloon taken out for this test (libvirt stores model='none')
        const xml = config(OFF).replace(/<memballoon\b[^>]*\/>|<memballoon\b[^>]*>[\s\S]*?<\/memballoon>/, "<memballoon model='none'/>");
        const file = `${ROOT}/build/balloon-policy-none.xml`;
        writeFileSync(file, xml);
        virsh("define", file);
        const before = config(OFF);
        assert.true(/<memballoon model='none'\/>/.test(before), "no balloon");
        const page = await memoryTab(OFF);
        await page.locator("#balloon-free-page-reporting").selectOption("on");
        assert.true(/needs a virtio balloon/.test(await fieldFinding(page, "balloon-free-page-reporting")),
                    await fieldFinding(page, "balloon-free-page-reporting"));
        assert.false(await reviewEnabled(page, CARD), "no Review");
        assert.strictEqual(config(OFF), before, "nothing written");
        await page.context().close();
    });
});
