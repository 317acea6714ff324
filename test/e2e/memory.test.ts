// The Memory tab on the real stack: balloon ordering, live balloon, DIMM hotplug, memtune, rollback and
// bad input, each read back with virsh and, for live changes, from the guest.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { ROOT, closeBrowser, eventually, keyValues, newPage, stack, text, virsh } from "./lib.ts";
import { apply, closeReview, fieldFinding, fieldFindings, fill, openVm, review, reviewEnabled, scope } from "./cards.ts";

const NUMA = "vmtune-test-numa";
const OFF = "vmtune-test-off";
const PLAIN = "vmtune-test-plain";

const dominfo = (vm: string) => keyValues(virsh("dominfo", vm));
const memtune = (vm: string, ...flags: string[]) => keyValues(virsh("memtune", vm, ...flags));
const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}[^>]*>(\\d+)</${tag}>`).exec(xml)?.[1];
const dimms = (xml: string) => xml.match(/<memory model='dimm'>/g)?.length ?? 0;
function memTotal(vm: string): number {
    return Number(/memtotal_kb=(\d+)/.exec(stack("fixtures.sh", "status", vm))?.[1]);
}

async function memoryTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "memory");
    await page.locator("#card-balloon #memory-current").waitFor();
    return page;
}

QUnit.module("Memory tab", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", NUMA, OFF, PLAIN) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", NUMA, OFF, PLAIN);
    });

    QUnit.test("shut-off VM: raising both sets the maximum first, lowering both sets current first", async assert => {
        const page = await memoryTab(OFF);
        await fill(page, "memory-current", "768 MiB");
        assert.true((await fieldFinding(page, "memory-current")).includes("more than the maximum"), "current above maximum alone is refused as you type");
        assert.false(await reviewEnabled(page, "card-balloon"), "no review while it is");
        await fill(page, "memory-max", "1 GiB");
        let steps = await review(page, "card-balloon");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["setmaxmem config", "setmem config"], "setmaxmem before setmem");
        // the VM is named by its UUID (virsh resolves an ID first, then a UUID, then a name)
        assert.strictEqual(steps[0]?.virsh, `virsh -c qemu:///system setmaxmem ${virsh("domuuid", OFF).trim()} 1048576KiB --config`, "copyable virsh line");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        let info = dominfo(OFF);
        let xml = virsh("dumpxml", "--inactive", OFF);
        assert.deepEqual([info["Max memory"], info["Used memory"]], ["1048576 KiB", "786432 KiB"], "virsh dominfo");
        assert.deepEqual([xmlValue(xml, "memory"), xmlValue(xml, "currentMemory")], ["1048576", "786432"], "dumpxml --inactive agrees");

        await fill(page, "memory-current", "128 MiB");
        await fill(page, "memory-max", "256 MiB");
        steps = await review(page, "card-balloon");
        assert.deepEqual(steps.map(s => s.command), ["setmem", "setmaxmem"], "setmem before setmaxmem");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        info = dominfo(OFF);
        xml = virsh("dumpxml", "--inactive", OFF);
        assert.deepEqual([info["Max memory"], info["Used memory"]], ["262144 KiB", "131072 KiB"], "virsh dominfo");
        assert.deepEqual([xmlValue(xml, "memory"), xmlValue(xml, "currentMemory")], ["262144", "131072"], "dumpxml --inactive agrees");
        await page.context().close();
    });

    QUnit.test("running guest: maximum only for next boot; with guest NUMA through the cells", async assert => {
        const page = await memoryTab(NUMA);
        assert.true(await page.locator("#memory-max").isDisabled() || (await page.locator("#memory-max").getAttribute("readonly")) !== null, "maximum is read-only with guest NUMA");
        assert.true((await text(page.locator("#memory-max-helper"))).includes("guest NUMA cells"), "says why");
        await page.locator("#memory-numa-link").click();
        await eventually(() => page.evaluate(() => window.location.hash), h => h.includes("/numa"));
        assert.true((await page.evaluate(() => window.location.hash)).endsWith(`/vm/${NUMA}/numa`), "offers the NUMA tab");
        await page.context().close();
        const plain = await memoryTab(PLAIN);
        await fill(plain, "memory-max", "512 MiB");
        assert.true((await fieldFinding(plain, "memory-max")).includes("running VM"), "live: refused as you type");
        await scope(plain, "card-balloon", "both");
        const steps = await review(plain, "card-balloon");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["setmaxmem config"], "Both: the maximum for next boot only");
        await closeReview(plain);
        await plain.context().close();
    });

    QUnit.test("running guest: balloon 512 → 300 MiB live; dommemstat, the guest and the chart follow", async assert => {
        const before = memTotal(NUMA);
        const page = await memoryTab(NUMA);
        await page.locator('#memory-chart [data-bar="actual"][data-kib="524288"]').waitFor({ timeout: 20000 });
        await fill(page, "memory-current", "300 MiB");
        const steps = await review(page, "card-balloon");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["setmem live"]);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        const actual = await eventually(async () => keyValues(virsh("dommemstat", NUMA).replace(/ /g, ":")).actual, v => v === "307200", 30000);
        assert.strictEqual(actual, "307200", "virsh dommemstat actual");
        const after = await eventually(async () => memTotal(NUMA), v => v < before - 150000, 60000);
        assert.true(after < before - 150000, `guest MemTotal ${before} → ${after} kB`);
        console.log(`# balloon 512 → 300 MiB: guest MemTotal ${before} → ${after} kB`);
        const shown = await eventually(() => page.locator('#memory-chart [data-bar="actual"]').getAttribute("data-kib"), v => v === "307200", 20000);
        assert.strictEqual(shown, "307200", "the chart shows the balloon's actual size");
        assert.true((await text(page.locator("#memory-bar-actual"))).includes("300 MiB"), "as text too");
        await page.screenshot({ path: `${ROOT}/doc/screenshot-memory.png`, fullPage: true });
        virsh("setmem", NUMA, "512M", "--live");
        const back = await eventually(async () => memTotal(NUMA), v => v === before, 60000);
        assert.strictEqual(back, before, "deflated again with virsh, for the next test");
        await page.context().close();
    });

    QUnit.test("statistics period off: the tab says so and leaves it off; turned on through a reviewed step", async assert => {
        // intended change (issue 12, finding 5): the tab used to switch the period on by itself
        virsh("dommemstat", PLAIN, "--period", "0", "--live");
        const before = virsh("dumpxml", "--security-info", PLAIN);
        const nextBoot = virsh("dumpxml", "--inactive", "--security-info", PLAIN);
        assert.false(/<stats period=/.test(before), "off before");
        const page = await memoryTab(PLAIN);
        await page.locator("#memory-stats-off").waitFor({ timeout: 20000 });
        assert.true((await text(page.locator("#memory-stats-off"))).includes("dommemstat --period"), "says how to turn them on");
        assert.strictEqual(await page.locator("#memory-stats-period").inputValue(), "0", "the field shows the period libvirt reports");
        await new Promise(resolve => setTimeout(resolve, 7000)); // through two statistics polls
        assert.strictEqual(virsh("dumpxml", "--security-info", PLAIN), before, "looking changed nothing");

        await fill(page, "memory-stats-period", "2");
        const steps = await review(page, "card-balloon");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["dommemstat live"], "one reviewed step, live");
        assert.true(/^virsh -c qemu:\/\/\/system dommemstat \S+ --period 2 --live$/.test(steps[0]?.virsh ?? ""), `copyable line: ${steps[0]?.virsh}`);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.true(/<stats period='2'\/>/.test(virsh("dumpxml", PLAIN)), "virsh dumpxml: period 2 live");
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", PLAIN), nextBoot, "next boot untouched");
        await page.locator('#memory-chart [data-bar="usable"]:not([data-kib=""])').waitFor({ timeout: 30000 });
        assert.strictEqual(await page.locator("#memory-stats-off").count(), 0, "guest statistics arrive; the notice is gone");
        await page.context().close();
    });

    QUnit.test("DIMM: attach 128 MiB to node 0 live and next boot; the guest grows; a refused detach changes nothing", async assert => {
        const before = memTotal(NUMA);
        const page = await memoryTab(NUMA);
        await page.locator("#dimm-attach").click();
        await fill(page, "dimm-size", "128 MiB");
        await page.locator("#dimm-node").selectOption("0");
        await page.locator("#dimm-scope-both").click();
        await page.locator("#dimm-attach-review").click();
        await page.locator("#plan-review").waitFor();
        const step = page.locator("#plan-steps > li");
        assert.deepEqual([await step.count(), await step.first().getAttribute("data-command"), await step.first().getAttribute("data-scope")],
                         [1, "attach-device", "both"]);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        const after = await eventually(async () => memTotal(NUMA), v => v >= before + 131072, 60000);
        assert.strictEqual(after - before, 131072, `guest MemTotal ${before} → ${after} kB`);
        console.log(`# DIMM 128 MiB: guest MemTotal ${before} → ${after} kB`);
        const live = virsh("dumpxml", NUMA), config = virsh("dumpxml", "--inactive", NUMA);
        assert.deepEqual([dimms(live), dimms(config)], [1, 1], "dumpxml live and --inactive show the DIMM");
        assert.true(/<size unit='KiB'>131072<\/size>\s*<node>0<\/node>/.test(live), "128 MiB on node 0");
        // the module carries vmtune's user alias on both sides: a rollback's detach removes exactly it
        assert.deepEqual([live, config].map(x => (x.match(/<alias name='ua-vmtune-dimm0'\/>/g) ?? []).length), [1, 1], "alias ua-vmtune-dimm0 live and next boot");
        const row = page.locator('#dimm-table tr[data-row="ua-vmtune-dimm0"]');
        await row.waitFor();
        assert.deepEqual([await text(row.locator('[data-side="live"]')), await text(row.locator('[data-side="config"]'))], ["attached", "attached"]);

        await page.locator("#dimm-detach-ua-vmtune-dimm0").click();
        await page.locator("#plan-review").waitFor();
        const result = await apply(page);
        assert.strictEqual(result.outcome, "failed", "the guest refuses the unplug");
        assert.true(/rejected by the guest/.test(result.text), result.text);
        assert.true(/nothing changed/.test(result.text), "explained");
        await closeReview(page);
        assert.deepEqual([dimms(virsh("dumpxml", NUMA)), dimms(virsh("dumpxml", "--inactive", NUMA))], [1, 1], "state unchanged");
        assert.strictEqual(memTotal(NUMA), after, "guest unchanged");

        await page.context().close();
    });

    QUnit.test("DIMM: more modules than slots is refused before sending", async assert => {
        // the previous test left one module; fill the other 3 slots for next boot with virsh
        const file = path.join(os.tmpdir(), "vmtune-e2e-dimm.xml");
        writeFileSync(file, "<memory model='dimm'><target><size unit='KiB'>131072</size><node>1</node></target></memory>");
        const used = dimms(virsh("dumpxml", "--inactive", NUMA));
        for (let i = used; i < 4; i++)
            virsh("attach-device", NUMA, file, "--config");
        const before = virsh("dumpxml", "--inactive", NUMA);
        assert.strictEqual(dimms(before), 4, "4 of 4 slots used for next boot");
        const page = await memoryTab(NUMA);
        await eventually(() => text(page.locator("#dimm-summary")), t => t.startsWith("4 of 4"));
        await page.locator("#dimm-attach").click();
        await page.locator("#dimm-scope-config").click();
        const findings = await eventually(() => text(page.locator("#dimm-findings")), t => t.includes("slots are in use"));
        assert.true(findings.includes("All 4 memory slots are in use"), findings);
        assert.false(await page.locator("#dimm-attach-review").isEnabled(), "no review");
        assert.strictEqual(virsh("dumpxml", "--inactive", NUMA), before, "nothing sent");
        await page.context().close();
    });

    QUnit.test("DIMM: on the plain VM attach is refused before sending, with the reasons", async assert => {
        const before = virsh("dumpxml", "--inactive", PLAIN);
        const page = await memoryTab(PLAIN);
        await page.locator("#dimm-attach").click();
        await page.locator("#dimm-attach-dialog").waitFor();
        const findings = await text(page.locator("#dimm-findings"));
        assert.true(findings.includes("no <maxMemory slots"), findings);
        assert.true(findings.includes("at least one guest NUMA cell"), findings);
        assert.false(await page.locator("#dimm-attach-review").isEnabled(), "no review");
        for (const bad of ["0", "-5", "12 parsecs", "1e20", "", "100 TiB"]) {
            await fill(page, "dimm-size", bad);
            assert.notStrictEqual(await fieldFinding(page, "dimm-size"), "", `size "${bad}" refused: ${await fieldFinding(page, "dimm-size")}`);
        }
        assert.strictEqual(virsh("dumpxml", "--inactive", PLAIN), before, "nothing sent");
        await page.context().close();
    });

    QUnit.test("memtune: soft > hard and hard > swap_hard refused; a valid triple in the safe order; unlimited round-trips", async assert => {
        const before = memtune(OFF);
        const page = await memoryTab(OFF);
        assert.true((await fieldFinding(page, "memtune-hard_limit")).includes("advises QEMU users against hard_limit"), "libvirt's advice shown for the set hard limit");
        assert.true((await fieldFinding(page, "memtune-hard_limit")).includes("cannot limit locked memory"), "and the DIMM hotplug interaction");
        assert.true((await text(page.locator("#memtune-min_guarantee-helper"))).includes("QEMU and LXC"), "minimum guarantee: unsupported, with the reason");
        await fill(page, "memtune-soft_limit", "2560 MiB");
        assert.true((await fieldFinding(page, "memtune-soft_limit")).includes("above the hard limit"), "soft > hard refused");
        assert.false(await reviewEnabled(page, "card-memtune"));
        await fill(page, "memtune-soft_limit", "1 GiB");
        await fill(page, "memtune-hard_limit", "4 GiB");
        assert.true((await fieldFinding(page, "memtune-hard_limit")).includes("above the swap hard limit"), "hard > swap_hard refused");
        assert.false(await reviewEnabled(page, "card-memtune"));
        assert.deepEqual(memtune(OFF), before, "nothing sent");
        await fill(page, "memtune-swap_hard_limit", "5 GiB");
        await fill(page, "memtune-soft_limit", "2 GiB");
        const steps = await review(page, "card-memtune");
        assert.deepEqual(steps.map(s => /--([a-z-]+)/.exec(s.virsh)?.[1]), ["swap-hard-limit", "hard-limit", "soft-limit"], "raising: swap, hard, soft");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.deepEqual(memtune(OFF), { hard_limit: "4194304", soft_limit: "2097152", swap_hard_limit: "5242880" }, "virsh memtune");
        await fill(page, "memtune-swap_hard_limit", "unlimited");
        await review(page, "card-memtune");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.strictEqual(memtune(OFF).swap_hard_limit, "unlimited", "virsh: unlimited");
        assert.strictEqual(await eventually(() => page.locator("#memtune-swap_hard_limit").inputValue(), v => v === "unlimited"), "unlimited", "read back as unlimited");
        for (const bad of ["12 parsecs", "1e20", "-5", "0x10"]) {
            await fill(page, "memtune-hard_limit", bad);
            assert.notStrictEqual(await fieldFinding(page, "memtune-hard_limit"), "", `hard limit "${bad}" refused`);
            assert.false(await reviewEnabled(page, "card-memtune"), `no review for "${bad}"`);
        }
        await page.context().close();
    });

    // intended change (issue 12, finding 11): this test used a live hard limit of 100 MiB below what QEMU
    // holds to make the second step fail (EBUSY) and watch the rollback; such a limit is now refused
    // before anything is sent, since libvirt writes it to the cgroup at once and the kernel may kill QEMU
    QUnit.test("a live hard limit below what the running VM uses is refused before sending; nothing changes", async assert => {
        const before = memtune(PLAIN, "--live");
        const liveXml = () => virsh("dumpxml", "--security-info", PLAIN);
        const liveBefore = liveXml();
        const xmlBefore = virsh("dumpxml", "--inactive", "--security-info", PLAIN);
        const page = await memoryTab(PLAIN);
        await fill(page, "memtune-soft_limit", "50 MiB");
        await fill(page, "memtune-hard_limit", "100 MiB");
        const said = await fieldFindings(page, "memtune-hard_limit");
        assert.true(said[0]?.includes("kernel kills QEMU") && said[0].includes("error"), `the refusal first, with the reason: ${said.join(" | ")}`);
        assert.true(said.some(f => f.includes("below the VM's memory")), "the limit below the VM's memory is said too");
        assert.false(await reviewEnabled(page, "card-memtune"), "no review while it is");
        await fill(page, "memtune-hard_limit", "0");
        assert.true((await fieldFindings(page, "memtune-hard_limit"))[0]?.includes("kernel kills QEMU"), "0 refused the same way");
        assert.false(await reviewEnabled(page, "card-memtune"), "no review for 0 either");
        assert.deepEqual(memtune(PLAIN, "--live"), before, "virsh memtune --live as before");
        assert.strictEqual(liveXml(), liveBefore, "live definition untouched");
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", PLAIN), xmlBefore, "next boot untouched");
        await page.context().close();
    });

    QUnit.test("bad input never reaches libvirt", async assert => {
        const before = virsh("dumpxml", "--inactive", OFF);
        const page = await memoryTab(OFF);
        for (const field of ["memory-current", "memory-max"]) {
            for (const bad of ["0", "-5", "12 parsecs", "1e20", "", "100 TiB"]) {
                await fill(page, field, bad);
                assert.notStrictEqual(await fieldFinding(page, field), "", `${field} "${bad}": ${await fieldFinding(page, field)}`);
                assert.false(await reviewEnabled(page, "card-balloon"), `no review for ${field} "${bad}"`);
            }
            await page.locator("#card-balloon-reset").click();
        }
        assert.true((await (async () => { await fill(page, "memory-max", "100 TiB"); return fieldFinding(page, "memory-max") })()).includes("host's memory"), "larger than the host's memory, said so");
        await page.locator("#card-balloon-reset").click();
        await fill(page, "memory-hotplug", "4 GiB");
        await fill(page, "memory-slots", "4");
        assert.true((await fieldFinding(page, "memory-hotplug")).includes("guest NUMA"), "hotplug limit without guest NUMA refused");
        assert.false(await reviewEnabled(page, "card-balloon"));
        await fill(page, "memory-slots", "300");
        assert.notStrictEqual(await fieldFinding(page, "memory-slots"), "", "300 slots refused");
        assert.strictEqual(virsh("dumpxml", "--inactive", OFF), before, "virsh: unchanged");
        await page.context().close();
    });
});
