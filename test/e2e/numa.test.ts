// The NUMA tab on the real stack: numatune next boot and its live rules, guest NUMA cells edited while
// shut off and seen by the booted guest, effective affinity after a live vCPU pin. virsh and the guest
// are the witnesses. This host has one NUMA node: node 0 is the only valid nodeset.
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, keyValues, newPage, stack, text, virsh, ROOT } from "./lib.ts";

const VM = "vmtune-test-numa";

async function alerts(page: Page, card: string): Promise<string> {
    return (await page.locator(`#${card} .pf-v6-c-alert`).allTextContents()).join(" / ");
}

async function review(page: Page, card: string): Promise<string[]> {
    await page.click(`#${card}-review`);
    await page.locator("#plan-review").waitFor();
    return page.locator("#plan-steps li").evaluateAll(items => items.map(li => `${li.getAttribute("data-command")}/${li.getAttribute("data-scope")}`));
}

async function apply(page: Page): Promise<void> {
    await page.click("#plan-apply");
    await page.locator("#apply-done, #apply-failed, #apply-error, #apply-conflict").first().waitFor({ timeout: 60000 });
    const failed = await text(page.locator("#apply-failed, #apply-error, #apply-conflict"));
    if (failed) throw new Error(`apply failed: ${failed}`);
    await page.click("#plan-close");
}

QUnit.module("numa", hooks => {
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", VM);
    });

    QUnit.test("numatune for next boot → dumpxml --inactive", async assert => {
        const page = await newPage(`/vm/${VM}/numa`);
        await page.locator("#card-numatune").waitFor();
        await page.click("#card-numatune-scope-config");
        await page.selectOption("#numa-mode", "interleave");
        await page.fill("#numa-nodeset", "0");
        assert.deepEqual(await review(page, "card-numatune"), ["numatune/config"], "one config step");
        const lines = await page.locator("#plan-steps pre").evaluateAll(blocks => blocks.map(b => b.textContent ?? ""));
        // the VM is named by its UUID (issue 12, finding 7)
        const uuid = virsh("domuuid", VM).trim();
        assert.true(lines.some(l => l === `virsh -c qemu:///system numatune ${uuid} --mode interleave --nodeset 0 --config`), lines.join(" | "));
        await apply(page);
        const xml = virsh("dumpxml", "--inactive", VM);
        assert.true(/<memory mode=['"]interleave['"] nodeset=['"]0['"]\/>/.test(xml), "config numatune interleave 0");
        assert.strictEqual(keyValues(virsh("numatune", VM, "--live")).numa_mode, "strict", "live untouched");
        await page.context().close();
    });

    QUnit.test("live: a mode change and a nodeset change under strict are refused before sending, with the reason", async assert => {
        const before = virsh("numatune", VM, "--live");
        const page = await newPage(`/vm/${VM}/numa`);
        await page.locator("#card-numatune").waitFor();
        await page.click("#card-numatune-scope-live");
        await page.selectOption("#numa-mode", "interleave");
        const modeMsg = await eventually(() => text(page.locator("#numa-mode-helper [data-finding=error]")), t => t !== "");
        assert.true(/cannot change while the VM runs \(it is strict\)/.test(modeMsg), modeMsg);
        assert.true(await page.locator("#card-numatune-review").isDisabled(), "Review disabled");
        await page.click("#card-numatune-reset");
        await page.fill("#numa-nodeset", "0");
        const nodesetMsg = await eventually(() => text(page.locator("#numa-nodeset-helper [data-finding=error]")), t => t !== "");
        assert.true(/only with mode restrictive \(it is strict\)/.test(nodesetMsg), nodesetMsg);
        assert.true(await page.locator("#card-numatune-review").isDisabled(), "Review disabled");
        assert.strictEqual(virsh("numatune", VM, "--live"), before, "virsh shows nothing changed");
        await page.screenshot({ path: `${ROOT}/doc/screenshot-numa-refused.png`, fullPage: true });
        await page.context().close();
    });

    QUnit.test("live nodeset on a restrictive VM: offered live, checked against the host's nodes", async assert => {
        virsh("numatune", VM, "--config", "--mode", "restrictive", "--nodeset", "0");
        virsh("destroy", VM);
        virsh("start", VM);
        stack("fixtures.sh", "wait", VM, "^VMTUNE ");
        const live = keyValues(virsh("numatune", VM, "--live"));
        assert.deepEqual([live.numa_mode, live.numa_nodeset], ["restrictive", "0"], "virsh: restrictive 0 live");
        const page = await newPage(`/vm/${VM}/numa`);
        await page.locator("#card-numatune").waitFor();
        await page.click("#card-numatune-scope-live");
        assert.strictEqual(await page.inputValue("#numa-mode"), "restrictive", "page shows the live mode");
        assert.strictEqual(await page.inputValue("#numa-nodeset"), "0", "and the live nodeset");
        await page.fill("#numa-nodeset", "0-1");
        const msg = await eventually(() => text(page.locator("#numa-nodeset-helper [data-finding=error]")), t => t !== "");
        assert.true(/nodes 1 do not exist/.test(msg), msg);
        assert.false(/restrictive/.test(msg), "no restrictive refusal: the live change itself is allowed");
        await page.fill("#numa-nodeset", "0");
        assert.strictEqual(await text(page.locator("#numa-nodeset-helper [data-finding]")), "", "node 0 is accepted live");
        assert.deepEqual(keyValues(virsh("numatune", VM, "--live")).numa_nodeset, "0", "nothing sent");
        await page.context().close();
        stack("fixtures.sh", "reset", VM);
    });

    QUnit.test("guest cells edited on the shut-off VM; started, the guest sees the nodes", async assert => {
        virsh("destroy", VM);
        const page = await newPage(`/vm/${VM}/numa`);
        await page.locator("#card-cells").waitFor();
        await eventually(() => text(page.locator("#vm-state")), t => t === "Shut off");
        assert.true((await text(page.locator("#cells-next-boot"))).includes("Next boot only"), "says config only");
        await page.click("#cells-add");
        await page.fill("#cell-1-cpus", "2");
        await page.fill("#cell-1-memory", "128 MiB");
        await page.fill("#cell-2-cpus", "2");
        await page.fill("#cell-2-memory", "128 MiB");
        const dup = await eventually(() => alerts(page, "card-cells"), t => /in no cell/.test(t));
        assert.true(/vCPU 2 is in cells 1, 2/.test(dup) && /vCPUs 3 are in no cell/.test(dup), dup);
        assert.true(await page.locator("#card-cells-review").isDisabled(), "Review disabled while a vCPU is twice");
        await page.fill("#cell-2-cpus", "3");
        await page.fill("#cell-2-memory", "64 MiB");
        const sum = await eventually(() => alerts(page, "card-cells"), t => /add up to/.test(t));
        assert.true(/add up to 448 MiB but the VM's memory is 512 MiB/.test(sum), sum);
        await page.fill("#cell-2-memory", "128 MiB");
        assert.deepEqual(await review(page, "card-cells"), ["define/config"], "one define step");
        await apply(page);
        const xml = virsh("dumpxml", "--inactive", VM);
        assert.true(/<cell id=['"]2['"] cpus=['"]3['"] memory=['"]131072['"]/.test(xml), "libvirt has cell 2");
        virsh("start", VM);
        const status = stack("fixtures.sh", "wait", VM, "nodes=0-2");
        assert.true(/nodes=0-2/.test(status), `guest: ${status.trim()}`);
        await page.context().close();
        stack("fixtures.sh", "reset", VM);
    });

    QUnit.test("after a live vCPU pin, effective affinity shows the new Cpus_allowed_list", async assert => {
        const page = await newPage(`/vm/${VM}/cpu`);
        await page.locator("#card-pinning").waitFor();
        await page.click("#card-pinning-scope-live");
        await page.fill("#pin-vcpu-1", "1");
        assert.deepEqual(await review(page, "card-pinning"), ["vcpupin/live"]);
        await apply(page);
        assert.true(/^\s*1\s+1\s*$/m.test(virsh("vcpupin", VM, "--live", "--vcpu", "1")), "virsh vcpupin --live: 1");
        await page.getByRole("tab", { name: "NUMA" }).click();
        const row = page.locator('#affinity-table tr[data-thread="CPU 1/TCG"]');
        const allowed = await eventually(() => text(row.locator('[data-field="cpus-allowed"]')), t => t === "1");
        assert.strictEqual(allowed, "1", "kernel allows CPU 1 only");
        assert.strictEqual(await text(row.locator('[data-field="cpus-told"]')), "1", "libvirt was told 1");
        assert.strictEqual(await text(page.locator('#affinity-table tr[data-thread="CPU 0/TCG"] [data-field="cpus-allowed"]')), "0-1", "vCPU 0 unchanged");
        await page.screenshot({ path: `${ROOT}/doc/screenshot-numa.png`, fullPage: true });
        // the current tab's underline sits under that tab, also after the tabs before it change width
        // (as they do when the web font arrives after the first layout): widen the first tab
        const underline = await page.evaluate(async () => {
            await document.fonts.ready;
            const tabs = document.querySelector<HTMLElement>(".pf-v6-c-tabs");
            tabs?.querySelector<HTMLElement>("li")?.style.setProperty("padding-inline-start", "40px");
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const current = tabs?.querySelector<HTMLElement>("li.pf-m-current");
            // (no named helper here: the test's compiler would wrap it in a function the page lacks)
            return {
                start: tabs?.style.getPropertyValue("--pf-v6-c-tabs--link-accent--start"),
                length: tabs?.style.getPropertyValue("--pf-v6-c-tabs--link-accent--length"),
                left: `${current?.offsetLeft}px`, width: `${current?.offsetWidth}px`,
            };
        });
        assert.deepEqual([underline.start, underline.length], [underline.left, underline.width], "underline under the NUMA tab");
        await page.context().close();
    });
});
