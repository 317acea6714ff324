// The host's memory for performance on the real stack: hugepage pools as sysfs has them, which VMs use
// them (a shut-off one at its next start, a running one holding its pages), a 2 MiB pool on node 0
// allocated and freed through the host page (Review with the virsh allocpages line, read back from
// sysfs and virsh freepages), a kernel that gives fewer pages than asked, refusals before anything is
// sent, a conflict when sysfs changed behind the Review, a hugetlbfs mount libvirt does not use; KSM's
// settings changed through the page and read back from sysfs and from libvirt (virsh node-memory-tune),
// merging across nodes changed after unmerging, and a plan whose last step fails undone exactly.
// Every pool and KSM setting is put back as found, also when a test fails.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import QUnit from "qunit";
import { ROOT, closeBrowser, eventually, newPage, stack, text, virsh } from "./lib.ts";
import { apply, closeReview, fieldFinding, fill, review, reviewEnabled } from "./cards.ts";
import { INJECTED, injectDbusFaults } from "./inject.ts";
import { describe, seriousViolations } from "./a11y.ts";

const OFF = "vmtune-test-off";
const PLAIN = "vmtune-test-plain";
const POOL_2M = "/sys/devices/system/node/node0/hugepages/hugepages-2048kB";
const KSM = "/sys/kernel/mm/ksm";
const KSM_SETTINGS = ["run", "pages_to_scan", "sleep_millisecs", "merge_across_nodes"];

function sysfs(path: string): string {
    return readFileSync(path, "utf8").trim();
}

function setSysfs(path: string, value: string): void {
    writeFileSync(path, value);
}

/** virsh node-memory-tune's "name value" lines as a record. */
function nodeMemoryTune(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of virsh("node-memory-tune").split("\n")) {
        const m = /^\s*(shm_\w+)\s+(\d+)\s*$/.exec(line);
        if (m?.[1] && m[2]) out[m[1]] = m[2];
    }
    return out;
}

function ksmSettings(): Record<string, string> {
    return Object.fromEntries(KSM_SETTINGS.map(name => [name, sysfs(`${KSM}/${name}`)]));
}

/** Puts KSM back: merge_across_nodes only changes with nothing merged (run 2 first). */
function restoreKsm(saved: Record<string, string>): void {
    const now = ksmSettings();
    if (now.merge_across_nodes !== saved.merge_across_nodes) {
        setSysfs(`${KSM}/run`, "2");
        setSysfs(`${KSM}/merge_across_nodes`, saved.merge_across_nodes ?? "1");
    }
    setSysfs(`${KSM}/pages_to_scan`, saved.pages_to_scan ?? "100");
    setSysfs(`${KSM}/sleep_millisecs`, saved.sleep_millisecs ?? "20");
    setSysfs(`${KSM}/run`, saved.run ?? "0");
}

async function hostPage(): Promise<Page> {
    const page = await newPage("/host");
    await page.locator("#hugepage-pools, #hugepages-error").first().waitFor({ timeout: 60000 });
    await page.locator("#ksm-counters, #ksm-error").first().waitFor({ timeout: 60000 });
    return page;
}

/**
 * Stands in for a kernel that finds fewer free pages than asked: the page's WebSocket is routed
 * through the test, and what the page writes to a `tee …/nr_hugepages` channel reaches the real
 * kernel as `given` instead. The page still believes it asked for its own number; everything it
 * reads back is the real sysfs.
 */
async function kernelGives(page: Page, given: string): Promise<string[]> {
    const rewritten: string[] = [];
    const tees = new Set<string>();
    await page.routeWebSocket(url => url.pathname.endsWith("/socket"), ws => {
        const server = ws.connectToServer();
        ws.onMessage(message => {
            if (typeof message === "string") {
                const nl = message.indexOf("\n");
                const channel = message.slice(0, nl);
                const body = message.slice(nl + 1);
                if (channel === "" && body.includes('"spawn"')) {
                    const open = JSON.parse(body) as { command?: string; channel?: string; spawn?: string[] };
                    if (open.command === "open" && open.spawn?.[0] === "tee" && open.spawn[1]?.endsWith("/nr_hugepages") && open.channel)
                        tees.add(open.channel);
                } else if (tees.has(channel) && /^\d+\n$/.test(body)) {
                    rewritten.push(body.trim());
                    server.send(`${channel}\n${given}\n`);
                    return;
                }
            }
            server.send(message);
        });
    });
    await page.reload();
    return rewritten;
}

const ROW_2M = '#hugepage-pools tr[data-node="0"][data-size="2048"]';

QUnit.module("host memory", hooks => {
    const savedPool = sysfs(`${POOL_2M}/nr_hugepages`);
    const savedKsm = ksmSettings();
    hooks.afterEach(() => {
        setSysfs(`${POOL_2M}/nr_hugepages`, savedPool);
        restoreKsm(savedKsm);
    });
    hooks.after(async () => {
        await closeBrowser();
    });

    QUnit.test("pools, mounts and KSM as sysfs and libvirt report them", async assert => {
        const page = await hostPage();
        assert.strictEqual(await page.locator("#pool-0-2048").inputValue(), sysfs(`${POOL_2M}/nr_hugepages`), "2 MiB pool of node 0");
        assert.strictEqual(await text(page.locator(`${ROW_2M} [data-field="free"]`)), sysfs(`${POOL_2M}/free_hugepages`));
        assert.strictEqual(await text(page.locator(`${ROW_2M} [data-field="surplus"]`)), sysfs(`${POOL_2M}/surplus_hugepages`));
        assert.strictEqual(await text(page.locator(`${ROW_2M} [data-field="reserved"]`)), sysfs("/sys/kernel/mm/hugepages/hugepages-2048kB/resv_hugepages"));
        const sizes = readFileSync("/proc/mounts", "utf8").split("\n").filter(l => l.split(" ")[2] === "hugetlbfs").map(l => l.split(" ")[1]);
        if (sizes.length > 0) {
            const mounts = await text(page.locator("#hugetlbfs-mounts, #hugetlbfs-missing"));
            for (const path of sizes)
                assert.true(mounts.includes(path ?? "?"), `mount ${path} shown: ${mounts}`);
        }
        const tune = nodeMemoryTune();
        assert.strictEqual(await page.locator("#ksm-pages-to-scan").inputValue(), tune.shm_pages_to_scan, "pages to scan as libvirt reports it");
        assert.strictEqual(await page.locator("#ksm-sleep").inputValue(), tune.shm_sleep_millisecs);
        assert.strictEqual(await text(page.locator("#ksm-pages-sharing")), tune.shm_pages_sharing);
        assert.strictEqual(await page.locator("#ksm-run").inputValue(), sysfs(`${KSM}/run`), "run as sysfs has it");
        assert.true((await text(page.locator("#ksm-merge-explained"))).startsWith("This host has one NUMA node"));
        // both cards read: axe-core finds nothing serious in them (ship.test.ts may scan before they load)
        const violations = await seriousViolations(page);
        assert.deepEqual(violations.map(v => v.id), [], describe(violations));
        await page.context().close();
    });

    QUnit.test("a hugetlbfs mounted after libvirtd started is named: libvirt does not use it until restarted", async assert => {
        const extra = "/run/vmtune-e2e-hugetlbfs";
        mkdirSync(extra, { recursive: true });
        execFileSync("mount", ["-t", "hugetlbfs", "-o", "pagesize=2M", "hugetlbfs", extra]);
        try {
            const page = await hostPage();
            const notice = await eventually(() => text(page.locator("#hugetlbfs-unused")), t => t.includes(extra));
            assert.true(notice.includes(`${extra} (2 MiB)`), notice);
            // every other mount: named exactly when libvirt made no libvirt/qemu directory in it
            const mounts = readFileSync("/proc/mounts", "utf8").split("\n").filter(l => l.split(" ")[2] === "hugetlbfs").map(l => l.split(" ")[1] ?? "");
            for (const path of mounts.filter(p => p !== extra))
                assert.strictEqual(notice.includes(`${path} (`), !existsSync(`${path}/libvirt/qemu`), `${path}: named iff libvirt does not use it`);
            await page.context().close();
        } finally {
            execFileSync("umount", [extra]);
            rmdirSync(extra);
        }
    });

    QUnit.test("which VMs use a pool: a shut-off VM with hugepage backing, at its next start", async assert => {
        // the shut-off fixture (512 MiB, memory bound to node 0) given <hugepages/> in its definition
        const xml = virsh("dumpxml", "--inactive", "--security-info", OFF).replace("<vcpu ", "<memoryBacking><hugepages/></memoryBacking>\n  <vcpu ");
        const file = `${ROOT}/build/hostmem-off.xml`;
        mkdirSync(`${ROOT}/build`, { recursive: true });
        writeFileSync(file, xml);
        virsh("define", file);
        try {
            const page = await hostPage();
            const memory = Number(/<memory unit='KiB'>(\d+)</.exec(xml)?.[1]);
            assert.strictEqual(await eventually(() => text(page.locator(`${ROW_2M} [data-field="users"]`)), t => t.includes(OFF)),
                `${OFF} (${memory / 2048} pages at start)`);
            assert.strictEqual(await text(page.locator('#hugepage-pools tr[data-size="1048576"] [data-field="users"]')), "—", "not the 1 GiB pool");
            await page.context().close();
        } finally {
            stack("fixtures.sh", "reset", OFF);
        }
    });

    QUnit.test("a running VM backed by the pool: its use shown, HugePages_Free lower, the pool cannot shrink below it", async assert => {
        // the plain fixture (256 MiB, no NUMA) restarted with <hugepages/>: 128 pages of 2 MiB
        virsh("destroy", PLAIN);
        const xml = virsh("dumpxml", "--inactive", "--security-info", PLAIN).replace("<vcpu ", "<memoryBacking><hugepages/></memoryBacking>\n  <vcpu ");
        const file = `${ROOT}/build/hostmem-plain.xml`;
        mkdirSync(`${ROOT}/build`, { recursive: true });
        writeFileSync(file, xml);
        try {
            virsh("define", file);
            setSysfs(`${POOL_2M}/nr_hugepages`, "160");
            virsh("start", PLAIN);
            const pages = Number(/<memory unit='KiB'>(\d+)</.exec(xml)?.[1]) / 2048;
            assert.strictEqual(sysfs(`${POOL_2M}/free_hugepages`), String(160 - pages), `QEMU holds ${pages} pages`);
            const page = await hostPage();
            assert.strictEqual(await eventually(() => text(page.locator(`${ROW_2M} [data-field="users"]`)), t => t.includes("running")),
                `${PLAIN} (${pages} pages, running)`);
            assert.strictEqual(await text(page.locator(`${ROW_2M} [data-field="free"]`)), String(160 - pages));
            await fill(page, "pool-0-2048", "100");
            const finding = await fieldFinding(page, "pool-0-2048");
            assert.true(finding.startsWith(`${pages} pages of this pool are in use (by ${PLAIN}): the kernel cannot free pages a process holds`), finding);
            assert.false(await reviewEnabled(page, "host-hugepages"), "refused before anything is sent");
            assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), "160");
            await page.context().close();
        } finally {
            // the fixture as it was (its pages go back to the pool), then the pool as found (afterEach)
            stack("fixtures.sh", "reset", PLAIN);
        }
    });

    QUnit.test("2 MiB pages on node 0 allocated and freed through the page, read back from sysfs", async assert => {
        setSysfs(`${POOL_2M}/nr_hugepages`, "0");
        const page = await hostPage();
        await fill(page, "pool-0-2048", "64");
        const steps = await review(page, "host-hugepages");
        assert.deepEqual(steps, [{ command: "allocpages", scope: "host", virsh: "virsh allocpages --pagesize 2048KiB --cellno 0 64" }]);
        assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), "0", "nothing written by the Review");
        const done = await apply(page);
        assert.strictEqual(done.outcome, "done", done.text);
        assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), "64", "sysfs: 64 pages");
        assert.strictEqual(sysfs(`${POOL_2M}/free_hugepages`), "64");
        assert.true(readFileSync("/proc/meminfo", "utf8").includes("HugePages_Total:      64"), "meminfo agrees");
        assert.strictEqual(virsh("freepages", "--cellno", "0", "--pagesize", "2048KiB").trim(), "2048KiB: 64", "libvirt agrees (virsh freepages)");
        await closeReview(page);
        assert.strictEqual(await eventually(() => page.locator("#pool-0-2048").inputValue(), v => v === "64"), "64", "the page reads the pool again");
        assert.strictEqual(await text(page.locator(`${ROW_2M} [data-field="free"]`)), "64");

        await fill(page, "pool-0-2048", "0");
        assert.deepEqual((await review(page, "host-hugepages")).map(s => s.virsh), ["virsh allocpages --pagesize 2048KiB --cellno 0 0"]);
        assert.strictEqual((await apply(page)).outcome, "done");
        assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), "0", "freed");
        assert.strictEqual(virsh("freepages", "--cellno", "0", "--pagesize", "2048KiB").trim(), "2048KiB: 0", "libvirt: none left");
        await closeReview(page);
        await page.context().close();
    });

    QUnit.test("the kernel gives fewer pages than asked: the outcome says so, from what sysfs reads back", async assert => {
        setSysfs(`${POOL_2M}/nr_hugepages`, "0");
        const page = await hostPage();
        const asked = await kernelGives(page, "40");
        await page.locator("#pool-0-2048").waitFor({ timeout: 60000 });
        await fill(page, "pool-0-2048", "64");
        await review(page, "host-hugepages");
        const result = await apply(page);
        assert.deepEqual(asked, ["64"], "the page asked for 64");
        assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), "40", "the kernel has 40");
        assert.strictEqual(result.outcome, "done", result.text);
        assert.true(result.text.includes("the pool of 2 MiB pages on host node 0: 64 pages asked, the kernel gave 40"), result.text);
        assert.strictEqual(await page.locator("#apply-done").getAttribute("data-short"), "true", "said as a warning, not a success");
        await closeReview(page);
        assert.strictEqual(await eventually(() => page.locator("#pool-0-2048").inputValue(), v => v === "40"), "40", "the page shows what the kernel gave");
        await page.context().close();
    });

    QUnit.test("refused before anything is sent: more than the node's free memory, not a number", async assert => {
        const page = await hostPage();
        await fill(page, "pool-0-2048", "100000000");
        assert.true((await fieldFinding(page, "pool-0-2048")).includes("but host node 0 has only"), await fieldFinding(page, "pool-0-2048"));
        assert.false(await reviewEnabled(page, "host-hugepages"), "no Review");
        await fill(page, "pool-0-2048", "12x");
        assert.true((await fieldFinding(page, "pool-0-2048")).startsWith("The number of pages is a whole number, 0 or more."));
        assert.false(await reviewEnabled(page, "host-hugepages"));
        assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), savedPool, "nothing written");
        await page.context().close();
    });

    QUnit.test("a pool changed behind the Review is a conflict: nothing written", async assert => {
        setSysfs(`${POOL_2M}/nr_hugepages`, "0");
        const page = await hostPage();
        await fill(page, "pool-0-2048", "32");
        await review(page, "host-hugepages");
        setSysfs(`${POOL_2M}/nr_hugepages`, "16");
        const result = await apply(page);
        assert.strictEqual(result.outcome, "conflict", result.text);
        assert.true(result.text.includes("the pool of 2 MiB pages on host node 0 is now 16 (it was 0 when reviewed)"), result.text);
        assert.strictEqual(sysfs(`${POOL_2M}/nr_hugepages`), "16", "the page wrote nothing");
        await page.context().close();
    });

    QUnit.test("KSM settings through the page, read back from sysfs and libvirt, then restored through the page", async assert => {
        restoreKsm({ run: "0", pages_to_scan: "100", sleep_millisecs: "20", merge_across_nodes: "1" });
        const page = await hostPage();
        await page.selectOption("#ksm-run", "1");
        await fill(page, "ksm-pages-to-scan", "321");
        await fill(page, "ksm-sleep", "33");
        const steps = await review(page, "host-ksm");
        assert.deepEqual(steps.map(s => s.virsh), [
            "virsh node-memory-tune --shm-pages-to-scan 321 --shm-sleep-millisecs 33",
            "echo 1 > /sys/kernel/mm/ksm/run",
        ]);
        const done = await apply(page);
        assert.strictEqual(done.outcome, "done", done.text);
        assert.deepEqual(ksmSettings(), { run: "1", pages_to_scan: "321", sleep_millisecs: "33", merge_across_nodes: "1" }, "sysfs");
        const tune = nodeMemoryTune();
        assert.deepEqual([tune.shm_pages_to_scan, tune.shm_sleep_millisecs], ["321", "33"], "libvirt");
        await closeReview(page);
        assert.strictEqual(await eventually(() => text(page.locator("#ksm-state")), t => t.startsWith("Running")), "Running: ksmd merges identical pages");

        // merging across nodes: unmerge first, change, run again
        await page.locator("#ksm-merge").uncheck();
        assert.deepEqual((await review(page, "host-ksm")).map(s => s.virsh), [
            "echo 2 > /sys/kernel/mm/ksm/run",
            "virsh node-memory-tune --shm-merge-across-nodes 0",
            "echo 1 > /sys/kernel/mm/ksm/run",
        ]);
        assert.strictEqual((await apply(page)).outcome, "done");
        assert.strictEqual(sysfs(`${KSM}/merge_across_nodes`), "0", "sysfs");
        assert.strictEqual(nodeMemoryTune().shm_merge_across_nodes, "0", "libvirt");
        assert.strictEqual(sysfs(`${KSM}/run`), "1", "running again");
        await closeReview(page);

        // back as it was, through the page
        await eventually(() => page.locator("#ksm-merge").isChecked(), v => !v);
        await page.selectOption("#ksm-run", "0");
        await fill(page, "ksm-pages-to-scan", "100");
        await fill(page, "ksm-sleep", "20");
        await page.locator("#ksm-merge").check();
        await review(page, "host-ksm");
        assert.strictEqual((await apply(page)).outcome, "done");
        assert.deepEqual(ksmSettings(), { run: "0", pages_to_scan: "100", sleep_millisecs: "20", merge_across_nodes: "1" }, "restored");
        await page.context().close();
    });

    QUnit.test("a KSM plan whose last step fails is undone exactly (sysfs run and libvirt's settings)", async assert => {
        restoreKsm({ run: "1", pages_to_scan: "100", sleep_millisecs: "20", merge_across_nodes: "1" });
        const before = ksmSettings();
        const page = await hostPage();
        const fault = await injectDbusFaults(page);
        await page.locator("#ksm-counters").waitFor({ timeout: 60000 });
        await fill(page, "ksm-pages-to-scan", "222");
        await page.locator("#ksm-merge").uncheck();
        assert.deepEqual((await review(page, "host-ksm")).map(s => s.command), ["node-memory-tune", "ksm-run", "node-memory-tune", "ksm-run"]);
        fault.arm("NodeSetMemoryParameters", 2);
        const result = await apply(page);
        assert.strictEqual(result.outcome, "failed", result.text);
        assert.true(result.text.includes(INJECTED), "libvirt's (injected) message shown");
        assert.true(result.text.includes("2 earlier steps were undone; the host is as it was."), result.text);
        assert.deepEqual(fault.injected.length, 1);
        assert.deepEqual(ksmSettings(), before, "sysfs as before");
        assert.strictEqual(nodeMemoryTune().shm_pages_to_scan, "100", "libvirt as before");
        await page.context().close();
    });
});
