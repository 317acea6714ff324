// The Memory backing card on the real stack: 2 MiB pages allocated on node 0 (sysfs, as root), a
// shut-off fixture given hugepage backing through the card (one define, read back from libvirt, the
// document otherwise unchanged), started: HugePages_Free falls by its pages and the card shows its use;
// a VM that would not fit is refused before anything is sent; a pool shrunk under a running VM warns on
// the VM page and the overview that its next start would fail. The fixture and the pool are restored.
import { readFileSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import QUnit from "qunit";
import { closeBrowser, eventually, newPage, stack, text, virsh } from "./lib.ts";
import { apply, closeReview, openVm, review, reviewEnabled } from "./cards.ts";

const PLAIN = "vmtune-test-plain";
const OFF = "vmtune-test-off";
const POOL = "/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages";
/** vmtune-test-plain's 256 MiB in 2 MiB pages */
const PLAIN_PAGES = 128;

function meminfo(key: string): number {
    return Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(readFileSync("/proc/meminfo", "utf8"))?.[1]);
}

function setPool(pages: number): number {
    writeFileSync(POOL, String(pages));
    return Number(readFileSync(POOL, "utf8"));
}

async function backingCard(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "memory");
    await page.locator("#card-backing #backing-hugepages").waitFor({ timeout: 60000 });
    return page;
}

/** The next-boot XML without its <memoryBacking> (the only part the card may change). */
const withoutBacking = (xml: string) => xml.replace(/\n\s*<memoryBacking>[\s\S]*?<\/memoryBacking>/, "");

QUnit.module("Memory backing", hooks => {
    let original = 0;
    hooks.before(() => {
        original = Number(readFileSync(POOL, "utf8"));
        stack("fixtures.sh", "reset", PLAIN, OFF);
    });
    hooks.after(async () => {
        await closeBrowser();
        // the VM gives its pages back first, then the pool goes back to its size
        stack("fixtures.sh", "reset", PLAIN, OFF);
        setPool(original);
    });

    QUnit.test("hugepages through the card: define, start, HugePages_Free falls, the use is shown; a pool shrunk under it warns", async assert => {
        virsh("destroy", PLAIN);
        const got = setPool(original + PLAIN_PAGES + 8);
        assert.strictEqual(got, original + PLAIN_PAGES + 8, "the kernel gave the 2 MiB pages (read back from sysfs)");
        const before = virsh("dumpxml", "--inactive", "--security-info", PLAIN);

        const page = await backingCard(PLAIN);
        // the host's sizes are offered once the pools are read
        await page.locator('#backing-hugepages option[value="2048"]').waitFor({ state: "attached", timeout: 20000 });
        await page.locator("#backing-hugepages").selectOption("2048");
        await eventually(() => text(page.locator("#backing-needs")), t => t.includes("128 pages of 2 MiB"));
        assert.true((await text(page.locator("#backing-needs"))).includes("128 pages of 2 MiB (256 MiB) from host node(s) 0"), "what the next start takes");
        const steps = await review(page, "card-backing");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["define config"], "one define, next boot");
        assert.true(steps[0]?.virsh.startsWith("virsh -c qemu:///system define"), "with its virsh line");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);

        const after = virsh("dumpxml", "--inactive", "--security-info", PLAIN);
        assert.true(/<memoryBacking>\s*<hugepages>\s*<page size='2048' unit='KiB'\/>\s*<\/hugepages>\s*<\/memoryBacking>/.test(after), "libvirt holds the hugepages for next boot");
        assert.strictEqual(withoutBacking(after), before, "nothing else in the definition changed");

        const free = meminfo("HugePages_Free");
        virsh("start", PLAIN);
        const taken = await eventually(async () => meminfo("HugePages_Free"), v => v <= free - PLAIN_PAGES, 30000);
        assert.true(taken <= free - PLAIN_PAGES, `HugePages_Free ${free} → ${taken}`);
        console.log(`# HugePages_Free ${free} → ${taken} after starting ${PLAIN} with 2 MiB pages`);
        await page.reload();
        await page.locator("#backing-uses").waitFor({ timeout: 60000 });
        assert.true((await text(page.locator("#backing-uses"))).includes("128 pages of 2 MiB"), "the running VM's use shown");
        assert.strictEqual(await page.locator("#vm-pages-warning").count(), 0, "its pages come back at restart: no warning");

        // the pool shrunk under the running VM: its pages become surplus, freed when it stops
        setPool(0);
        await page.reload();
        await page.locator("#vm-pages-warning").waitFor({ timeout: 60000 });
        assert.true((await text(page.locator("#vm-pages-warning"))).includes("would fail for lack of hugepages"), "the VM page warns");
        const overview = await newPage("/");
        await overview.locator("#overview-pages-warning").waitFor({ timeout: 60000 });
        assert.true((await text(overview.locator("#overview-pages-warning"))).includes(PLAIN), "the overview names the VM");
        await overview.context().close();
        await page.context().close();
    });

    QUnit.test("a VM that would not fit is refused before anything is sent", async assert => {
        // a few free pages, far fewer than the 256 the 512 MiB VM needs
        setPool(original + 4);
        const before = virsh("dumpxml", "--inactive", "--security-info", OFF);
        const page = await backingCard(OFF);
        await page.locator('#backing-hugepages option[value="2048"]').waitFor({ state: "attached", timeout: 20000 });
        await page.locator("#backing-hugepages").selectOption("2048");
        const refusal = await eventually(() => text(page.locator("#card-backing [data-finding='error']")), t => t.includes("needs 256 pages"));
        assert.true(/needs 256 pages of 2 MiB .* only \d+ would be free there/.test(refusal), refusal);
        assert.false(await reviewEnabled(page, "card-backing"), "no Review while it would not fit");
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", OFF), before, "nothing was sent");
        await page.context().close();
    });
});
