// The host topology page on the real stack: reached from the host summary, nodes as libvirt and
// numactl report them, the placement map (keyboard, live pins), and "Suggest placement" applied as one
// plan, checked with virsh vcpupin / emulatorpin / numatune. Multi-node behaviour is unit-tested on the
// captured 4- and 8-node fixtures (this host has one node).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import QUnit from "qunit";
import { closeBrowser, eventually, keyValues, newPage, stack, text, virsh, ROOT } from "./lib.ts";

const PLAIN = "vmtune-test-plain";
const OFF = "vmtune-test-off";

QUnit.module("placement", hooks => {
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", PLAIN, OFF);
    });

    QUnit.test("host page from the summary: nodes, memory, numactl as the host reports them", async assert => {
        const page = await newPage();
        await page.click("#host-topology-link");
        await page.locator("#host-topology").waitFor();
        assert.strictEqual(await text(page.locator("#host-title")), "Host topology");
        const numactl = execFileSync("numactl", ["--hardware"], { encoding: "utf8" });
        const cpus = /node 0 cpus: ([\d ]+)/.exec(numactl)?.[1]?.trim().split(" ") ?? [];
        assert.strictEqual(await text(page.locator('.vmtune-host-node[data-node="0"] [data-field="cpus"]')),
                           cpus.length > 1 ? `${cpus[0]}-${cpus[cpus.length - 1]}` : cpus[0], "node 0 CPUs as numactl lists them");
        assert.true(/GiB total, .* free/.test(await text(page.locator('.vmtune-host-node[data-node="0"] [data-field="memory"]'))));
        const output = await eventually(() => text(page.locator("#numactl-output")), t => t !== "");
        assert.true(output.startsWith("available: 1 nodes (0)"), "numactl --hardware shown");
        assert.strictEqual(await text(page.locator('#host-distances tr[data-node="0"] td:nth-child(2)')), "10", "distance 10");
        assert.strictEqual(await page.locator("#placement-map [data-cpu]").count(), cpus.length, "one cell per host CPU");
        await page.context().close();
    });

    QUnit.test("placement map: keyboard between CPU cells, a live virsh pin appears on its cell", async assert => {
        virsh("vcpupin", PLAIN, "0", "1", "--live");
        const page = await newPage("/host");
        const cell1 = page.locator('#placement-map [data-cpu="1"]');
        await cell1.waitFor();
        const owners = await eventually(() => cell1.getAttribute("data-vms"), v => v?.includes(PLAIN) ?? false);
        assert.strictEqual(owners, PLAIN, "live pin on CPU 1");
        assert.true((await cell1.getAttribute("aria-label"))?.includes(`${PLAIN}: vCPU 0`), "accessible name names the pin");
        await page.locator('#placement-map [data-cpu="0"]').focus();
        await page.keyboard.press("ArrowRight");
        assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cpu), "1", "ArrowRight moves to CPU 1");
        assert.strictEqual(await cell1.getAttribute("tabindex"), "0", "roving tab stop follows");
        assert.true((await text(page.locator("#placement-details"))).startsWith("CPU 1"), "details announce the focused CPU");
        await page.keyboard.press("Home");
        assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cpu), "0", "Home to the first CPU");
        await page.click("#placement-view-config");
        assert.strictEqual(await cell1.getAttribute("data-vms"), OFF, "next boot: only the shut-off VM's config pins");
        await page.context().close();
        stack("fixtures.sh", "reset", PLAIN);
    });

    QUnit.test("suggested placement applied → virsh vcpupin, emulatorpin and numatune show it; the map too", async assert => {
        // the shut-off fixture pins every CPU of this 2-CPU host: free them so a suggestion fits
        const xml = virsh("dumpxml", "--inactive", OFF).replace(/^\s*<(vcpupin|emulatorpin) [^>]*\/>\n/gm, "");
        const file = `${ROOT}/build/placement-off.xml`;
        writeFileSync(file, xml);
        virsh("define", file);
        const page = await newPage("/host");
        await page.locator("#suggest-vm").waitFor();
        await page.selectOption("#suggest-vm", PLAIN);
        await page.click("#suggest-placement");
        await page.locator("#suggest-explanation").waitFor();
        assert.true(/Host node 0 has room/.test(await text(page.locator("#suggest-explanation"))));
        const vcpupin = await text(page.locator('#suggest-details [data-field="vcpupin"]'));
        const cpu = /vCPU 0 → CPU (\d+)/.exec(vcpupin)?.[1];
        const emulator = await text(page.locator('#suggest-details [data-field="emulatorpin"]'));
        assert.notStrictEqual(cpu, undefined, vcpupin);
        assert.strictEqual(await page.locator(`#placement-map [data-cpu="${cpu}"]`).getAttribute("data-suggested"), "vCPU 0", "shown on the map");
        await page.screenshot({ path: `${ROOT}/doc/screenshot-placement.png`, fullPage: true });
        await page.click("#card-suggest-review");
        await page.locator("#plan-review").waitFor();
        const steps = await page.locator("#plan-steps li").evaluateAll(items => items.map(li => li.getAttribute("data-command")));
        assert.deepEqual([...steps].sort(), ["emulatorpin", "numatune", "vcpupin"], "one plan: vcpupin, emulatorpin, numatune");
        await page.click("#plan-apply");
        await page.locator("#apply-done, #apply-failed, #apply-error, #apply-conflict").first().waitFor({ timeout: 60000 });
        assert.strictEqual(await text(page.locator("#apply-failed, #apply-error, #apply-conflict")), "", "applied");
        await page.click("#plan-close");
        assert.true(new RegExp(`^\\s*0\\s+${cpu}\\s*$`, "m").test(virsh("vcpupin", PLAIN, "--config")), "virsh vcpupin --config");
        assert.true(new RegExp(`^\\s*(\\*:\\s+)?${emulator}\\s*$`, "m").test(virsh("emulatorpin", PLAIN, "--config")), "virsh emulatorpin --config");
        const numa = keyValues(virsh("numatune", PLAIN, "--config"));
        assert.deepEqual([numa.numa_mode, numa.numa_nodeset], ["strict", "0"], "virsh numatune --config");
        await page.click("#placement-view-config");
        const owners = await eventually(() => page.locator(`#placement-map [data-cpu="${cpu}"]`).getAttribute("data-vms"),
                                        v => v?.includes(PLAIN) ?? false);
        assert.true(owners?.includes(PLAIN), `map shows ${PLAIN} on CPU ${cpu} for next boot`);
        await page.context().close();
    });
});
