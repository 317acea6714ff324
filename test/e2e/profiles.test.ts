// CPU profiles on the real stack (this host: one node, CPUs 0-1). Dedicated applied to the 1-vCPU
// fixture through the Profile card: virsh shows each of the Review's steps (vCPU 0 on one CPU, the
// emulator on the other, numatune strict, nosharepages), the placement map and the overview show it;
// the 4-vCPU fixture asking Dedicated next gets the refusal with the reason and nothing is sent; Shared
// gives back exactly the definitions there were (live and next boot, secure, whole documents); with Both
// the running VM is pinned at once (the fixture is reset after).
import { writeFileSync } from "node:fs";
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { ROOT, closeBrowser, eventually, keyValues, newPage, stack, text, virsh } from "./lib.ts";
import { apply, openVm, review, reviewEnabled } from "./cards.ts";
import { canonical, installXmldom } from "../unit/support/xml-canon.ts";

installXmldom();

const PLAIN = "vmtune-test-plain";
const NUMA = "vmtune-test-numa";
const OFF = "vmtune-test-off";

interface Definitions { live: string; config: string }

/** Both definitions as libvirt has them, secure, canonical. */
function definitions(vm: string): Definitions {
    return {
        live: canonical(virsh("dumpxml", "--security-info", vm)),
        config: canonical(virsh("dumpxml", "--inactive", "--security-info", vm)),
    };
}

async function profilePage(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator("#card-profile").waitFor();
    return page;
}

QUnit.module("profiles", hooks => {
    let before: Definitions;
    hooks.before(() => {
        stack("fixtures.sh", "reset", PLAIN, OFF);
        // the shut-off fixture pins every CPU of this 2-CPU host for next boot: free them so Dedicated fits
        const xml = virsh("dumpxml", "--inactive", "--security-info", OFF).replace(/^\s*<(vcpupin|emulatorpin) [^>]*\/>\n/gm, "");
        writeFileSync(`${ROOT}/build/profiles-off.xml`, xml);
        virsh("define", `${ROOT}/build/profiles-off.xml`);
        before = definitions(PLAIN);
    });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", PLAIN, OFF);
    });

    QUnit.test("Dedicated on the 1-vCPU VM: virsh shows each planned step; the map and the overview show the profile", async assert => {
        const page = await profilePage(PLAIN);
        assert.strictEqual(await text(page.locator('#profile-current [data-side="config"]')), "Shared", "detected: floating");
        await page.selectOption("#profile-choice", "dedicated");
        const pins = await text(page.locator('#profile-details [data-field="vcpupin"]'));
        const cpu = /^vCPU 0 → CPU (\d)$/.exec(pins)?.[1] ?? "";
        const other = cpu === "0" ? "1" : "0";
        assert.true(cpu !== "", pins);
        assert.strictEqual(await text(page.locator('#profile-details [data-field="emulatorpin"]')), other, "the emulator on the other CPU");
        const card = await text(page.locator("#card-profile"));
        assert.true(card.includes("dedicated-vCPU hint is left out"), "the hint left out (qemu64), said why");
        assert.true(card.includes(`${NUMA} is not pinned off CPUs ${cpu}: its vCPUs still run there`), "the floating VM named, with how to fix it");

        const steps = await review(page, "card-profile");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["define config", "numatune config", "vcpupin config", "emulatorpin config"],
                         "one plan, next boot");
        const line = (command: string) => steps.find(s => s.command === command)?.virsh ?? "";
        assert.true(line("define").includes("<nosharepages/>"), "define: nosharepages");
        const vcpupin = /virsh -c qemu:\/\/\/system vcpupin \S+ 0 (\d+) --config$/.exec(line("vcpupin"))?.[1];
        const emulatorpin = /virsh -c qemu:\/\/\/system emulatorpin \S+ (\S+) --config$/.exec(line("emulatorpin"))?.[1];
        const nodeset = /--nodeset (\S+)/.exec(line("numatune"))?.[1];
        assert.deepEqual([vcpupin, emulatorpin], [cpu, other], `${line("vcpupin")} / ${line("emulatorpin")}`);
        const { outcome, text: said } = await apply(page);
        assert.strictEqual(outcome, "done", said);
        await page.click("#plan-close");

        assert.true(new RegExp(`^\\s*0\\s+${vcpupin}\\s*$`, "m").test(virsh("vcpupin", PLAIN, "--config")), "virsh vcpupin --config: as planned");
        assert.true(new RegExp(`^\\s*(\\*:\\s+)?${emulatorpin}\\s*$`, "m").test(virsh("emulatorpin", PLAIN, "--config")), "virsh emulatorpin --config: as planned");
        const numa = keyValues(virsh("numatune", PLAIN, "--config"));
        assert.deepEqual([numa.numa_mode, numa.numa_nodeset], ["strict", nodeset], `virsh numatune --config: strict, as planned (${line("numatune")})`);
        assert.strictEqual(nodeset, "0", "the host's one node");
        assert.true(/<memoryBacking>\s*<nosharepages\/>\s*<\/memoryBacking>/.test(virsh("dumpxml", "--inactive", PLAIN)), "virsh dumpxml --inactive: nosharepages");
        assert.deepEqual(definitions(PLAIN).live, before.live, "live untouched (next boot chosen)");
        assert.strictEqual(await eventually(() => text(page.locator('#profile-current [data-side="config"]')), t => t === "Dedicated"), "Dedicated",
                           "the card detects it back");

        const host = await newPage("/host");
        await host.locator("#placement-map").waitFor();
        await host.click("#placement-view-config");
        const cell = host.locator(`#placement-map [data-cpu="${cpu}"]`);
        assert.strictEqual(await eventually(() => cell.getAttribute("data-dedicated"), v => v === PLAIN), PLAIN, "the map: dedicated CPU");
        assert.true((await cell.getAttribute("aria-label"))?.includes(`dedicated to ${PLAIN} (Dedicated)`), "its accessible name says so");
        assert.strictEqual(await host.locator(`#placement-map [data-cpu="${other}"]`).getAttribute("data-dedicated"), null, "the emulator's CPU is not");
        assert.true((await text(host.locator("#placement-dedicated-legend"))).includes("dedicated"), "legend entry");

        const overview = await newPage("/");
        const profile = overview.locator(`#vm-table tr[data-vm="${PLAIN}"] [data-field="profile"]`);
        assert.strictEqual(await eventually(() => text(profile), t => t.includes("Dedicated")), "Sharednext boot: Dedicated", "overview: live Shared, next boot Dedicated");
        await page.context().close();
        await host.context().close();
        await overview.context().close();
    });

    QUnit.test("the 4-vCPU VM asking Dedicated: refused with the reason before anything is sent", async assert => {
        const numaBefore = definitions(NUMA);
        const page = await profilePage(NUMA);
        await page.selectOption("#profile-choice", "dedicated");
        // its two guest cells cannot spread over this host's one node either: the first cell's reason
        const card = await eventually(() => text(page.locator("#card-profile")), t => t.includes("fits on none"));
        assert.true(card.includes("No host node has room for the VM's 4 vCPUs, and its guest cell 0 fits on none: node 0 has 0 free CPUs, 3 are needed: one per vCPU (2) and one for the emulator (CPUs there are pinned by vmtune-test-plain)"), card);
        assert.false(await reviewEnabled(page, "card-profile"), "Review blocked: nothing can be sent");
        assert.deepEqual(definitions(NUMA), numaBefore, "virsh: both definitions unchanged");
        await page.context().close();
    });

    QUnit.test("Shared gives back exactly the definitions there were", async assert => {
        const page = await profilePage(PLAIN);
        await page.selectOption("#profile-choice", "shared");
        const steps = await review(page, "card-profile");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["define config"], "one define: pins, numatune and nosharepages out");
        const { outcome, text: said } = await apply(page);
        assert.strictEqual(outcome, "done", said);
        await page.click("#plan-close");
        assert.deepEqual(definitions(PLAIN), before, "virsh: live and next boot as before (secure, canonical, whole documents)");
        assert.strictEqual(await eventually(() => text(page.locator('#profile-current [data-side="config"]')), t => t === "Shared"), "Shared");
        await page.context().close();
    });

    QUnit.test("Dedicated with Both: the running VM pinned now, the rest for next boot, each step with its scope", async assert => {
        const page = await profilePage(PLAIN);
        await page.selectOption("#profile-choice", "dedicated");
        await page.locator("#card-profile-scope-both").click();
        const cpu = /CPU (\d)$/.exec(await text(page.locator('#profile-details [data-field="vcpupin"]')))?.[1] ?? "";
        const other = await text(page.locator('#profile-details [data-field="emulatorpin"]'));
        const steps = await review(page, "card-profile");
        assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`),
                         ["define config", "numatune config", "vcpupin live", "vcpupin config", "emulatorpin live", "emulatorpin config"],
                         "next boot's part, then the pins live and for next boot");
        const { outcome, text: said } = await apply(page);
        assert.strictEqual(outcome, "done", said);
        await page.click("#plan-close");
        assert.true(new RegExp(`^\\s*0\\s+${cpu}\\s*$`, "m").test(virsh("vcpupin", PLAIN, "--live")), "virsh vcpupin --live");
        assert.true(new RegExp(`^\\s*(\\*:\\s+)?${other}\\s*$`, "m").test(virsh("emulatorpin", PLAIN, "--live")), "virsh emulatorpin --live");
        assert.true(new RegExp(`^\\s*0\\s+${cpu}\\s*$`, "m").test(virsh("vcpupin", PLAIN, "--config")), "virsh vcpupin --config");
        assert.deepEqual(definitions(PLAIN).config.includes("nosharepages"), true, "next boot: nosharepages");
        await page.context().close();
    });
});
