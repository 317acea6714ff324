// Faults under an open page, each recovered from without a reload: libvirt-dbus or libvirtd going
// away and coming back, the VM destroyed / started / undefined under its page, two sessions editing
// the same VM. (A step failing mid-plan with rollback checked by virsh: memory.test.ts.)
import QUnit from "qunit";
import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, keyValues, newPage, stack, text, virsh } from "./lib.ts";
import { apply, closeReview, fill, review, scope } from "./cards.ts";

const PLAIN = "vmtune-test-plain";
const NUMA = "vmtune-test-numa";
const TEMP = "vmtune-fault-temp";

async function vmPage(vm: string): Promise<Page> {
    const page = await newPage(`/vm/${encodeURIComponent(vm)}/cpu`);
    await page.locator("#vm-title").waitFor({ timeout: 30000 });
    return page;
}

/** Marks the page so a reload would be noticed: the mark lives only in this document. */
async function markDocument(page: Page): Promise<() => Promise<boolean>> {
    await page.evaluate(() => { (window as unknown as { vmtuneFaultMark: number }).vmtuneFaultMark = 1 });
    return () => page.evaluate(() => (window as unknown as { vmtuneFaultMark?: number }).vmtuneFaultMark === 1);
}

/** A minimal shut-off VM, only for the "undefined under its page" case. */
function defineTemp(): void {
    const file = "/tmp/vmtune-fault-temp.xml";
    writeFileSync(file, `<domain type='qemu'><name>${TEMP}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>` +
        "<os><type arch='x86_64'>hvm</type></os></domain>\n");
    virsh("define", file);
}

QUnit.module("faults", hooks => {
    hooks.after(async () => {
        await closeBrowser();
        try { virsh("undefine", TEMP) } catch { /* already gone */ }
        stack("libvirtd.sh", "start");
        stack("libvirt-dbus.sh", "start");
        stack("fixtures.sh", "reset", PLAIN, NUMA);
    });

    QUnit.test("libvirt-dbus stopped under an open VM page: reconnecting, then back by itself", async assert => {
        const page = await vmPage(NUMA);
        const same = await markDocument(page);
        try {
            stack("libvirt-dbus.sh", "stop");
            await page.locator("#state-no-service").waitFor({ timeout: 20000 });
            assert.true(/Reconnecting/.test(await page.locator("#state-no-service").innerText()), "says it is reconnecting");
            stack("libvirt-dbus.sh", "start");
            await page.locator("#card-scheduler").waitFor({ timeout: 30000 });
            assert.strictEqual(await text(page.locator("#vm-title")), `${NUMA} Running`, "the VM page is back");
            assert.true(await same(), "without a reload");
        } finally {
            stack("libvirt-dbus.sh", "start");
            await page.context().close();
        }
    });

    QUnit.test("libvirtd stopped under an open VM page: reconnecting, then back by itself", async assert => {
        const page = await vmPage(NUMA);
        const same = await markDocument(page);
        try {
            stack("libvirtd.sh", "stop");
            const state = page.locator("#state-no-service, #state-error");
            await state.first().waitFor({ timeout: 30000 });
            assert.true(/Reconnecting/.test(await state.first().innerText()), `says it is reconnecting: ${await state.first().innerText()}`);
            stack("libvirtd.sh", "start");
            await page.locator("#card-scheduler").waitFor({ timeout: 60000 });
            assert.true((await text(page.locator("#vm-title"))).startsWith(NUMA), "the VM page is back");
            assert.true(await same(), "without a reload");
        } finally {
            stack("libvirtd.sh", "start");
            await page.context().close();
        }
    });

    QUnit.test("the VM destroyed and started under its page: state and live scope follow", async assert => {
        const page = await vmPage(PLAIN);
        const same = await markDocument(page);
        const live = page.locator("#card-scheduler-scope-live");
        assert.true(await live.isEnabled(), "live scope offered while running");
        virsh("destroy", PLAIN);
        assert.strictEqual(await eventually(() => text(page.locator("#vm-state")), t => t === "Shut off"), "Shut off", "state follows destroy");
        assert.false(await eventually(() => live.isEnabled(), e => !e), "live scope disabled when shut off");
        virsh("start", PLAIN);
        assert.strictEqual(await eventually(() => text(page.locator("#vm-state")), t => t === "Running"), "Running", "state follows start");
        assert.true(await eventually(() => live.isEnabled(), e => e), "live scope back");
        assert.true(await same(), "without a reload");
        await page.context().close();
    });

    QUnit.test("the VM undefined under its page: a notice, no stale data", async assert => {
        defineTemp();
        const page = await vmPage(TEMP);
        const same = await markDocument(page);
        virsh("undefine", TEMP);
        await page.locator("#vm-gone").waitFor({ timeout: 10000 });
        assert.true((await page.locator("#vm-gone").innerText()).includes(TEMP), "names the VM");
        assert.strictEqual(await page.locator("#card-scheduler").count(), 0, "its cards are gone");
        assert.true(await same(), "without a reload");
        await page.context().close();
    });

    QUnit.test("two sessions edit the same VM: the second apply gets the conflict, nothing overwritten", async assert => {
        const before = keyValues(virsh("schedinfo", NUMA, "--live")).cpu_shares;
        const first = await vmPage(NUMA), second = await vmPage(NUMA);
        const [a, b] = before === "1500" ? ["1600", "1700"] : ["1500", "1700"];
        // the second session reviews its change first, from the same read
        await scope(second, "card-scheduler", "live");
        await fill(second, "sched-shares", b);
        await review(second, "card-scheduler");
        await scope(first, "card-scheduler", "live");
        await fill(first, "sched-shares", a);
        await review(first, "card-scheduler");
        const one = await apply(first);
        assert.strictEqual(one.outcome, "done", one.text);
        await closeReview(first);
        const two = await apply(second);
        assert.strictEqual(two.outcome, "conflict", two.text);
        assert.true(/shares/.test(two.text), `says what changed: ${two.text}`);
        assert.strictEqual(keyValues(virsh("schedinfo", NUMA, "--live")).cpu_shares, a, "virsh: the first session's value stands");
        await closeReview(second);
        // the second user's edit stays for another look; Reset shows what libvirt holds now
        await second.locator("#card-scheduler-reset").click();
        assert.strictEqual(await eventually(() => second.locator("#sched-shares").inputValue(), v => v === a), a,
                           "the second page knows the value that won");
        await first.context().close();
        await second.context().close();
    });
});
