// virtio-mem on the real stack with the real guest (its kernel loads virtio_mem): attach through the
// card, resize live up and down and read the guest's MemTotal from its status line, the card showing
// plugged against requested as the guest follows; a resize whose second step fails is rolled back;
// what libvirt or QEMU would refuse is refused before anything is sent; viewing changes nothing.
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, newPage, stack, text, virsh } from "./lib.ts";
import { apply, closeReview, fill, openVm, review } from "./cards.ts";
import { INJECTED, METHOD, injectDbusFaults } from "./inject.ts";
import { canonical, installXmldom } from "../unit/support/xml-canon.ts";
import { diffDomainXml } from "../../src/model/domain/xml-compare.ts";
import { liveVolatile } from "../../src/model/vm/changes.ts";

installXmldom();

const NUMA = "vmtune-test-numa";
const PLAIN = "vmtune-test-plain";
const ALIAS = "ua-vmtune-vmem0";
const ROW = `#virtiomem-table tr[data-row="${ALIAS}"]`;
const GUEST_WAIT_MS = 60000;

function memTotal(vm: string): number {
    return Number(/memtotal_kb=(\d+)/.exec(stack("fixtures.sh", "status", vm))?.[1]);
}

/** <requested> and <current> (live only) of the virtio-mem device in a dump, in KiB. */
function sizes(xml: string): { requested?: number; current?: number } {
    const dev = /<memory model='virtio-mem'>[\s\S]*?<\/memory>/.exec(xml)?.[0] ?? "";
    const value = (tag: string) => { const m = new RegExp(`<${tag} unit='KiB'>(\\d+)</${tag}>`).exec(dev); return m ? Number(m[1]) : undefined };
    const out: { requested?: number; current?: number } = {};
    const requested = value("requested"), current = value("current");
    if (requested !== undefined) out.requested = requested;
    if (current !== undefined) out.current = current;
    return out;
}

async function until<T>(read: () => T, accept: (v: T) => boolean, timeout = GUEST_WAIT_MS): Promise<T> {
    return eventually(async () => read(), accept, timeout);
}

async function memoryTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "memory");
    await page.locator("#card-virtiomem").waitFor();
    return page;
}

async function resize(page: Page, requested: string, scope: "live" | "config" | "both") {
    await page.locator(`#virtiomem-resize-${ALIAS}`).click();
    await fill(page, "virtiomem-new-requested", requested);
    await page.locator(`#virtiomem-resize-scope-${scope}`).click();
    return review(page, "virtiomem-resize");
}

QUnit.module("virtio-mem", hooks => {
    let base = 0;
    hooks.before(() => {
        stack("fixtures.sh", "reset", NUMA);
        base = memTotal(NUMA);
    });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", NUMA);
    });

    QUnit.test("attach, then resize live up and down: the guest's MemTotal and the card follow", async assert => {
        const uuid = virsh("domuuid", NUMA).trim();
        const page = await memoryTab(NUMA);
        assert.strictEqual(await text(page.locator("#virtiomem-none")), "No virtio-mem devices.");
        await page.locator("#virtiomem-attach").click();
        await fill(page, "virtiomem-size", "512 MiB");
        await fill(page, "virtiomem-block", "2 MiB");
        await fill(page, "virtiomem-requested", "128 MiB");
        await page.locator("#virtiomem-node").selectOption("1");
        await page.locator("#virtiomem-scope-both").click();
        let steps = await review(page, "virtiomem-attach");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["attach-device both"]);
        assert.true(steps[0]?.virsh.startsWith(`virsh -c qemu:///system attach-device ${uuid} /dev/stdin --live --config`), steps[0]?.virsh);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.deepEqual([sizes(virsh("dumpxml", "--inactive", NUMA)).requested, virsh("dumpxml", NUMA).includes(`<alias name='${ALIAS}'/>`)],
                         [131072, true], "virsh: the device live and next boot, requested 128 MiB");
        let guest = await until(() => memTotal(NUMA), kb => kb === base + 131072);
        assert.strictEqual(guest - base, 131072, `the guest's MemTotal grew by 128 MiB (${base} → ${guest} kB)`);
        assert.strictEqual(await eventually(() => page.locator(ROW).getAttribute("data-plugged"), v => v === "131072"), "131072", "the card: 128 MiB plugged");

        steps = await resize(page, "384 MiB", "live");
        assert.deepEqual(steps.map(s => s.virsh), [`virsh -c qemu:///system update-memory-device ${uuid} --alias ${ALIAS} --requested-size 393216KiB --live`],
                         "one update-memory-device line, only the requested size");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        guest = await until(() => memTotal(NUMA), kb => kb === base + 393216);
        assert.strictEqual(guest - base, 393216, `up: the guest's MemTotal follows to +384 MiB (${guest} kB)`);
        assert.deepEqual(await until(() => sizes(virsh("dumpxml", NUMA)), s => s.current === 393216), { requested: 393216, current: 393216 }, "virsh: live requested and current");
        assert.strictEqual(sizes(virsh("dumpxml", "--inactive", NUMA)).requested, 131072, "next boot unchanged");
        // no libvirt-dbus signal says the guest moved: the card's own readings show it
        assert.strictEqual(await eventually(() => page.locator(ROW).getAttribute("data-plugged"), v => v === "393216", 20000), "393216", "the card followed to 384 MiB plugged");
        assert.strictEqual(await text(page.locator(`${ROW} [data-cell="plugged"]`)), "384 MiB of 384 MiB");

        await resize(page, "64 MiB", "live");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        guest = await until(() => memTotal(NUMA), kb => kb === base + 65536);
        assert.strictEqual(guest - base, 65536, `down: the guest gave the memory back (${guest} kB)`);
        assert.strictEqual(await eventually(() => page.locator(ROW).getAttribute("data-plugged"), v => v === "65536", 20000), "65536", "the card followed down");
        assert.strictEqual(await page.locator("#virtiomem-following").count(), 0, "caught up: no more following");

        // QEMU 7.2 cannot unplug the device: the card offers next boot only, and says why
        assert.strictEqual(await text(page.locator(`#virtiomem-detach-${ALIAS}`)), "Detach for next boot");
        assert.true((await text(page.locator("#virtiomem-detach-note"))).includes("virtio based memory devices cannot be unplugged"));
        await page.context().close();
    });

    QUnit.test("viewing the card while the guest follows writes nothing", async assert => {
        // someone else resizes: the card follows the guest by reading only
        virsh("update-memory-device", NUMA, "--alias", ALIAS, "--requested-size", "192MiB", "--live");
        const before = { live: virsh("dumpxml", "--security-info", NUMA), config: virsh("dumpxml", "--inactive", "--security-info", NUMA) };
        const page = await memoryTab(NUMA);
        assert.strictEqual(await eventually(() => page.locator(ROW).getAttribute("data-plugged"), v => v === "196608", 30000), "196608", "the card followed");
        await new Promise(resolve => setTimeout(resolve, 4000));
        assert.deepEqual(diffDomainXml(before.live, virsh("dumpxml", "--security-info", NUMA), liveVolatile), [], "live: as before but what the guest plugged");
        assert.strictEqual(canonical(virsh("dumpxml", "--inactive", "--security-info", NUMA)), canonical(before.config), "next boot: as before");
        await page.context().close();
        virsh("update-memory-device", NUMA, "--alias", ALIAS, "--requested-size", "64MiB", "--live");
        await until(() => sizes(virsh("dumpxml", NUMA)).current, c => c === 65536);
    });

    QUnit.test("resize both, the next-boot step fails: the live step is undone and the guest goes back", async assert => {
        // live requests 64 MiB, next boot 128 MiB: one step per side
        const before = { live: virsh("dumpxml", "--security-info", NUMA), config: virsh("dumpxml", "--inactive", "--security-info", NUMA) };
        assert.deepEqual([sizes(before.live).requested, sizes(before.config).requested], [65536, 131072]);
        const page = await newPage();
        await openVm(page, NUMA, "memory");
        const fault = await injectDbusFaults(page);
        await page.locator(ROW).waitFor();
        const steps = await resize(page, "256 MiB", "both");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["update-memory-device live", "update-memory-device config"]);
        fault.arm(METHOD["update-memory-device"] ?? "?", 2);
        const { outcome, text: said } = await apply(page);
        assert.strictEqual(outcome, "failed", said);
        assert.true(said.includes(INJECTED) && /1 earlier steps were undone; the VM is as it was/.test(said), said);
        assert.deepEqual(fault.injected.map(c => c.split(" ")[0]), ["UpdateDevice"]);
        const after = await until(() => virsh("dumpxml", "--security-info", NUMA), x => sizes(x).current === 65536);
        assert.deepEqual(sizes(after), { requested: 65536, current: 65536 }, "virsh: live requested back to 64 MiB, the guest unplugged again");
        assert.deepEqual(diffDomainXml(before.live, after, liveVolatile), [], "live definition as before (whole document)");
        assert.strictEqual(canonical(virsh("dumpxml", "--inactive", "--security-info", NUMA)), canonical(before.config), "next boot as before");
        const guest = await until(() => memTotal(NUMA), kb => kb === base + 65536);
        assert.strictEqual(guest - base, 65536, `the guest's MemTotal is back (${guest} kB)`);
        await page.context().close();
    });

    QUnit.test("detach for next boot: the running VM keeps the device (QEMU 7.2 cannot unplug it), next boot loses it", async assert => {
        const page = await memoryTab(NUMA);
        await page.locator(`#virtiomem-detach-${ALIAS}`).click();
        await page.locator("#plan-review").waitFor();
        const steps = await page.locator("#plan-steps > li").evaluateAll(items => items.map(i => `${i.getAttribute("data-command")} ${i.getAttribute("data-scope")}`));
        assert.deepEqual(steps, ["detach-device config"]);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.deepEqual([virsh("dumpxml", NUMA).includes("virtio-mem"), virsh("dumpxml", "--inactive", NUMA).includes("virtio-mem")], [true, false],
                         "virsh: live keeps it, next boot has none");
        assert.strictEqual(await text(page.locator(`${ROW} [data-cell="config"]`)), "—", "the card: not in next boot");
        assert.true(await page.locator(`#virtiomem-detach-${ALIAS}`).isDisabled(), "nothing left to detach while it runs");
        await page.context().close();
    });

    QUnit.test("refused before sending: no hotplug limit or cells; block size; requested beyond the size", async assert => {
        const plain = await memoryTab(PLAIN);
        await plain.locator("#virtiomem-attach").click();
        const findings = await eventually(() => text(plain.locator("#virtiomem-findings")), t => t.includes("<maxMemory>"));
        assert.true(findings.includes("<maxMemory>") && findings.includes("guest NUMA cell"), findings);
        assert.false(await plain.locator("#virtiomem-attach-review").isEnabled(), "no review");
        await plain.context().close();
        const page = await memoryTab(NUMA);
        await page.locator("#virtiomem-attach").click();
        await fill(page, "virtiomem-block", "3 MiB");
        assert.true((await text(page.locator("#virtiomem-block-helper"))).includes("power of two"));
        await fill(page, "virtiomem-block", "1 MiB");
        assert.true((await text(page.locator("#virtiomem-block-helper"))).includes("power of two of at least 2 MiB"));
        await fill(page, "virtiomem-block", "2 MiB");
        await fill(page, "virtiomem-size", "2 GiB");
        assert.true((await text(page.locator("#virtiomem-size-helper"))).includes("left under the hotplug limit"));
        await fill(page, "virtiomem-size", "512 MiB");
        await fill(page, "virtiomem-requested", "1 GiB");
        assert.true((await text(page.locator("#virtiomem-requested-helper"))).includes("at most the device's size"));
        assert.false(await page.locator("#virtiomem-attach-review").isEnabled(), "no review");
        await page.context().close();
    });
});
