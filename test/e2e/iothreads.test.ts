// The IOThreads card on the real stack: an IOThread added live to the running NUMA fixture and pinned
// (Pinning card), read back from `virsh iothreadinfo` and from the QEMU process's threads in /proc
// (thread name "IO iothreadN", its allowed CPUs); its polling set live through virsh iothreadset and
// read back from `virsh domstats --iothread`; then removed. A disk given an IOThread for next boot on a
// shut-off VM of this test's own (vmtune-test-io, a small raw image), read back from
// `virsh dumpxml --inactive`, the document otherwise unchanged; a sata disk refused before sending.
// The fixture is restored and vmtune-test-io undefined and its image removed, whatever happens.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import QUnit from "qunit";
import { closeBrowser, eventually, newPage, text, virsh } from "./lib.ts";
import { apply, closeReview, fill, openVm, review, scope } from "./cards.ts";
import { installXmldom } from "../unit/support/xml-canon.ts";
import { diffDomainXml } from "../../src/model/domain/xml-compare.ts";
import { liveVolatile } from "../../src/model/vm/changes.ts";

installXmldom();

const NUMA = "vmtune-test-numa";
const IO = "vmtune-test-io";
const IMAGE = "/var/tmp/vmtune-test-io.img";
const IMAGE2 = "/var/tmp/vmtune-test-io-2.img";
const XML_FILE = "/var/tmp/vmtune-test-io.xml";
/** an id the fixture does not have */
const ID = 5;

const IO_XML = `<domain type='qemu'>
  <name>${IO}</name>
  <memory unit='KiB'>131072</memory>
  <vcpu placement='static'>1</vcpu>
  <iothreads>2</iothreads>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='${IMAGE}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='${IMAGE2}'/>
      <target dev='sda' bus='sata'/>
    </disk>
  </devices>
</domain>
`;

function exists(vm: string): boolean {
    return virsh("list", "--all", "--name").split("\n").map(s => s.trim()).includes(vm);
}

function removeIoVm(): void {
    if (exists(IO)) virsh("undefine", IO);
    rmSync(IMAGE, { force: true });
    rmSync(IMAGE2, { force: true });
    rmSync(XML_FILE, { force: true });
}

/** The QEMU threads of a running VM whose name is `name` (/proc/PID/task/TID/comm), with their allowed CPUs. */
function qemuThreads(vm: string, name: string): { tid: string; cpus: string }[] {
    const pid = readFileSync(`/run/libvirt/qemu/${vm}.pid`, "utf8").trim();
    const out: { tid: string; cpus: string }[] = [];
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
            if (readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim() !== name) continue;
            const status = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
            out.push({ tid, cpus: /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1] ?? "" });
        } catch {
            // the thread ended meanwhile
        }
    }
    return out;
}

/** `virsh iothreadinfo` as id → affinity ("No IOThreads found" → {}). */
function iothreadInfo(vm: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of virsh("iothreadinfo", vm, "--live").split("\n")) {
        const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(line);
        if (m) out[m[1] as string] = m[2] as string;
    }
    return out;
}

function domstatsIothread(vm: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of virsh("domstats", "--iothread", vm).split("\n")) {
        const m = /^\s*(iothread\.[\w.-]+)=(\S+)\s*$/.exec(line);
        if (m) out[m[1] as string] = m[2] as string;
    }
    return out;
}

async function iothreadsCard(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator("#card-iothreads #iothreads-add").waitFor({ timeout: 60000 });
    return page;
}

QUnit.module("IOThreads", hooks => {
    hooks.before(() => {
        // an earlier run stopped half-way leaves nothing behind for this one
        if (Object.keys(iothreadInfo(NUMA)).includes(String(ID))) virsh("iothreaddel", NUMA, String(ID), "--live");
        removeIoVm();
    });
    hooks.after(async () => {
        await closeBrowser();
        if (Object.keys(iothreadInfo(NUMA)).includes(String(ID))) virsh("iothreaddel", NUMA, String(ID), "--live");
        removeIoVm();
    });

    QUnit.test("live on the running fixture: added, pinned, polling set, each read back from virsh and /proc; then removed", async assert => {
        const uuid = virsh("domuuid", NUMA).trim();
        const inactiveBefore = virsh("dumpxml", "--inactive", "--security-info", NUMA);
        const liveBefore = virsh("dumpxml", "--security-info", NUMA);
        assert.deepEqual(iothreadInfo(NUMA), {}, "the fixture starts without IOThreads");
        const page = await iothreadsCard(NUMA);

        await scope(page, "card-iothreads", "live");
        await fill(page, "iothreads-add", String(ID));
        let steps = await review(page, "card-iothreads");
        assert.deepEqual(steps.map(s => [s.command, s.scope, s.virsh]),
                         [["iothreadadd", "live", `virsh -c qemu:///system iothreadadd ${uuid} ${ID} --live`]], "one live AddIOThread, its virsh line");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.deepEqual(iothreadInfo(NUMA), { [ID]: "0-1" }, "virsh iothreadinfo lists it, on every host CPU");
        const threads = qemuThreads(NUMA, `IO iothread${ID}`);
        assert.strictEqual(threads.length, 1, `QEMU runs one thread named "IO iothread${ID}"`);
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", NUMA), inactiveBefore, "next boot untouched");

        // pinned, live (the Pinning card lists only next-boot IOThreads: this one is live only)
        await page.locator(`#iothread-pin-${ID}`).waitFor({ timeout: 30000 });
        assert.strictEqual(await page.locator(`#iothread-pin-${ID}`).inputValue(), "0-1", "the field holds the affinity read");
        await fill(page, `iothread-pin-${ID}`, "1");
        steps = await review(page, "card-iothreads");
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["iothreadpin", "live"]]);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.deepEqual(iothreadInfo(NUMA), { [ID]: "1" }, "virsh iothreadinfo shows the pin");
        assert.deepEqual(qemuThreads(NUMA, `IO iothread${ID}`).map(t => t.cpus), ["1"], "the kernel lets the thread run on CPU 1 only (/proc)");
        await eventually(() => text(page.locator(`#card-iothreads tr[data-row="iothread.${ID}"] td[data-side="live"]`)), t => t === "1", 20000);
        assert.strictEqual(await text(page.locator(`#card-iothreads tr[data-row="iothread.${ID}"] td[data-side="live"]`)), "1", "the card shows the live pin");

        // polling, live: the fields show what GetStats reports, the step runs virsh iothreadset as shown
        const before = domstatsIothread(NUMA);
        await page.locator(`#iothread-${ID}-maxNs`).waitFor({ timeout: 30000 });
        assert.strictEqual(await page.locator(`#iothread-${ID}-maxNs`).inputValue(), before[`iothread.${ID}.poll-max-ns`], "the field holds the value read");
        await fill(page, `iothread-${ID}-maxNs`, "1000");
        await fill(page, `iothread-${ID}-grow`, "2");
        steps = await review(page, "card-iothreads");
        assert.deepEqual(steps.map(s => [s.command, s.scope, s.virsh]),
                         [["iothreadset", "live", `virsh -c qemu:///system iothreadset ${uuid} ${ID} --poll-max-ns 1000 --poll-grow 2 --live`]],
                         "one step, the exact virsh line that runs");
        const said = await text(page.locator("#plan-steps > li"));
        assert.true(said.includes("libvirt-dbus has no method for this"), `the step says why it is virsh: ${said}`);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        const after = domstatsIothread(NUMA);
        assert.deepEqual([after[`iothread.${ID}.poll-max-ns`], after[`iothread.${ID}.poll-grow`], after[`iothread.${ID}.poll-shrink`]],
                         ["1000", "2", before[`iothread.${ID}.poll-shrink`]], "virsh domstats --iothread reads them back; shrink untouched");

        // removed: the pin goes with it, said in the step
        await page.locator(`#iothread-del-${ID}`).check();
        await page.locator("#card-iothreads-review").click();
        await page.locator("#plan-review").waitFor();
        const description = await text(page.locator("#plan-steps > li"));
        assert.true(description.includes("goes with it"), `the step says the pin goes: ${description}`);
        assert.strictEqual(await page.locator("#plan-steps > li").getAttribute("data-command"), "iothreaddel");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.deepEqual(iothreadInfo(NUMA), {}, "virsh iothreadinfo: gone");
        assert.deepEqual(qemuThreads(NUMA, `IO iothread${ID}`), [], "no such thread in QEMU any more");
        assert.false(/iothread/.test(virsh("dumpxml", NUMA)), "the live definition has no IOThread left");
        // what the guest moves by itself (its balloon) aside, as Apply's conflict check compares
        assert.deepEqual(diffDomainXml(liveBefore, virsh("dumpxml", "--security-info", NUMA), liveVolatile), [], "the live definition is as before");
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", NUMA), inactiveBefore, "next boot never touched");
    });

    QUnit.test("a disk's IOThread for next boot on a shut-off VM: one define, read back, nothing else changed; a sata disk refused", async assert => {
        writeFileSync(IMAGE, Buffer.alloc(1024 * 1024));
        writeFileSync(IMAGE2, Buffer.alloc(1024 * 1024));
        writeFileSync(XML_FILE, IO_XML);
        virsh("define", XML_FILE);
        const before = virsh("dumpxml", "--inactive", "--security-info", IO);
        assert.true(before.includes("<iothreads>2</iothreads>") && !before.includes("iothread='"), "two IOThreads, no disk on one");
        const page = await iothreadsCard(IO);

        await page.locator("#disk-iothread-sda").selectOption("1");
        await page.locator("#card-iothreads-review").click();
        await page.locator("#plan-review").waitFor();
        const refused = await text(page.locator("#plan-review"));
        assert.true(refused.includes("only virtio disks can use an IOThread"), `refused with the reason: ${refused.slice(0, 300)}`);
        assert.false(await page.locator("#plan-apply").isVisible() && await page.locator("#plan-apply").isEnabled(), "nothing to apply");
        await closeReview(page);
        await page.locator("#disk-iothread-sda").selectOption("");
        assert.strictEqual(virsh("dumpxml", "--inactive", "--security-info", IO), before, "nothing was sent");

        await page.locator("#disk-iothread-vda").selectOption("2");
        const steps = await review(page, "card-iothreads");
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["define", "config"]], "one define, next boot");
        const outcome = await apply(page);
        assert.strictEqual(outcome.outcome, "done", outcome.text);
        await closeReview(page);
        const after = virsh("dumpxml", "--inactive", "--security-info", IO);
        const driver = /<disk[^>]*>\s*<driver ([^>]*)\/>\s*<source file='[^']*'\/>\s*<target dev='vda'/.exec(after)?.[1] ?? "";
        assert.true(/\biothread='2'/.test(driver), `vda's driver uses IOThread 2: <driver ${driver}/>`);
        assert.strictEqual(after.replace(" iothread='2'", ""), before, "the document is otherwise unchanged");
        await eventually(() => text(page.locator('#card-iothreads tr[data-row="iothread.2"] td[data-disks]')), t => t === "vda", 20000);
        assert.strictEqual(await text(page.locator('#card-iothreads tr[data-row="iothread.2"] td[data-disks]')), "vda", "the card shows which disk uses it");
    });
});
