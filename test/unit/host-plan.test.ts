// Host plans: hugepage pools (rules with their reasons, allocpages steps and inverses, which VMs use a
// pool) and KSM (node-memory-tune, run, merging across nodes only after unmerging), and the values a
// host apply compares before, after and on rollback.
import QUnit from "qunit";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { parseHostHugePages } from "../../src/model/host/hugepages.ts";
import type { HostHugePages } from "../../src/model/host/hugepages.ts";
import { sizesWithoutMount, usersOfPool } from "../../src/model/host/hugepage-users.ts";
import { hugePageUsers } from "../../src/model/vm/host-memory.ts";
import { nrHugepagesPath, planHugePages, poolFindings } from "../../src/model/host/hugepage-plan.ts";
import type { PoolContext } from "../../src/model/host/hugepage-plan.ts";
import { ksmSavedKiB, ksmState, mergeAcrossNodesExplained, planKsm } from "../../src/model/host/ksm.ts";
import type { KsmContext, KsmState } from "../../src/model/host/ksm.ts";
import { describeDifference, differences, targetName, valueIn, valuesAfter, valuesBefore } from "../../src/model/host/host-values.ts";
import { planRefused } from "../../src/model/host/host-plan.ts";
import { NUMA_XML, PLAIN_XML } from "./support/tuning-fixture.ts";
import { memorySides, pinnedMemory } from "../../src/model/vm/host-memory.ts";
import type { Vm } from "../../src/model/vm/vm.ts";

// read at run time (the bundle lives in build/unit/), once, before the first module
interface Fs { readFile(path: URL, encoding: "utf8"): Promise<string> }
const fsModule = "node:fs/promises";
let TWO_NODE = "";
QUnit.begin(async () => {
    const fs = await import(fsModule) as Fs;
    TWO_NODE = await fs.readFile(new URL("../../test/unit/fixtures/host/hugepages/two-node.txt", import.meta.url), "utf8");
});

const GIB = 1048576;

function withHugepages(xml: string, name: string, backing: string, numatune?: string): string {
    let out = xml.replace("<name>vm1</name>", `<name>${name}</name>`)
        .replace("<vcpu ", `<memoryBacking>${backing}</memoryBacking>\n  <vcpu `);
    if (numatune !== undefined)
        out = out.replace("<memory mode='strict' nodeset='0'/>", numatune);
    return out;
}

function context(pages: HostHugePages = parseHostHugePages(TWO_NODE)): PoolContext {
    const db = readTuning(withHugepages(NUMA_XML, "db", "<hugepages/>"));
    const web = readTuning(withHugepages(NUMA_XML, "web", "<hugepages><page size='2048' unit='KiB' nodeset='0'/><page size='1' unit='GiB' nodeset='1'/></hugepages>", "<memory mode='strict' nodeset='1'/>"));
    const plain = readTuning(NUMA_XML);
    const users = hugePageUsers([
        { name: "db", running: true, tuning: db },
        { name: "web", running: false, tuning: web },
        { name: "plain", running: true, tuning: plain },
    ], [0, 1], pages.defaultSizeKiB);
    return { pages, users };
}

QUnit.module("host: hugepage pools plan", () => {
    QUnit.test("users: default size for <hugepages/>, per-cell sizes, numatune's nodes; VMs without hugepages absent", assert => {
        const { users } = context();
        assert.deepEqual(users, [
            { vm: "db", running: true, sizeKiB: 2048, pages: 1024, nodes: [0] },
            { vm: "web", running: false, sizeKiB: 2048, pages: 512, nodes: [1] },
            { vm: "web", running: false, sizeKiB: GIB, pages: 1, nodes: [1] },
        ]);
        assert.deepEqual(usersOfPool(users, 0, 2048).map(u => u.vm), ["db"]);
        assert.deepEqual(usersOfPool(users, 1, GIB).map(u => u.vm), ["web"]);
        assert.deepEqual(hugePageUsers([{ name: "x", running: true, tuning: undefined }], [0, 1], 2048), []);
        const auto = readTuning(withHugepages(NUMA_XML, "auto", "<hugepages/>", "<memory mode='strict' placement='auto'/>"));
        assert.deepEqual(hugePageUsers([{ name: "auto", running: true, tuning: auto }], [0, 1], 2048)[0]?.nodes, [0, 1], "placement auto: any node");
        const interleaved = readTuning(withHugepages(NUMA_XML, "il", "<hugepages/>", "<memory mode='interleave' nodeset='1'/>"));
        assert.deepEqual(hugePageUsers([{ name: "il", running: true, tuning: interleaved }], [0, 1], 2048)[0]?.nodes, [1],
                         "interleave binds the memory to its nodes, as the Memory backing card counts it");
    });

    QUnit.test("sizes in use that no hugetlbfs mount offers", assert => {
        const ctx = context();
        assert.deepEqual(sizesWithoutMount(ctx.pages, ctx.users), [], "both sizes mounted");
        const only2M = { ...ctx.pages, mounts: ctx.pages.mounts.filter(m => m.pageSizeKiB === 2048) };
        assert.deepEqual(sizesWithoutMount(only2M, ctx.users), [GIB], "1 GiB pool has pages, web asks for them");
        const none = { ...ctx.pages, mounts: [], pools: ctx.pages.pools.map(p => ({ ...p, total: 0 })) };
        assert.deepEqual(sizesWithoutMount(none, []), [], "nothing in use: nothing missing");
        assert.deepEqual(sizesWithoutMount(none, ctx.users), [2048, GIB], "VMs asking for both sizes");
    });

    QUnit.test("growing a pool that fits: one allocpages step, its inverse the old size, the sysfs file", assert => {
        const plan = planHugePages([{ node: 0, sizeKiB: 2048, total: 1100 }], context());
        assert.deepEqual(plan.refusals, []);
        assert.strictEqual(plan.steps.length, 1);
        const [step] = plan.steps;
        assert.strictEqual(step?.virsh, "virsh allocpages --pagesize 2048KiB --cellno 0 1100");
        assert.deepEqual(step?.write, { kind: "sysfs", path: "/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages", value: "1100" });
        assert.strictEqual(step?.inverse?.virsh, "virsh allocpages --pagesize 2048KiB --cellno 0 1024");
        assert.strictEqual(step?.description, "Set the pool of 2 MiB pages on host node 0 to 1100 pages (2.15 GiB)");
        const uri = planHugePages([{ node: 0, sizeKiB: 2048, total: 1100 }], { ...context(), uri: "qemu:///session" });
        assert.true(uri.steps[0]?.virsh.startsWith("virsh -c qemu:///session allocpages"));
    });

    QUnit.test("unchanged pools make no step; several pools, several steps", assert => {
        assert.deepEqual(planHugePages([{ node: 0, sizeKiB: 2048, total: 1024 }], context()), { steps: [], refusals: [] });
        const plan = planHugePages([{ node: 0, sizeKiB: 2048, total: 1000 }, { node: 1, sizeKiB: 2048, total: 600 }], context());
        assert.deepEqual(plan.steps.map(s => s.write.kind === "sysfs" ? s.write.path : ""), [nrHugepagesPath(0, 2048), nrHugepagesPath(1, 2048)]);
    });

    QUnit.test("refused: below the pages in use, with the running VMs named", assert => {
        // node 0: 1024 total, 400 free → 624 in use
        const findings = poolFindings({ node: 0, sizeKiB: 2048, total: 600 }, context());
        assert.strictEqual(findings[0]?.severity, "error");
        assert.true(findings[0]?.message.startsWith("624 pages of this pool are in use (by db): the kernel cannot free"), findings[0]?.message);
        assert.strictEqual(findings[0]?.field, "pool:0:2048");
        const plan = planHugePages([{ node: 0, sizeKiB: 2048, total: 600 }], context());
        assert.deepEqual(plan.steps, [], "nothing planned");
        assert.true(planRefused(plan));
        assert.deepEqual(poolFindings({ node: 0, sizeKiB: 2048, total: 624 }, context()).filter(f => f.severity === "error"), [], "exactly the pages in use is allowed");
    });

    QUnit.test("refused: more than the node's free memory; warned: little left", assert => {
        // node 1 has 2000000 KiB free: 976 pages of 2 MiB fit, 977 do not
        const over = poolFindings({ node: 1, sizeKiB: 2048, total: 512 + 977 }, context());
        assert.strictEqual(over[0]?.severity, "error");
        assert.true(over[0]?.message.includes("host node 1 has only 1.91 GiB free"), over[0]?.message);
        const fits = poolFindings({ node: 1, sizeKiB: 2048, total: 512 + 976 }, context());
        assert.deepEqual(fits.map(f => f.severity), ["warning"], "leaves less than a tenth of the node");
        assert.true(fits[0]?.message.startsWith("This leaves 1.13 MiB of host node 1's memory free"), fits[0]?.message);
        assert.deepEqual(poolFindings({ node: 0, sizeKiB: 2048, total: 1100 }, context()), [], "node 0 has room");
    });

    QUnit.test("refused: not a whole number, a pool the host does not have", assert => {
        for (const total of [-1, 1.5, Number.NaN, Number.MAX_VALUE])
            assert.strictEqual(poolFindings({ node: 0, sizeKiB: 2048, total }, context())[0]?.message, "The number of pages is a whole number, 0 or more.", String(total));
        assert.strictEqual(poolFindings({ node: 2, sizeKiB: 2048, total: 1 }, context())[0]?.message, "Host node 2 has no pool of 2 MiB pages.");
        assert.strictEqual(poolFindings({ node: 0, sizeKiB: 4096, total: 1 }, context())[0]?.severity, "error");
    });

    QUnit.test("warned: 1 GiB pages at run time, no hugetlbfs mount of the size, shut-off VMs that would not start", assert => {
        const pages = parseHostHugePages(TWO_NODE);
        const noMounts = context({ ...pages, mounts: [] });
        const gig = poolFindings({ node: 0, sizeKiB: GIB, total: 1 }, noMounts);
        assert.deepEqual(gig.map(f => f.severity), ["warning", "warning"]);
        assert.true(gig[0]?.message.startsWith("1 GiB pages need 1 GiB of contiguous free memory"));
        assert.true(gig[1]?.message.startsWith("No hugetlbfs of 1 GiB pages is mounted"));
        assert.deepEqual(poolFindings({ node: 0, sizeKiB: GIB, total: 0 }, noMounts), [], "an empty pool needs no mount");
        // node 1's 2 MiB pool: 512 total, 300 free (212 in use); web (shut off) needs 512
        const shrink = poolFindings({ node: 1, sizeKiB: 2048, total: 300 }, context());
        assert.deepEqual(shrink.map(f => f.message), ["web need 512 pages of this size to start; after this change the pool has 88 free."]);
    });
});

function vm(name: string, xml: string, active: boolean, driver: "qemu" | "lxc" = "qemu"): Vm {
    const tuning = readTuning(xml);
    return {
        connection: { uri: "qemu:///system", driver, session: false }, path: `/${name}`, name, uuid: tuning.uuid,
        state: active ? "running" : "shutoff", active, persistent: true, config: tuning, ...(active ? { live: tuning } : {}),
    } as Vm;
}

QUnit.module("host: the VMs as the host's memory cards see them", () => {
    QUnit.test("the definition holding pages (running) or asking for them (next boot); memory bound to nodes", assert => {
        const on = vm("on", withHugepages(NUMA_XML, "on", "<hugepages/>"), true);
        // running with a live definition that differs from next boot: the live one holds the pages
        const live = readTuning(NUMA_XML);
        const both = { ...on, live };
        assert.deepEqual(memorySides([both]).map(s => s.tuning?.hugepages), [[]], "running: the live definition");
        const off = vm("off", withHugepages(NUMA_XML, "off", "<hugepages/>", "<memory mode='interleave' nodeset='0-1'/>"), false);
        assert.deepEqual(memorySides([off]).map(s => [s.name, s.running, s.tuning?.hugepages.length]), [["off", false, 1]]);
        assert.deepEqual(memorySides([vm("ct", NUMA_XML, true, "lxc")]), [], "containers take no huge pages through QEMU");
        assert.deepEqual([...pinnedMemory([on, off, vm("plain", PLAIN_XML, true)])], [["on", [0]]],
            "strict binds, interleave spreads, no numatune binds nothing");
    });
});

const KSM: KsmState = {
    run: 1, pagesToScan: 100, sleepMillisecs: 20, mergeAcrossNodes: true,
    pagesShared: 10, pagesSharing: 250, pagesUnshared: 5, pagesVolatile: 1, fullScans: 3,
};
const ONE_NODE: KsmContext = { hostNodes: 1, pinned: new Map() };
const TWO_NODES: KsmContext = { hostNodes: 2, pinned: new Map([["db", [0]], ["web", [1]]]) };

QUnit.module("host: KSM plan", () => {
    QUnit.test("state from libvirt's parameters and the run file", assert => {
        const params = { shm_pages_to_scan: 100, shm_sleep_millisecs: 20, shm_pages_shared: 10, shm_pages_sharing: 250,
            shm_pages_unshared: 5, shm_pages_volatile: 1, shm_full_scans: 3, shm_merge_across_nodes: 1 };
        assert.deepEqual(ksmState(params, "1\n"), KSM);
        assert.strictEqual(ksmState({ ...params, shm_merge_across_nodes: 0 }, "2")?.mergeAcrossNodes, false);
        assert.strictEqual(ksmState(params, "2")?.run, 2);
        assert.strictEqual(ksmState(params, "")?.run, 0);
        assert.strictEqual(ksmState({ shm_full_scans: 1 }, "0"), undefined, "no KSM");
        assert.strictEqual(ksmSavedKiB(KSM), 1000);
    });

    QUnit.test("scan settings: one node-memory-tune, undone by the old values", assert => {
        const plan = planKsm(KSM, { ...KSM, pagesToScan: 500, sleepMillisecs: 50 }, ONE_NODE);
        assert.deepEqual(plan.refusals, []);
        assert.strictEqual(plan.steps.length, 1);
        assert.strictEqual(plan.steps[0]?.virsh, "virsh node-memory-tune --shm-pages-to-scan 500 --shm-sleep-millisecs 50");
        assert.deepEqual(plan.steps[0]?.write, { kind: "node-memory", params: { shm_pages_to_scan: 500, shm_sleep_millisecs: 50 } });
        assert.strictEqual(plan.steps[0]?.inverse?.virsh, "virsh node-memory-tune --shm-pages-to-scan 100 --shm-sleep-millisecs 20");
        assert.deepEqual(planKsm(KSM, KSM, ONE_NODE).steps, [], "no change, no step");
    });

    QUnit.test("run: a sysfs write with its shell line, undone by the old run", assert => {
        const plan = planKsm({ ...KSM, run: 0 }, { ...KSM, run: 1 }, ONE_NODE);
        assert.deepEqual(plan.steps.map(s => [s.command, s.virsh, s.inverse?.virsh]),
            [["ksm-run", "echo 1 > /sys/kernel/mm/ksm/run", "echo 0 > /sys/kernel/mm/ksm/run"]]);
    });

    QUnit.test("merging across nodes: unmerge first (the kernel refuses while pages are merged), then run as wanted", assert => {
        const plan = planKsm(KSM, { ...KSM, mergeAcrossNodes: false }, TWO_NODES);
        assert.deepEqual(plan.steps.map(s => s.virsh), [
            "echo 2 > /sys/kernel/mm/ksm/run",
            "virsh node-memory-tune --shm-merge-across-nodes 0",
            "echo 1 > /sys/kernel/mm/ksm/run",
        ]);
        assert.deepEqual(plan.steps.map(s => s.inverse?.virsh), [
            "echo 1 > /sys/kernel/mm/ksm/run",
            "virsh node-memory-tune --shm-merge-across-nodes 1",
            "echo 2 > /sys/kernel/mm/ksm/run",
        ]);
        assert.true(plan.refusals[0]?.message.includes("takes back about 1000 KiB"), plan.refusals[0]?.message);
        // stopped with nothing merged: the change alone
        const idle = planKsm({ ...KSM, run: 0, pagesShared: 0, pagesSharing: 0 }, { ...KSM, run: 0, mergeAcrossNodes: false }, TWO_NODES);
        assert.deepEqual(idle.steps.map(s => s.command), ["node-memory-tune"]);
        assert.deepEqual(idle.refusals, []);
    });

    QUnit.test("merging across nodes explained against NUMA pinning", assert => {
        assert.true(mergeAcrossNodesExplained(KSM, ONE_NODE).startsWith("This host has one NUMA node"));
        assert.true(mergeAcrossNodesExplained(KSM, TWO_NODES).startsWith("db, web have memory pinned to different host nodes"));
        assert.true(mergeAcrossNodesExplained({ ...KSM, mergeAcrossNodes: false }, TWO_NODES).startsWith("KSM merges only pages on the same node"));
        assert.true(mergeAcrossNodesExplained(KSM, { hostNodes: 2, pinned: new Map() }).startsWith("KSM may merge identical pages of different nodes"));
        const on = planKsm({ ...KSM, mergeAcrossNodes: false, pagesShared: 0 }, KSM, TWO_NODES);
        assert.true(on.refusals.some(f => f.field === "ksm-merge" && f.message.startsWith("db, web have memory pinned")), "turning it on is warned");
    });

    QUnit.test("refused and warned values", assert => {
        for (const bad of [-1, 1.5, 4294967296, Number.NaN]) {
            const plan = planKsm(KSM, { ...KSM, pagesToScan: bad }, ONE_NODE);
            assert.true(planRefused(plan) && plan.steps.length === 0, `pages to scan ${bad}`);
            assert.true(planRefused(planKsm(KSM, { ...KSM, sleepMillisecs: bad }, ONE_NODE)), `sleep ${bad}`);
        }
        assert.deepEqual(planKsm(KSM, { ...KSM, pagesToScan: 0 }, ONE_NODE).refusals.map(f => f.severity), ["warning"]);
        assert.deepEqual(planKsm(KSM, { ...KSM, sleepMillisecs: 5 }, ONE_NODE).refusals.map(f => f.severity), ["warning"]);
        assert.true(planKsm(KSM, { ...KSM, run: 2 }, ONE_NODE).refusals[0]?.message.startsWith("Unmerging copies every shared page back"));
        assert.strictEqual(planKsm(KSM, { ...KSM, pagesToScan: 4294967295 }, ONE_NODE).steps.length, 1, "the largest uint");
    });
});

QUnit.module("host: plan values read back", () => {
    QUnit.test("before, after, differences, in words", assert => {
        const pages = parseHostHugePages(TWO_NODE);
        const plan = planHugePages([{ node: 0, sizeKiB: 2048, total: 1100 }], context(pages));
        const reading = { pages, ksm: KSM };
        assert.deepEqual([...valuesBefore(plan.steps, reading)], [[nrHugepagesPath(0, 2048), 1024]]);
        assert.deepEqual([...valuesAfter(plan.steps)], [[nrHugepagesPath(0, 2048), 1100]]);
        // the kernel gave 1050 of 1100
        const given = { pages: { ...pages, pools: pages.pools.map(p => p.node === 0 && p.sizeKiB === 2048 ? { ...p, total: 1050 } : p) } };
        const short = differences(valuesAfter(plan.steps), given);
        assert.deepEqual(short, [{ target: nrHugepagesPath(0, 2048), expected: 1100, found: 1050 }]);
        assert.strictEqual(describeDifference(short[0]!, "short"),
            "the pool of 2 MiB pages on host node 0: 1100 pages asked, the kernel gave 1050 (not enough free contiguous memory)");
        assert.strictEqual(describeDifference(short[0]!, "changed"), "the pool of 2 MiB pages on host node 0 is now 1050 (it was 1100 when reviewed)");
        assert.strictEqual(describeDifference({ target: "shm_sleep_millisecs", expected: 20, found: undefined }, "not-restored"), "shm_sleep_millisecs is unknown, it was 20");
        const ksmPlan = planKsm(KSM, { ...KSM, mergeAcrossNodes: false, sleepMillisecs: 30 }, ONE_NODE);
        assert.deepEqual([...valuesAfter(ksmPlan.steps)], [["shm_sleep_millisecs", 30], ["/sys/kernel/mm/ksm/run", 1], ["shm_merge_across_nodes", 0]],
            "run ends as it was: the last write wins");
        assert.deepEqual(differences(valuesAfter(ksmPlan.steps), { ksm: { ...KSM, sleepMillisecs: 30, mergeAcrossNodes: false } }), []);
        assert.strictEqual(valueIn({}, "shm_pages_to_scan"), undefined);
        assert.strictEqual(valueIn({ ksm: KSM }, "elsewhere"), undefined);
        assert.strictEqual(targetName("/sys/kernel/mm/ksm/run"), "KSM run");
    });
});
