// Thread scheduling through the page (CPU tab, "Thread scheduling") on the shut-off fixture, whose
// vCPUs are pinned 0,1,0,1: fifo priority 1 for vCPU 1 is a next-boot define (one reviewed step),
// libvirt is the witness (`virsh dumpxml --inactive --security-info`, whole documents), then it is
// removed and the definition is as it was. Real-time on vCPUs 0 and 2, which share host CPU 0, is
// refused by the card before anything is sent. The host's RT throttling is shown as /proc says.
import QUnit from "qunit";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { closeBrowser, newPage, stack, virsh } from "./lib.ts";
import { apply, fieldFinding, openVm, review, reviewEnabled } from "./cards.ts";
import { canonical, factDiff, facts, installXmldom } from "../unit/support/xml-canon.ts";

installXmldom();

const OFF = "vmtune-test-off";
const PLAIN = "vmtune-test-plain";
const CARD = "card-sched";

const config = (vm: string) => virsh("dumpxml", "--inactive", "--security-info", vm);
const schedFacts = (xml: string) => facts(xml).filter(f => /^\/domain\/cputune\/(vcpu|iothread|emulator)sched\b/.test(f));

async function cpuTab(vm: string): Promise<Page> {
    const page = await newPage();
    await openVm(page, vm, "cpu");
    await page.locator(`#${CARD} #sched-vcpu-0-policy`).waitFor();
    return page;
}

QUnit.module("thread scheduling", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", OFF) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", OFF);
    });

    QUnit.test("fifo priority 1 for vCPU 1, next boot: one define, only a <vcpusched> added; removed again, the definition is as before", async assert => {
        const before = config(OFF);
        assert.deepEqual(schedFacts(before), [], "the fixture has no scheduling policy");
        const page = await cpuTab(OFF);
        const runtime = readFileSync("/proc/sys/kernel/sched_rt_runtime_us", "utf8").trim();
        const period = readFileSync("/proc/sys/kernel/sched_rt_period_us", "utf8").trim();
        const throttle = await page.locator("#sched-rt-throttle").innerText();
        assert.true(runtime === "-1" ? throttle.includes("not throttled") : throttle.includes(`${runtime} µs of every ${period} µs`),
                    `the host's RT throttling as /proc says (${runtime}/${period}): ${throttle}`);
        assert.strictEqual(await page.locator(`#${CARD} [data-row="vcpu-1"] td`).nth(1).innerText(), "1", "vCPU 1's pin shown");
        assert.false(await reviewEnabled(page, CARD), "nothing to review before an edit");

        await page.locator("#sched-vcpu-1-policy").selectOption("fifo");
        await page.locator("#sched-vcpu-1-priority").fill("1");
        // vCPU 3 and the emulator may also run on host CPU 1: said, not refused
        await page.locator(`#${CARD} .pf-v6-c-alert`, { hasText: "is not dedicated" }).waitFor();
        const warning = await page.locator(`#${CARD} .pf-v6-c-alert`, { hasText: "is not dedicated" }).innerText();
        assert.true(/Host CPU 1 of real-time vCPU 1 is not dedicated: vCPU 3 of vmtune-test-off, the emulator of vmtune-test-off/.test(warning), warning);
        const steps = await review(page, CARD);
        assert.deepEqual(steps.map(s => [s.command, s.scope]), [["define", "config"]], "one define, next boot");
        assert.true(/<vcpusched vcpus="1" scheduler="fifo" priority="1"\/>/.test(steps[0]?.virsh ?? ""), "the Review shows the <vcpusched>");
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "done", text);
        const after = config(OFF);
        assert.deepEqual(factDiff(facts(after), facts(before)), ['/domain/cputune/vcpusched priority="1" scheduler="fifo" vcpus="1"'],
                         "virsh: exactly one <vcpusched> more in the definition");
        await page.context().close();

        // read back by the card, then removed
        const again = await cpuTab(OFF);
        assert.strictEqual(await again.locator("#sched-vcpu-1-policy").inputValue(), "fifo", "read back: fifo");
        assert.strictEqual(await again.locator("#sched-vcpu-1-priority").inputValue(), "1", "read back: priority 1");
        await again.locator("#sched-vcpu-1-policy").selectOption("");
        const back = await review(again, CARD);
        assert.deepEqual(back.map(s => s.command), ["define"]);
        const done = await apply(again);
        assert.strictEqual(done.outcome, "done", done.text);
        assert.strictEqual(canonical(config(OFF)), canonical(before), "virsh: the definition is as it was, whole");
        await again.context().close();
    });

    QUnit.test("real-time on vCPUs 0 and 2, which share host CPU 0: refused before anything is sent", async assert => {
        const before = config(OFF);
        const page = await cpuTab(OFF);
        await page.locator("#sched-vcpu-0-policy").selectOption("fifo");
        await page.locator("#sched-vcpu-0-priority").fill("1");
        await page.locator("#sched-vcpu-2-policy").selectOption("fifo");
        await page.locator("#sched-vcpu-2-priority").fill("1");
        const refusal = page.locator(`#${CARD} .pf-v6-c-alert`, { hasText: "would share host CPU 0 with real-time" });
        await refusal.first().waitFor();
        assert.true(/Real-time vCPU 0 would share host CPU 0 with real-time vCPU 2 of vmtune-test-off:/.test(await refusal.first().innerText()));
        assert.false(await reviewEnabled(page, CARD), "no Review");
        // a priority out of range is said under its field
        await page.locator("#sched-vcpu-2-priority").fill("abc");
        assert.true(/priority from 1 \(lowest\) to 99/.test(await fieldFinding(page, "sched-vcpu-2-priority")), await fieldFinding(page, "sched-vcpu-2-priority"));
        assert.strictEqual(config(OFF), before, "nothing written");
        await page.context().close();
    });

    QUnit.test("the vCPU card: the topology against the pins, and one click puts the suggestion in the fields for next boot", async assert => {
        const before = config(OFF);
        const page = await cpuTab(OFF);
        const suggestion = page.locator("#card-vcpus #topology-suggestion");
        assert.strictEqual(await suggestion.getAttribute("data-topology"), "1,1,4,1", "1 socket, 4 cores of 1 thread: this host has no SMT and one node");
        assert.true((await suggestion.innerText()).startsWith("The topology fits"), await suggestion.innerText());
        // 2 threads per core on a host without SMT: the suggestion differs, one click takes it
        await page.locator("#topology-cores").fill("2");
        await page.locator("#topology-threads").fill("2");
        await page.locator("#topology-use-suggestion").click();
        assert.deepEqual(await Promise.all(["sockets", "dies", "cores", "threads"].map(k => page.locator(`#topology-${k}`).inputValue())),
                         ["1", "1", "4", "1"], "the fields hold the suggestion");
        assert.true((await page.locator("#topology-reasons").count()) === 0, "and it fits again");
        assert.strictEqual(config(OFF), before, "nothing written");
        await page.context().close();
    });

    QUnit.test("a running VM: each thread's policy now, as /proc/TID/stat has it", async assert => {
        const pid = readFileSync(`/run/libvirt/qemu/${PLAIN}.pid`, "utf8").trim();
        const tid = readdirSync(`/proc/${pid}/task`).find(t => /^CPU 0\//.test(readFileSync(`/proc/${pid}/task/${t}/comm`, "utf8")));
        assert.true(tid !== undefined, "vCPU 0's thread found by its name");
        const before = config(PLAIN);
        const cell = (page: Page) => page.locator(`#${CARD} [data-row="vcpu-0"] [data-now]`);
        const page = await cpuTab(PLAIN);
        await page.locator(`#${CARD} [data-row="vcpu-0"] [data-now]`, { hasText: "normal (other)" }).waitFor();
        assert.strictEqual(await cell(page).innerText(), "normal (other)", "the fixture's vCPU 0 runs with the normal scheduler");
        await page.context().close();
        // changed behind libvirt's back (batch: harmless on a shared machine), then shown as it is
        execFileSync("chrt", ["-b", "-p", "0", String(tid)]);
        try {
            const again = await cpuTab(PLAIN);
            await again.locator(`#${CARD} [data-row="vcpu-0"] [data-now]`, { hasText: "batch" }).waitFor();
            assert.strictEqual(await cell(again).innerText(), "batch", "read back from /proc");
            await again.context().close();
        } finally {
            execFileSync("chrt", ["-o", "-p", "0", String(tid)]);
        }
        assert.strictEqual(config(PLAIN), before, "nothing written");
    });
});
