// Exact rollback (issue 12, 9): a plan whose LAST step fails leaves the VM's live and next-boot
// definitions canonically as they were before (secure dumps, whole documents), for each kind of
// step that a plan can run before a failing one. libvirt refuses no late step of these plans by
// itself, so the last step's D-Bus call is failed in the page's WebSocket (inject.ts); every step
// before it, every undo and every read runs on the real libvirt. Where the guest itself refuses
// the undo (vCPU hot-unplug of qemu64), the outcome must name exactly what still differs.
import QUnit from "qunit";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { ROOT, closeBrowser, newPage, stack, text, virsh } from "./lib.ts";
import { apply, fill, openVm, review, scope } from "./cards.ts";
import type { DbusFault } from "./inject.ts";
import { INJECTED, METHOD, injectDbusFaults } from "./inject.ts";
import { canonical, installXmldom } from "../unit/support/xml-canon.ts";
import { diffDomainXml } from "../../src/model/domain/xml-compare.ts";
import { liveVolatile } from "../../src/model/vm/changes.ts";

installXmldom();
mkdirSync(`${ROOT}/build`, { recursive: true });

const OFF = "vmtune-test-off";
const NUMA = "vmtune-test-numa";
const PLAIN = "vmtune-test-plain";

interface Definitions { live: string; config: string }

/** Both definitions as libvirt has them, secure, canonical ("" live when shut off). */
function definitions(vm: string): Definitions {
    const running = /running/.test(virsh("domstate", vm));
    return {
        live: running ? canonical(virsh("dumpxml", "--security-info", vm)) : "",
        config: canonical(virsh("dumpxml", "--inactive", "--security-info", vm)),
    };
}

async function vmPage(vm: string, tab: string): Promise<{ page: Page; fault: DbusFault }> {
    const page = await newPage();
    await openVm(page, vm, tab);
    const fault = await injectDbusFaults(page);
    await page.locator("#vm-title").waitFor();
    return { page, fault };
}

/** Both definitions as libvirt has them, secure, as text ("" live when shut off). */
function rawDefinitions(vm: string): Definitions {
    const running = /running/.test(virsh("domstate", vm));
    return {
        live: running ? virsh("dumpxml", "--security-info", vm) : "",
        config: virsh("dumpxml", "--inactive", "--security-info", vm),
    };
}

/**
 * Where an undo cannot restore the live side exactly (the guest refuses, or a planner inverse is not
 * exact): next boot must still be as before, and the outcome must list exactly what differs live
 * (computed here from virsh's dumps), and must not say the VM is as it was.
 */
async function assertRestoredOrNamed(assert: Assert, before: Definitions, after: Definitions, page: Page, said: string): Promise<void> {
    assert.strictEqual(canonical(after.config), canonical(before.config), "virsh: next boot as before (secure, whole document)");
    const listed = (await page.locator("#apply-not-restored li").allInnerTexts()).map(t => t.trim()).filter(t => t.startsWith("live: "));
    if (canonical(after.live) === canonical(before.live)) {
        assert.deepEqual(listed, [], "virsh: live as before, and nothing listed as different");
        return;
    }
    const differs = diffDomainXml(before.live, after.live, liveVolatile).map(c => `live: ${c}`);
    assert.true(differs.length > 0, "virsh: the live definition differs");
    assert.deepEqual(listed, differs, "the outcome lists exactly what still differs live");
    assert.false(/the VM is as it was/.test(said), "and does not claim the VM is as it was");
}

/** Review, fail the last step, Apply: the steps and the outcome. */
async function failLast(page: Page, fault: DbusFault, card: string): Promise<{ commands: string[]; outcome: string; text: string }> {
    const steps = await review(page, card);
    const last = steps[steps.length - 1];
    const method = METHOD[last?.command ?? ""] ?? "?";
    fault.arm(method, steps.filter(s => METHOD[s.command] === method).length);
    const { outcome, text: said } = await apply(page);
    return { commands: steps.map(s => `${s.command} ${s.scope}`), outcome, text: said };
}

QUnit.module("rollback", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", NUMA, OFF, PLAIN) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", NUMA, OFF, PLAIN);
    });

    QUnit.test("scheduler: live done, next boot fails → live undone; both definitions as before", async assert => {
        virsh("schedinfo", NUMA, "--config", "cpu_shares=500"); // next boot differs from live: one step per side
        const before = definitions(NUMA);
        const { page, fault } = await vmPage(NUMA, "cpu");
        await scope(page, "card-scheduler", "both");
        await fill(page, "sched-shares", "777");
        const r = await failLast(page, fault, "card-scheduler");
        assert.deepEqual(r.commands, ["schedinfo live", "schedinfo config"], "two steps");
        assert.strictEqual(r.outcome, "failed", r.text);
        assert.true(r.text.includes(INJECTED) && /1 earlier steps were undone; the VM is as it was/.test(r.text), r.text);
        assert.deepEqual(definitions(NUMA), before, "virsh: live and next-boot definitions as before");
        assert.strictEqual(/cpu_shares\s*:\s*(\d+)/.exec(virsh("schedinfo", NUMA, "--live"))?.[1], "1024", "virsh schedinfo --live: 1024");
        await page.context().close();
    });

    QUnit.test("vCPU pins: the first pin done, the second fails → the first undone, or what differs named", async assert => {
        // libvirt 9.0 cannot remove a pin: an absent next-boot pin is undone by defining the XML as read,
        // an absent live pin comes back as a pin to every CPU; the outcome must then say so, line by line
        const before = rawDefinitions(NUMA);
        const { page, fault } = await vmPage(NUMA, "cpu");
        await scope(page, "card-pinning", "both");
        await fill(page, "pin-vcpu-0", "1");
        await fill(page, "pin-vcpu-1", "0");
        const r = await failLast(page, fault, "card-pinning");
        // unpinned vCPUs: one step per side, since their undo differs (live: every CPU; next boot: a define)
        assert.deepEqual(r.commands, ["vcpupin live", "vcpupin config", "vcpupin live", "vcpupin config"]);
        assert.strictEqual(r.outcome, "failed", r.text);
        await assertRestoredOrNamed(assert, before, rawDefinitions(NUMA), page, r.text);
        await page.context().close();
    });

    QUnit.test("define then vCPU count: the count fails → the define undone, the password kept", async assert => {
        const before = definitions(OFF);
        const { page, fault } = await vmPage(OFF, "cpu");
        await fill(page, "topology-sockets", "2");
        await fill(page, "topology-cores", "2");
        await fill(page, "vcpu-current", "1");
        const r = await failLast(page, fault, "card-vcpus");
        assert.deepEqual(r.commands, ["define config", "setvcpus config"]);
        assert.strictEqual(r.outcome, "failed", r.text);
        assert.deepEqual(definitions(OFF), before, `virsh: next boot as before, password included (${r.text})`);
        await page.context().close();
    });

    QUnit.test("vCPU count for next boot: the maximum raised, the count fails → the maximum lowered back", async assert => {
        // without a <topology> the maximum is a setvcpus of its own (with one, it is part of a define)
        const untied = virsh("dumpxml", "--inactive", "--security-info", OFF).replace(/^\s*<topology [^>]*\/>\n/m, "");
        writeFileSync(`${ROOT}/build/rollback-off-vcpus.xml`, untied);
        virsh("define", `${ROOT}/build/rollback-off-vcpus.xml`);
        const before = definitions(OFF);
        const { page, fault } = await vmPage(OFF, "cpu");
        await fill(page, "vcpu-max", "6");
        await fill(page, "vcpu-current", "3");
        const r = await failLast(page, fault, "card-vcpus");
        assert.deepEqual(r.commands, ["setvcpus config", "setvcpus config"]);
        assert.strictEqual(r.outcome, "failed", r.text);
        assert.deepEqual(definitions(OFF), before, `virsh: next boot as before (${r.text})`);
        await page.context().close();
        stack("fixtures.sh", "reset", OFF);
    });

    QUnit.test("memtune: soft done, hard fails → soft undone", async assert => {
        const before = definitions(OFF);
        const { page, fault } = await vmPage(OFF, "memory");
        await fill(page, "memtune-soft_limit", "900 MiB");
        await fill(page, "memtune-hard_limit", "1000 MiB");
        const r = await failLast(page, fault, "card-memtune");
        assert.deepEqual(r.commands, ["memtune config", "memtune config"]);
        assert.strictEqual(r.outcome, "failed", r.text);
        assert.deepEqual(definitions(OFF), before, `virsh: as before (${r.text})`);
        await page.context().close();
    });

    QUnit.test("memory: current done, maximum fails → current undone", async assert => {
        const before = definitions(OFF);
        const { page, fault } = await vmPage(OFF, "memory");
        await fill(page, "memory-current", "128 MiB");
        await fill(page, "memory-max", "256 MiB");
        const r = await failLast(page, fault, "card-balloon");
        assert.deepEqual(r.commands, ["setmem config", "setmaxmem config"]);
        assert.strictEqual(r.outcome, "failed", r.text);
        assert.deepEqual(definitions(OFF), before, `virsh: as before (${r.text})`);
        await page.context().close();
    });

    QUnit.test("numatune and pins of a suggested placement: the last pin fails → all undone", async assert => {
        stack("fixtures.sh", "reset", NUMA); // no pins left live by the tests above
        // the shut-off fixture pins every CPU of this 2-CPU host: free them so a suggestion fits
        const free = virsh("dumpxml", "--inactive", "--security-info", OFF).replace(/^\s*<(vcpupin|emulatorpin) [^>]*\/>\n/gm, "");
        writeFileSync(`${ROOT}/build/rollback-off.xml`, free);
        virsh("define", `${ROOT}/build/rollback-off.xml`);
        const before = definitions(PLAIN);
        const page = await newPage("/host");
        const fault = await injectDbusFaults(page);
        await page.locator("#suggest-vm").waitFor();
        await page.selectOption("#suggest-vm", PLAIN);
        await page.click("#suggest-placement");
        await page.locator("#card-suggest").waitFor();
        assert.strictEqual(await page.locator("#suggest-explanation").count(), 1, await text(page.locator("#card-suggest")));
        const r = await failLast(page, fault, "card-suggest");
        assert.strictEqual(r.commands[0]?.split(" ")[0], "numatune", `numatune first: ${r.commands.join(", ")}`);
        assert.true(r.commands.length >= 3, r.commands.join(", "));
        assert.strictEqual(r.outcome, "failed", r.text);
        assert.deepEqual(definitions(PLAIN), before, `virsh: live and next boot as before (${r.text})`);
        await page.context().close();
    });

    QUnit.test("vCPU count live: the guest refuses the undo (hot-unplug) → the outcome names what still differs", async assert => {
        stack("fixtures.sh", "reset", NUMA);
        virsh("setvcpus", NUMA, "3", "--config"); // next boot differs from live: one step per side
        const before = rawDefinitions(NUMA);
        const { page, fault } = await vmPage(NUMA, "cpu");
        await scope(page, "card-vcpus", "both");
        await fill(page, "vcpu-current", "4");
        const r = await failLast(page, fault, "card-vcpus");
        assert.deepEqual(r.commands, ["setvcpus live", "setvcpus config"]);
        assert.strictEqual(r.outcome, "failed", r.text);
        await assertRestoredOrNamed(assert, before, rawDefinitions(NUMA), page, r.text);
        await page.context().close();
        stack("fixtures.sh", "reset", NUMA);
    });
});
