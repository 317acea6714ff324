// LXC containers (lxc:///) on the real stack: listed beside the VMs, what LXC cannot do shown as
// such with the reason, and next-boot changes read back with virsh -c lxc:///. libvirt 9.0's LXC
// driver crashes libvirtd on a scheduler call for a container that is not running, so each test
// also checks libvirtd is still there afterwards.
import QUnit from "qunit";
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import { closeBrowser, newPage, stack } from "./lib.ts";
import { apply, closeReview, fill, openVm, review, scope } from "./cards.ts";

const LXC = "vmtune-test-lxc";

function lxcVirsh(...args: string[]): string {
    return execFileSync("virsh", ["-q", "-c", "lxc:///", ...args], { encoding: "utf8" });
}
const inactiveXml = () => lxcVirsh("dumpxml", "--inactive", LXC);
const libvirtdAlive = () => { lxcVirsh("list", "--all"); return true };

/** Next boot on `card`: fill the fields, then Review; the steps. */
async function reviewNextBoot(page: Page, card: string, fields: [string, string][]) {
    await scope(page, card, "config");
    for (const [id, value] of fields)
        await fill(page, id, value);
    return review(page, card);
}

/** Apply the open review, close it; the outcome. */
async function applyAndClose(page: Page): Promise<string> {
    const { outcome } = await apply(page);
    await closeReview(page);
    return outcome;
}

async function lxcTab(tab: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, LXC, tab, "lxc");
    return page;
}

QUnit.module("LXC containers", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", LXC) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", LXC);
    });

    QUnit.test("the overview lists the container under lxc:///, apart from the VMs", async assert => {
        const page = await newPage();
        const row = page.locator(`#vm-table-lxc tr[data-vm="${LXC}"]`);
        await row.waitFor();
        assert.strictEqual(await page.locator(`#vm-table tr[data-vm="${LXC}"]`).count(), 0, "not among the QEMU VMs");
        assert.strictEqual((await row.locator('[data-field="memory"]').innerText()).trim(), "128 MiB / 128 MiB", "memory as libvirt has it");
        assert.true((await page.locator("#connection-lxc h2").innerText()).includes("lxc:///"), "section names the connection");
        await row.locator('a[data-link="vm"]').click();
        await page.locator("#vm-connection").waitFor();
        assert.strictEqual((await page.locator("#vm-connection").innerText()).trim(), "lxc:///", "the VM page names the connection");
        assert.true(page.url().includes("#/lxc/vmtune-test-lxc"), `address: ${page.url()}`);
        await page.context().close();
    });

    QUnit.test("what LXC cannot do is not offered, and the reason is given", async assert => {
        const page = await lxcTab("cpu");
        await page.locator("#card-scheduler #sched-shares").waitFor();
        const shown = await page.locator("#card-scheduler [id^=sched-]").evaluateAll(els => els.filter(e => e.tagName === "INPUT").map(e => e.id));
        assert.deepEqual(shown.sort(), ["sched-period", "sched-quota", "sched-shares"], "LXC's scheduler parameters only");
        assert.true((await page.locator("#card-pinning").innerText()).includes("LXC containers cannot pin CPUs"), "pinning: reason");
        assert.strictEqual(await page.locator("#card-pinning input").count(), 0, "no pin fields");

        await openVm(page, LXC, "memory", "lxc");
        await page.locator("#card-memtune").waitFor();
        assert.strictEqual(await page.locator("#memory-hotplug, #memory-slots").count(), 0, "no hotplug limit or slots for a container");
        assert.true((await page.locator("#memory-current-helper").innerText()).includes("memory limit"), "current memory: the container's limit, not a balloon");
        assert.true((await page.locator("#card-dimms").innerText()).includes("no guest NUMA cells or memory devices"), "DIMMs: reason");
        assert.strictEqual(await page.locator("#dimm-attach").count(), 0, "no attach button");

        await openVm(page, LXC, "numa", "lxc");
        await page.locator("#card-numatune #numa-nodeset").waitFor();
        assert.true((await page.locator("#card-cells").innerText()).includes("no guest NUMA cells"), "guest cells: reason");
        assert.true(libvirtdAlive(), "libvirtd still answers after the container was read");
        await page.context().close();
    });

    QUnit.test("next-boot scheduler, vCPUs and numatune go into one define; memtune by its own call", async assert => {
        const page = await lxcTab("cpu");
        await page.locator("#card-scheduler #sched-shares").waitFor();
        let steps = await reviewNextBoot(page, "card-scheduler", [["sched-shares", "512"]]);
        assert.deepEqual(steps.map(s => s.command), ["define"], "a define, not schedinfo (which crashes libvirt 9.0's LXC driver)");
        assert.true(steps[0]?.virsh.startsWith("virsh -c lxc:/// define"), `virsh line: ${steps[0]?.virsh}`);
        assert.strictEqual(await applyAndClose(page), "done");
        assert.true(inactiveXml().includes("<shares>512</shares>"), "virsh -c lxc:/// dumpxml --inactive: shares");
        assert.true(libvirtdAlive(), "libvirtd still answers");

        steps = await reviewNextBoot(page, "card-vcpus", [["vcpu-max", "2"], ["vcpu-current", "2"]]);
        assert.deepEqual(steps.map(s => s.command), ["define"], "vCPUs: define (LXC has no setvcpus)");
        assert.strictEqual(await applyAndClose(page), "done");
        assert.true(/<vcpu placement='static'>2<\/vcpu>/.test(inactiveXml()), "vcpu 2");

        await openVm(page, LXC, "numa", "lxc");
        await page.locator("#card-numatune #numa-nodeset").waitFor();
        steps = await reviewNextBoot(page, "card-numatune", [["numa-nodeset", "0"]]);
        assert.deepEqual(steps.map(s => s.command), ["define"], "numatune: define (LXC has no numatune call)");
        assert.strictEqual(await applyAndClose(page), "done");
        assert.true(/<memory mode='strict' nodeset='0'\/>/.test(inactiveXml()), "numatune nodeset 0");

        await openVm(page, LXC, "memory", "lxc");
        await page.locator("#card-memtune #memtune-soft_limit").waitFor();
        steps = await reviewNextBoot(page, "card-memtune", [["memtune-soft_limit", "100 MiB"]]);
        assert.deepEqual(steps.map(s => s.command), ["memtune"], "memtune works on LXC");
        assert.true(steps[0]?.virsh.startsWith("virsh -c lxc:/// memtune"), `virsh line: ${steps[0]?.virsh}`);
        assert.strictEqual(await applyAndClose(page), "done");
        assert.true(/<soft_limit unit='KiB'>102400<\/soft_limit>/.test(inactiveXml()), "soft limit 100 MiB");
        assert.true(inactiveXml().includes("<shares>512</shares>"), "the earlier define kept");
        assert.true(libvirtdAlive(), "libvirtd still answers");
        await page.context().close();
    });
});
