// The overview on the real stack: every fixture with the values virsh reports, live updates, and
// the state that explains a stopped libvirt-dbus.
import QUnit from "qunit";
import { cell, closeBrowser, eventually, keyValues, newPage, stack, text, virsh, ROOT } from "./lib.ts";

const FIXTURES = ["vmtune-test-numa", "vmtune-test-off", "vmtune-test-plain"];

QUnit.module("overview", hooks => {
    hooks.after(closeBrowser);

    QUnit.test("every fixture is listed with the vCPUs, shares and state virsh reports", async assert => {
        const page = await newPage();
        await page.locator("#vm-table").waitFor();
        for (const vm of FIXTURES) {
            const count = virsh("vcpucount", vm);
            const active = /live/.test(count);
            const current = Number(/current\s+(?:live|config)\s+(\d+)/.exec(count)?.[1]);
            const maximum = Number(/maximum\s+(?:live|config)\s+(\d+)/.exec(count)?.[1]);
            assert.strictEqual((await cell(page, vm, "vcpus").locator("[data-scope]").first().textContent())?.trim(),
                `${current} / ${maximum}`, `${vm} vCPUs`);
            const shares = keyValues(virsh("schedinfo", vm)).cpu_shares;
            assert.strictEqual((await cell(page, vm, "shares").locator("[data-scope]").first().textContent())?.trim(),
                shares, `${vm} cpu_shares`);
            assert.strictEqual((await cell(page, vm, "state").textContent())?.trim(),
                active ? "Running" : "Shut off", `${vm} state`);
        }
        await page.screenshot({ path: `${ROOT}/doc/screenshot-overview.png`, fullPage: true });
        await page.context().close();
    });

    QUnit.test("a virsh schedinfo change appears without reload, with the next-boot badge", async assert => {
        const page = await newPage();
        const shares = cell(page, "vmtune-test-numa", "shares");
        await shares.waitFor();
        const before = keyValues(virsh("schedinfo", "vmtune-test-numa", "--config")).cpu_shares;
        virsh("schedinfo", "vmtune-test-numa", "--live", "cpu_shares=777");
        const live = () => text(shares.locator('[data-scope="live"]'));
        assert.strictEqual(await eventually(live, v => v === "777", 5000), "777", "live value followed virsh");
        assert.true((await text(shares.locator('[data-scope="config"]'))).includes(String(before)), "next-boot value beside it");
        assert.strictEqual(keyValues(virsh("schedinfo", "vmtune-test-numa")).cpu_shares, "777", "virsh agrees");
        virsh("schedinfo", "vmtune-test-numa", "--live", `cpu_shares=${before}`);
        assert.strictEqual(await eventually(live, v => v === String(before), 5000), String(before), "and back");
        await page.context().close();
    });

    QUnit.test("libvirt-dbus stopped: the page says so, and recovers when it is back", async assert => {
        stack("libvirt-dbus.sh", "stop");
        try {
            const page = await newPage();
            await page.locator("#state-no-service").waitFor({ timeout: 20000 });
            assert.true(/libvirt-dbus/.test(await page.locator("#state-no-service").innerText()), "names the service");
            stack("libvirt-dbus.sh", "start");
            await page.locator("#vm-table").waitFor({ timeout: 20000 });
            assert.true(await cell(page, "vmtune-test-numa", "name").isVisible(), "recovered without reload");
            await page.context().close();
        } finally {
            stack("libvirt-dbus.sh", "start");
        }
    });
});
