// The CPU model through the page (CPU tab, "CPU model") on the shut-off fixture: the mode and a feature
// flag changed for next boot by one reviewed define, libvirt the witness (`virsh dumpxml --inactive
// --security-info`: the new <cpu> exactly, the rest of the document canonically unchanged), then
// restored through the page to the document as it was. A flag the host cannot provide to this TCG
// guest is refused before anything is sent, and so are a model TCG cannot run (named with what it
// lacks) and host-passthrough (no KVM).
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, newPage, stack, virsh } from "./lib.ts";
import { apply, openVm, review, reviewEnabled } from "./cards.ts";
import { canonical, installXmldom } from "../unit/support/xml-canon.ts";

installXmldom();

const OFF = "vmtune-test-off";
const CARD = "card-cpumodel";

const config = (vm: string) => virsh("dumpxml", "--inactive", "--security-info", vm);
const CPU = /<cpu[ >][\s\S]*?<\/cpu>|<cpu[ >][^>]*\/>/;
const cpuOf = (xml: string) => CPU.exec(xml)?.[0] ?? "";
const withoutCpu = (xml: string) => xml.replace(CPU, "");

async function cpuTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator(`#${CARD} #cpumodel-mode`).waitFor();
    // the capabilities are read: the draft is judged against them
    await page.locator("#cpumodel-scope", { hasText: "type qemu" }).waitFor({ timeout: 30000 });
    return page;
}

async function addFeature(page: Page, name: string, policy: string): Promise<void> {
    await page.locator("#cpumodel-feature-new").fill(name);
    await page.locator("#cpumodel-feature-new-policy").selectOption(policy);
    await page.locator("#cpumodel-feature-add").click();
    await page.locator(`#cpumodel-features li[data-feature="${name}"]`).waitFor();
}

const featureFinding = async (page: Page, name: string) =>
    ((await page.locator(`#cpumodel-features li[data-feature="${name}"] [data-finding]`).allInnerTexts()).join(" | ")).trim();

QUnit.module("CPU model", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", OFF) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", OFF);
    });

    QUnit.test("host-model and pdpe1gb for next boot: one define, only <cpu> differs; restored through the page", async assert => {
        const before = config(OFF);
        assert.strictEqual(canonical(cpuOf(before)), canonical(
            "<cpu mode='custom' match='exact' check='none'><model fallback='allow'>qemu64</model><topology sockets='1' dies='1' cores='4' threads='1'/></cpu>"),
        "the fixture's CPU as libvirt stores it");
        const page = await cpuTab(OFF);
        assert.deepEqual([await page.locator("#cpumodel-mode").inputValue(), await page.locator("#cpumodel-model").inputValue()], ["custom", "qemu64"]);
        assert.false(await reviewEnabled(page, CARD), "nothing to review before an edit");
        await page.locator("#cpumodel-mode").selectOption("host-model");
        await addFeature(page, "pdpe1gb", "require");
        assert.strictEqual(await featureFinding(page, "pdpe1gb"), "", "TCG provides pdpe1gb");
        const steps = await review(page, CARD);
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["define", "config"]], "one define, next boot");
        assert.true(/mode=["']host-model["']/.test(steps[0]?.virsh ?? "") && /name=["']pdpe1gb["']/.test(steps[0]?.virsh ?? ""), "the Review shows the new <cpu>");
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "done", text);
        assert.strictEqual(await page.locator("#apply-adjusted").count(), 0, "libvirt stored the definition as sent");
        await page.context().close();

        const after = config(OFF);
        assert.strictEqual(canonical(cpuOf(after)), canonical(
            "<cpu mode='host-model' check='none'><topology sockets='1' dies='1' cores='4' threads='1'/><feature policy='require' name='pdpe1gb'/></cpu>"),
        `virsh: the new <cpu> exactly: ${cpuOf(after)}`);
        assert.strictEqual(canonical(withoutCpu(after)), canonical(withoutCpu(before)), "virsh: the rest of the definition is unchanged, whole");

        // back through the page: custom qemu64, the feature removed
        const again = await cpuTab(OFF);
        assert.strictEqual(await again.locator("#cpumodel-mode").inputValue(), "host-model", "read back: host-model");
        await again.locator("#cpumodel-mode").selectOption("custom");
        await again.locator("#cpumodel-model").selectOption("qemu64");
        await again.locator("#cpumodel-feature-pdpe1gb-remove").click();
        assert.deepEqual((await review(again, CARD)).map(s => s.command), ["define"]);
        const back = await apply(again);
        assert.strictEqual(back.outcome, "done", back.text);
        assert.strictEqual(await again.locator("#apply-adjusted").count(), 0, "libvirt stored it as sent (match and fallback as it writes them)");
        assert.strictEqual(canonical(config(OFF)), canonical(before), "virsh: the definition is as it was, whole");
        await again.context().close();
    });

    QUnit.test("a flag the host cannot provide, a model TCG cannot run (named with what it lacks) and host-passthrough under TCG: refused before anything is sent", async assert => {
        const before = config(OFF);
        const page = await cpuTab(OFF);
        await addFeature(page, "avx512f", "require");
        assert.true(/cannot give CPU feature avx512f/.test(await featureFinding(page, "avx512f")), await featureFinding(page, "avx512f"));
        assert.false(await reviewEnabled(page, CARD), "no Review");
        // the same flag turned off is fine: the guest does not need it from the host
        await page.locator("#cpumodel-feature-avx512f-policy").selectOption("disable");
        assert.strictEqual(await featureFinding(page, "avx512f"), "", "disable is allowed");
        assert.true(await reviewEnabled(page, CARD), "Review offered");
        await page.locator("#cpumodel-feature-avx512f-remove").click();
        // a model libvirt reports unusable under TCG: named with what it lacks here
        await page.locator("#cpumodel-model").selectOption("EPYC");
        const model = await eventually(async () => (await page.locator("#cpumodel-model-helper [data-finding]").allInnerTexts()).join(" "),
            t => /lacks/.test(t));
        assert.true(/EPYC cannot run here .* the host lacks .*rdseed/.test(model), model);
        assert.false(await reviewEnabled(page, CARD), "no Review");
        await page.locator("#cpumodel-model").selectOption("qemu64");
        await page.locator("#cpumodel-mode").selectOption("host-passthrough");
        const mode = (await page.locator("#cpumodel-mode-helper [data-finding]").allInnerTexts()).join(" ");
        assert.true(/needs KVM/.test(mode), mode);
        assert.false(await reviewEnabled(page, CARD), "no Review");
        assert.strictEqual(config(OFF), before, "nothing written");
        await page.context().close();
    });
});
