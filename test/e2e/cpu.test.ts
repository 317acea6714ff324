// The CPU tab on the real stack: every change read back with virsh and, for live vCPU changes,
// from the guest; bad input never reaches libvirt; a concurrent change is never overwritten.
import QUnit from "qunit";
import type { Page } from "playwright-core";
import { closeBrowser, eventually, keyValues, newPage, stack, text, virsh } from "./lib.ts";
import { apply, closeReview, fieldFinding, fill, openVm, review, reviewEnabled, scope } from "./cards.ts";

const NUMA = "vmtune-test-numa";
const OFF = "vmtune-test-off";

const liveSched = (vm: string) => keyValues(virsh("schedinfo", vm, "--live"));
const inactiveXml = (vm: string) => virsh("dumpxml", "--inactive", vm);
/** `virsh vcpupin` rows → { "0": "0-1", … } */
function pins(vm: string, ...flags: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of virsh("vcpupin", vm, ...flags).split("\n")) {
        const m = /^\s*(\d+)\s+([\d,-]+)\s*$/.exec(line);
        if (m?.[1] && m[2]) out[m[1]] = m[2];
    }
    return out;
}

async function cpuTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator("#card-scheduler #sched-shares").waitFor();
    return page;
}

QUnit.module("CPU tab", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", NUMA, OFF) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", NUMA, OFF);
    });

    QUnit.test("CPU shares: live, next boot and both, each read back with virsh", async assert => {
        const page = await cpuTab(NUMA);
        await fill(page, "sched-shares", "512");
        await scope(page, "card-scheduler", "live");
        const steps = await review(page, "card-scheduler");
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["schedinfo", "live"]], "one live schedinfo step");
        assert.true(steps[0]?.virsh.includes("cpu_shares=512"), `virsh line: ${steps[0]?.virsh}`);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.strictEqual(liveSched(NUMA).cpu_shares, "512", "virsh schedinfo --live");
        assert.true(inactiveXml(NUMA).includes("<shares>1024</shares>"), "next boot untouched");

        await scope(page, "card-scheduler", "config");
        await fill(page, "sched-shares", "2048");
        await review(page, "card-scheduler");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.true(inactiveXml(NUMA).includes("<shares>2048</shares>"), "dumpxml --inactive");
        assert.strictEqual(liveSched(NUMA).cpu_shares, "512", "live untouched");

        await scope(page, "card-scheduler", "both");
        await fill(page, "sched-shares", "300");
        await review(page, "card-scheduler");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.strictEqual(liveSched(NUMA).cpu_shares, "300", "both: live");
        assert.true(inactiveXml(NUMA).includes("<shares>300</shares>"), "both: next boot");
        await page.context().close();
    });

    QUnit.test("quotas and periods, including unlimited", async assert => {
        const page = await cpuTab(NUMA);
        await scope(page, "card-scheduler", "live");
        await fill(page, "sched-period", "200000");
        await fill(page, "sched-quota", "50000");
        await fill(page, "sched-emulator_quota", "30000");
        await review(page, "card-scheduler");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        let s = liveSched(NUMA);
        assert.deepEqual([s.vcpu_period, s.vcpu_quota, s.emulator_quota], ["200000", "50000", "30000"], "virsh schedinfo");

        await fill(page, "sched-quota", "unlimited");
        await review(page, "card-scheduler");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        s = liveSched(NUMA);
        assert.true(Number(s.vcpu_quota) < 0 || s.vcpu_quota === "17592186044415", `vcpu_quota unlimited: ${s.vcpu_quota}`);
        assert.strictEqual(await page.locator("#sched-quota").inputValue(), "unlimited", "shown as unlimited");
        await page.context().close();
    });

    QUnit.test("vCPU 1 pinned to CPU 1 for both; emulator pinned live; all vCPUs to one node", async assert => {
        const page = await cpuTab(NUMA);
        await page.locator("#card-pinning #pin-vcpu-1").waitFor();
        await scope(page, "card-pinning", "both");
        await fill(page, "pin-vcpu-1", "1");
        const steps = await review(page, "card-pinning");
        // intended change (issue 12, finding 9): vCPU 1 had no pin, and no call removes one, so the next-boot
        // step's undo is the definition as read: live and next boot are two steps
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["vcpupin", "live"], ["vcpupin", "config"]], "a vcpupin step per side");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.strictEqual(pins(NUMA, "--live")["1"], "1", "virsh vcpupin --live");
        assert.strictEqual(pins(NUMA, "--config")["1"], "1", "virsh vcpupin --config");

        await scope(page, "card-pinning", "live");
        await fill(page, "pin-emulator", "0");
        await review(page, "card-pinning");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        const emulator = virsh("emulatorpin", NUMA, "--live").trim();
        assert.true(/(^|\s)0$/.test(emulator), `virsh emulatorpin --live: ${emulator}`);

        const bulkNode = page.getByRole("combobox", { name: "All vCPUs to one NUMA node" });
        await bulkNode.selectOption({ label: "Node 0 (CPUs 0-1)" });
        assert.strictEqual(await bulkNode.inputValue(), "", "the bulk choice shows its title again");
        assert.strictEqual(await page.locator("#pin-vcpu-1").inputValue(), "0-1", "bulk filled vCPU 1 with node 0's CPUs");
        await review(page, "card-pinning");
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        const live = pins(NUMA, "--live");
        assert.deepEqual(Object.values(live), Object.values(live).map(() => "0-1"), `every online vCPU on node 0: ${JSON.stringify(live)}`);
        await page.context().close();
    });

    QUnit.test("hot-plug 2 → 4 live: the guest onlines 4 CPUs", async assert => {
        const page = await cpuTab(NUMA);
        await scope(page, "card-vcpus", "live");
        await fill(page, "vcpu-current", "4");
        const steps = await review(page, "card-vcpus");
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["setvcpus", "live"]]);
        assert.strictEqual((await apply(page)).outcome, "done");
        await closeReview(page);
        assert.true(/current\s+live\s+4/.test(virsh("vcpucount", NUMA)), "virsh vcpucount: 4 live");
        const guest = stack("fixtures.sh", "wait", NUMA, "cpus_online=0-3", "60").trim();
        assert.true(guest.includes("cpus_online=0-3"), `guest: ${guest}`);
        await page.context().close();
    });

    QUnit.test("without a guest agent, guest-side online/offline says why", async assert => {
        const page = await cpuTab(NUMA);
        const note = page.locator("#guest-agent-unavailable");
        await note.waitFor();
        const said = await note.innerText();
        assert.true(/guest agent/i.test(said), `explains: ${said}`);
        assert.true(/not configured/i.test(said), "with libvirt's own words");
        await page.context().close();
    });

    QUnit.test("maximum vCPUs raised for next boot on the shut-off VM, with its topology", async assert => {
        const page = await cpuTab(OFF);
        await fill(page, "vcpu-max", "6");
        assert.true((await fieldFinding(page, "vcpu-max")) === "" && !(await reviewEnabled(page, "card-vcpus")),
            "topology 1×1×4×1 no longer matches: Review is disabled");
        // plain decimal integers only; an empty field is an error with its reason, never a silent 1
        for (const bad of ["0x6", "6e0", "6.0", "+6", ""]) {
            await fill(page, "topology-cores", bad);
            assert.notStrictEqual(await fieldFinding(page, "topology-cores"), "", `"${bad}": refused under the field`);
            assert.false(await reviewEnabled(page, "card-vcpus"), `"${bad}": no Review`);
        }
        await fill(page, "topology-cores", "6");
        assert.true(await reviewEnabled(page, "card-vcpus"), "with 6 cores the change is valid");
        await review(page, "card-vcpus");
        assert.strictEqual((await apply(page)).outcome, "done");
        const adjusted = page.locator("#apply-adjusted");
        assert.strictEqual(await adjusted.count(), 0, `libvirt kept the definition as sent ${await adjusted.innerText().catch(() => "")}`);
        await closeReview(page);
        assert.true(/maximum\s+config\s+6/.test(virsh("vcpucount", OFF)), "virsh vcpucount: maximum config 6");
        assert.true(/cores='6'/.test(inactiveXml(OFF)), "topology in the config");
        await page.context().close();
    });

    QUnit.test("bad input never reaches libvirt", async assert => {
        const page = await cpuTab(NUMA);
        const before = liveSched(NUMA).cpu_shares;
        for (const bad of ["0", "1", "300000", "-5", "abc", "", "1e9"]) {
            await fill(page, "sched-shares", bad);
            assert.notStrictEqual(await fieldFinding(page, "sched-shares"), "", `shares "${bad}" explained`);
            assert.false(await reviewEnabled(page, "card-scheduler"), `shares "${bad}" cannot be reviewed`);
        }
        for (const bad of ["3-1", "0-999", "^1-2", "", "x"]) {
            await fill(page, "pin-vcpu-0", bad);
            assert.notStrictEqual(await fieldFinding(page, "pin-vcpu-0"), "", `cpuset "${bad}" explained`);
            assert.false(await reviewEnabled(page, "card-pinning"), `cpuset "${bad}" cannot be reviewed`);
        }
        for (const bad of ["0", "5", "-1", "two"]) {
            await fill(page, "vcpu-current", bad);
            assert.notStrictEqual(await fieldFinding(page, "vcpu-current"), "", `vCPUs "${bad}" explained`);
            assert.false(await reviewEnabled(page, "card-vcpus"), `vCPUs "${bad}" cannot be reviewed`);
        }
        assert.strictEqual(liveSched(NUMA).cpu_shares, before, "virsh: shares unchanged");
        await page.context().close();
    });

    QUnit.test("a draft typed for one VM does not follow to another VM's page", async assert => {
        const page = await cpuTab(NUMA);
        await scope(page, "card-scheduler", "live");
        await fill(page, "sched-shares", "700");
        assert.true(await reviewEnabled(page, "card-scheduler"), "the draft on the running VM can be reviewed");
        await openVm(page, OFF, "cpu");
        await eventually(() => text(page.locator("#vm-title")), t => t.startsWith(`${OFF} `));
        await page.locator("#card-scheduler #sched-shares").waitFor();
        assert.strictEqual(await page.locator("#sched-shares").inputValue(), keyValues(virsh("schedinfo", OFF, "--config")).cpu_shares ?? "",
                           "the shut-off VM's own shares, not the other VM's draft");
        assert.false(await reviewEnabled(page, "card-scheduler"), "nothing to review on it");
        assert.strictEqual(await page.locator("#card-scheduler-scope-config").getAttribute("aria-pressed"), "true", "its scope: Next boot");
        await page.context().close();
    });

    QUnit.test("a change made with virsh after the page read the VM: conflict, nothing written", async assert => {
        const page = await cpuTab(NUMA);
        await scope(page, "card-scheduler", "live");
        await fill(page, "sched-shares", "700");
        await review(page, "card-scheduler");
        virsh("schedinfo", NUMA, "--live", "cpu_shares=900");
        // let the Tunable signal reach the page first: the review must still compare with the old read
        await page.waitForTimeout(1500);
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "conflict", text);
        assert.true(/cpu_shares|shares/.test(text), `says what changed: ${text}`);
        assert.strictEqual(liveSched(NUMA).cpu_shares, "900", "virsh: the other change stands");
        await page.context().close();
    });

    QUnit.test("hot-unplug is attempted and the guest's refusal is shown", async assert => {
        const page = await cpuTab(NUMA);
        const current = Number(/current\s+live\s+(\d+)/.exec(virsh("vcpucount", NUMA))?.[1]);
        if (current < 4) {
            virsh("setvcpus", NUMA, "4", "--live");
            stack("fixtures.sh", "wait", NUMA, "cpus_online=0-3", "60");
            await page.reload();
            await page.locator("#vcpu-current").waitFor();
        }
        await scope(page, "card-vcpus", "live");
        await fill(page, "vcpu-current", "2");
        assert.true((await fieldFinding(page, "vcpu-current")).length > 0, "warned that unplug needs the guest");
        await review(page, "card-vcpus");
        const { outcome, text } = await apply(page);
        const count = virsh("vcpucount", NUMA);
        if (outcome === "failed") {
            assert.true(text.length > 20, `libvirt's message shown: ${text}`);
            assert.true(/current\s+live\s+4/.test(count) || /current\s+live\s+[23]/.test(count), `virsh vcpucount after refusal: ${count}`);
        } else {
            assert.strictEqual(outcome, "done", text);
            assert.true(/current\s+live\s+2/.test(count), `virsh vcpucount: ${count}`);
        }
        await page.context().close();
    });
});
