// Nothing lost through the define path (issue 12: 1 and 2): definitions are read with the secure
// flag, so a define keeps the console password, which the page never shows; and the whole VM (both
// definitions, canonically) is compared before Apply, so a change someone made meanwhile is never
// reverted. libvirt is the witness: `virsh dumpxml [--inactive] --security-info`, whole documents.
import QUnit from "qunit";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { ROOT, closeBrowser, newPage, stack, virsh } from "./lib.ts";
import { apply, fill, openVm, review } from "./cards.ts";
import { canonical, factDiff, facts, installXmldom } from "../unit/support/xml-canon.ts";

installXmldom();
mkdirSync(`${ROOT}/build`, { recursive: true });

const OFF = "vmtune-test-off";
const NUMA = "vmtune-test-numa";
/** the fixture's VNC password (test/stack/fixtures/vmtune-test-off.xml) */
const PASSWORD = "Vt-s3cr7";

const secureConfig = (vm: string) => virsh("dumpxml", "--inactive", "--security-info", vm);
const secureLive = (vm: string) => virsh("dumpxml", "--security-info", vm);

async function cpuTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator("#card-vcpus #topology-cores").waitFor();
    return page;
}

/** Everything the Review shows: its text and the values of its fields (the command lines). */
async function reviewText(page: Page): Promise<string> {
    const values = await page.locator("#plan-review input, #plan-review textarea")
        .evaluateAll(els => els.map(e => (e as HTMLInputElement).value));
    return [await page.locator("#plan-review").innerText(), ...values].join("\n");
}

QUnit.module("definitions", hooks => {
    hooks.beforeEach(() => { stack("fixtures.sh", "reset", OFF) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", OFF, NUMA);
    });

    QUnit.test("a define through the page keeps the console password, changes only what was edited, never shows the password", async assert => {
        const before = secureConfig(OFF);
        assert.true(facts(before).some(f => f.startsWith("/domain/devices/graphics ") && f.includes(`passwd="${PASSWORD}"`)),
                    "the fixture has a VNC password (secure read)");
        const page = await cpuTab(OFF);
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        await fill(page, "topology-sockets", "2");
        await fill(page, "topology-cores", "2");
        const steps = await review(page, "card-vcpus");
        assert.deepEqual(steps.map(s => s.command), ["define"], "one define step");
        const shown = await reviewText(page);
        assert.false(shown.includes(PASSWORD), "the Review does not show the password");
        assert.true(/passwd=["']\*{8}["']/.test(shown), "it shows the console's password masked");
        // the copy button copies the exact command: pasted, it keeps the password
        await page.locator("#plan-steps li").first().getByRole("button", { name: "Copy" }).click();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        assert.true(copied.includes(`passwd='${PASSWORD}'`) || copied.includes(`passwd="${PASSWORD}"`), "the copied line keeps it");
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "done", text);
        assert.false((await page.locator("body").innerText()).includes(PASSWORD), "nowhere on the page");
        const after = secureConfig(OFF);
        assert.deepEqual(factDiff(facts(before), facts(after)), ['/domain/cpu/topology cores="4" dies="1" sockets="1" threads="1"'],
                         "virsh: only the topology is gone from the definition …");
        assert.deepEqual(factDiff(facts(after), facts(before)), ['/domain/cpu/topology cores="2" dies="1" sockets="2" threads="1"'],
                         "… replaced by the new one; the password and everything else as before");
        // the copied command, run as shown, defines the same definition: the password stays
        await page.context().close();
        const script = `${ROOT}/build/definitions-copied.sh`;
        writeFileSync(script, copied + "\n");
        execFileSync("sh", [script], { encoding: "utf8" });
        assert.strictEqual(canonical(secureConfig(OFF)), canonical(after), "the pasted line keeps the password (definition unchanged)");
    });

    QUnit.test("next boot changed with virsh between Review and Apply: nothing written, the changes named", async assert => {
        const page = await cpuTab(OFF);
        await fill(page, "topology-sockets", "2");
        await fill(page, "topology-cores", "2");
        assert.deepEqual((await review(page, "card-vcpus")).map(s => s.command), ["define"]);
        // meanwhile another administrator describes the VM and adds a disk for next boot
        virsh("desc", OFF, "--config", "changed by another administrator");
        const disk = `${ROOT}/build/definitions-disk.xml`;
        writeFileSync(disk, "<disk type='file' device='disk'><source file='/var/tmp/vmtune-conflict.img'/><target dev='vdz' bus='virtio'/></disk>\n");
        virsh("attach-device", OFF, disk, "--config");
        const theirs = secureConfig(OFF);
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "conflict", text);
        assert.true(/next boot: <description> added/.test(text), `names the description: ${text}`);
        assert.true(/next boot: device <disk vdz> added/.test(text), `names the disk: ${text}`);
        assert.strictEqual(canonical(secureConfig(OFF)), canonical(theirs), "virsh: the definition is theirs, whole");
        await page.context().close();
    });

    QUnit.test("live definition changed with virsh between Review and Apply: nothing written, the change named", async assert => {
        stack("fixtures.sh", "reset", NUMA);
        const page = await cpuTab(NUMA);
        await page.locator("#card-vcpus-scope-config").click();
        await fill(page, "topology-sockets", "1");
        await fill(page, "topology-cores", "4");
        assert.deepEqual((await review(page, "card-vcpus")).map(s => s.command), ["define"]);
        const config = secureConfig(NUMA);
        virsh("desc", NUMA, "--live", "changed live by another administrator");
        const live = secureLive(NUMA);
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "conflict", text);
        assert.true(/live: <description> added/.test(text), `names the live description: ${text}`);
        assert.strictEqual(canonical(secureConfig(NUMA)), canonical(config), "virsh: next boot untouched");
        assert.strictEqual(canonical(secureLive(NUMA)), canonical(live), "virsh: the live definition is theirs");
        await page.context().close();
    });
});
