// The host's hugepage reading: the one `find … -exec grep -H` output of src/host/hugepages.ts.
// local-1node.txt was captured on this stack's host (1 node, 2 MiB and 1 GiB sizes, hugetlbfs at
// /dev/hugepages with pagesize=2M); two-node.txt is written in the same form for a two-node host
// with pools in use, a 1 GiB mount whose path has a space, and the 1 GiB pool's demote files.
import QUnit from "qunit";
import {
    freePages, hugePageSizes, hugetlbfsMounts, meminfoHugepagesize, mountFor, mountPageSize, mountsNotUsed,
    parseHostHugePages, poolDirSize, poolOf,
} from "../../src/model/host/hugepages.ts";

interface Fs { readFile(path: URL, encoding: "utf8"): Promise<string> }
const fsModule = "node:fs/promises";
async function fixture(name: string): Promise<string> {
    const fs = await import(fsModule) as Fs;
    return fs.readFile(new URL(`../../test/unit/fixtures/host/hugepages/${name}`, import.meta.url), "utf8");
}

QUnit.module("host: hugepages", () => {
    QUnit.test("this host: one node, both sizes, empty pools, the 2 MiB mount", async assert => {
        const pages = parseHostHugePages(await fixture("local-1node.txt"));
        assert.deepEqual(pages.pools, [
            { node: 0, sizeKiB: 2048, total: 0, free: 0, surplus: 0 },
            { node: 0, sizeKiB: 1048576, total: 0, free: 0, surplus: 0 },
        ]);
        assert.deepEqual(pages.reservedBySize, { 2048: 0, 1048576: 0 });
        assert.strictEqual(pages.defaultSizeKiB, 2048);
        assert.deepEqual(pages.mounts, [{ path: "/dev/hugepages", pageSizeKiB: 2048 }]);
        assert.deepEqual(hugePageSizes(pages), [2048, 1048576]);
        assert.deepEqual(pages.nodeMemory, { 0: { total: 10315980, free: 5015296 } }, "node 0's meminfo");
        assert.strictEqual(mountFor(pages, 1048576), undefined, "no 1 GiB mount here");
    });

    QUnit.test("two nodes: pools sorted node then size, reservations global, mounts unescaped", async assert => {
        const pages = parseHostHugePages(await fixture("two-node.txt"));
        assert.deepEqual(pages.pools, [
            { node: 0, sizeKiB: 2048, total: 1024, free: 400, surplus: 2 },
            { node: 0, sizeKiB: 1048576, total: 0, free: 0, surplus: 0 },
            { node: 1, sizeKiB: 2048, total: 512, free: 300, surplus: 1 },
            { node: 1, sizeKiB: 1048576, total: 4, free: 4, surplus: 0 },
        ]);
        assert.deepEqual(pages.reservedBySize, { 2048: 12, 1048576: 0 });
        assert.deepEqual(pages.mounts, [
            { path: "/dev/hugepages", pageSizeKiB: 2048 },
            { path: "/mnt/huge 1G", pageSizeKiB: 1048576 },
        ]);
        assert.deepEqual(pages.nodeMemory, { 0: { total: 32768000, free: 8000000 }, 1: { total: 32768000, free: 2000000 } });
        assert.strictEqual(freePages(pages, 2048), 700);
        assert.strictEqual(freePages(pages, 2048, [1]), 300);
        assert.strictEqual(freePages(pages, 1048576, [0]), 0);
        assert.strictEqual(freePages(pages, 4096), 0, "a size the host does not offer has no free pages");
        assert.deepEqual(poolOf(pages, 1, 1048576), { node: 1, sizeKiB: 1048576, total: 4, free: 4, surplus: 0 });
        assert.strictEqual(poolOf(pages, 2, 2048), undefined);
        assert.strictEqual(mountFor(pages, 1048576)?.path, "/mnt/huge 1G");
        assert.deepEqual(mountsNotUsed(pages, new Set(["/dev/hugepages"])), [{ path: "/mnt/huge 1G", pageSizeKiB: 1048576 }],
            "a mount libvirt made no directory in");
    });

    QUnit.test("a kernel without per-node pools shows its global pools as node 0", assert => {
        const pages = parseHostHugePages([
            "/proc/meminfo:Hugepagesize:    2048 kB",
            "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:8",
            "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages:5",
            "/sys/kernel/mm/hugepages/hugepages-2048kB/surplus_hugepages:1",
            "/sys/kernel/mm/hugepages/hugepages-2048kB/resv_hugepages:2",
        ].join("\n"));
        assert.deepEqual(pages.pools, [{ node: 0, sizeKiB: 2048, total: 8, free: 5, surplus: 1 }]);
        assert.deepEqual(pages.reservedBySize, { 2048: 2 });
        assert.deepEqual(pages.mounts, []);
    });

    QUnit.test("per-node pools win over the global ones; garbage and unknown files ignored", assert => {
        const pages = parseHostHugePages([
            "no colon here",
            "/proc/meminfo:Hugepagesize:    1048576 kB",
            "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:8",
            "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_overcommit_hugepages:3",
            "/sys/devices/system/node/node3/hugepages/hugepages-2048kB/nr_hugepages:8",
            "/sys/devices/system/node/node3/hugepages/hugepages-2048kB/free_hugepages:x",
            "/sys/devices/system/node/node3/hugepages/hugepages-2048kB/demote:0",
            "/proc/mounts:nodev /hp hugetlbfs rw",
        ].join("\n"));
        assert.deepEqual(pages.pools, [{ node: 3, sizeKiB: 2048, total: 8, free: 0, surplus: 0 }]);
        assert.strictEqual(pages.defaultSizeKiB, 1048576);
        assert.deepEqual(pages.mounts, [{ path: "/hp", pageSizeKiB: 1048576 }], "no pagesize=: the default size");
    });

    QUnit.test("a kernel without hugetlb: no pools, size 0", assert => {
        const pages = parseHostHugePages("/proc/meminfo:MemTotal: 1000 kB\n");
        assert.deepEqual(pages, { pools: [], reservedBySize: {}, defaultSizeKiB: 0, mounts: [] });
    });

    QUnit.test("the small parsers", assert => {
        assert.strictEqual(poolDirSize("hugepages-2048kB"), 2048);
        assert.strictEqual(poolDirSize("hugepages-1048576kB"), 1048576);
        assert.strictEqual(poolDirSize("hugepages-2048"), undefined);
        assert.strictEqual(meminfoHugepagesize("MemTotal: 1 kB\nHugepagesize:       2048 kB\n"), 2048);
        assert.strictEqual(meminfoHugepagesize("MemTotal: 1 kB\n"), undefined);
        assert.strictEqual(mountPageSize("2M"), 2048);
        assert.strictEqual(mountPageSize("1G"), 1048576);
        assert.strictEqual(mountPageSize("1024M"), 1048576);
        assert.strictEqual(mountPageSize("2048K"), 2048);
        assert.strictEqual(mountPageSize("2097152"), 2048, "plain bytes");
        assert.strictEqual(mountPageSize("1000"), undefined, "not whole KiB");
        assert.strictEqual(mountPageSize("2T"), undefined);
        assert.deepEqual(hugetlbfsMounts("hugetlbfs /a hugetlbfs rw,pagesize=bad 0 0\nshort line\n", 2048), [],
            "a size that cannot be read is no mount of any size");
    });
});
