// The host's text for the Performance tab: cgroup cpu.stat (v1 as this stack's Debian 12 host writes it,
// v2 in the kernel's documented format, Documentation/admin-guide/cgroup-v2.rst), cpu.pressure
// (Documentation/accounting/psi.rst), /proc/PID/numa_maps, /proc/stat, task stat, /proc/PID/cgroup with
// the mount table, and one refresh's grep -H output sorted back into its parts.
// Fixtures in fixtures/host/perf/ were captured on the stack for vmtune-test-numa (QEMU pid 22145) with
// the very find | grep command of src/host/perf.ts (numa_maps cut to its first 40 mappings).
import QUnit from "qunit";
import { parseCpuStat } from "../../src/model/host/cpu-stat.ts";
import { parsePressure } from "../../src/model/host/pressure.ts";
import { parseNumaMaps } from "../../src/model/host/numa-maps.ts";
import { parseProcStat } from "../../src/model/host/proc-stat.ts";
import { parseTaskStat, vcpuOfThread } from "../../src/model/host/task-stat.ts";
import { cgroupMounts, processCpuCgroup, vmGroupCandidate } from "../../src/model/host/proc-cgroup.ts";
import { hostCountersFromOutput, splitGrepOutput } from "../../src/model/perf/host-files.ts";
import type { HostLayout } from "../../src/model/perf/host-files.ts";
import { perfFixture } from "./support/perf.ts";

const V1_CPU_STAT = "nr_periods 2215\nnr_throttled 1987\nthrottled_time 152871036522\nnr_bursts 0\nburst_time 0\n";
const V2_CPU_STAT = [
    "usage_usec 7497791", "user_usec 6560359", "system_usec 937432", "core_sched.force_idle_usec 0",
    "nr_periods 4120", "nr_throttled 3010", "throttled_usec 95012345", "nr_bursts 0", "burst_usec 0", "",
].join("\n");
const PRESSURE = "some avg10=15.19 avg60=9.47 avg300=2.60 total=8531891\nfull avg10=10.93 avg60=6.80 avg300=1.85 total=6128946\n";

const V2_SCOPE = "/machine.slice/machine-qemu\\x2d3\\x2dvmtune\\x2ddb.scope/libvirt";
const V2_MOUNTINFO = [
    "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
    "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,seclabel,nsdelegate,memory_recursiveprot",
].join("\n");
const V2_PROC_CGROUP = `0::${V2_SCOPE}/emulator\n`;

QUnit.module("perf: host text", () => {
    QUnit.test("cpu.stat v1 (this host's text): throttled_time in ns becomes µs", assert => {
        assert.deepEqual(parseCpuStat(V1_CPU_STAT, 1),
            { periods: 2215, throttledPeriods: 1987, throttledUsec: 152871036.522, usageUsec: undefined });
    });

    QUnit.test("cpu.stat v2: throttled_usec and usage_usec taken as they are", assert => {
        assert.deepEqual(parseCpuStat(V2_CPU_STAT, 2),
            { periods: 4120, throttledPeriods: 3010, throttledUsec: 95012345, usageUsec: 7497791 });
        // the same text read as v1 has no throttled_time: the unit never mixes
        assert.strictEqual(parseCpuStat(V2_CPU_STAT, 1).throttledUsec, 0);
    });

    QUnit.test("cpu.stat with fields missing (v2 group without the cpu controller, garbage lines)", assert => {
        assert.deepEqual(parseCpuStat("usage_usec 36045881\nuser_usec 34161501\nsystem_usec 1884380\nnice_usec 0\n", 2),
            { periods: 0, throttledPeriods: 0, throttledUsec: 0, usageUsec: 36045881 });
        assert.deepEqual(parseCpuStat("nr_periods x\n\nnr_throttled 3 4\n", 1),
            { periods: 0, throttledPeriods: 0, throttledUsec: 0, usageUsec: undefined });
    });

    QUnit.test("cpu.pressure: some and full; some alone (kernels before 5.13); no some line", assert => {
        assert.deepEqual(parsePressure(PRESSURE), {
            some: { avg10: 15.19, avg60: 9.47, avg300: 2.6, totalUsec: 8531891 },
            full: { avg10: 10.93, avg60: 6.8, avg300: 1.85, totalUsec: 6128946 },
        });
        assert.deepEqual(parsePressure("some avg10=0.00 avg60=0.00 avg300=0.00 total=0"),
            { some: { avg10: 0, avg60: 0, avg300: 0, totalUsec: 0 } });
        assert.throws(() => parsePressure("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"), /no "some" line/);
        assert.throws(() => parsePressure("some avg10=0.00 avg60=0.00\n"), /no "some" line/, "an incomplete line is no line");
    });

    QUnit.test("numa_maps: pages × page size per node, hugetlbfs apart, mappings without pages add nothing", assert => {
        const text = [
            "7f2a40000000 bind:1 file=/dev/hugepages/libvirt/qemu/3-db/qemu_back_mem.pc.ram.XJ2 huge dirty=512 N0=128 N1=384 kernelpagesize_kB=2048",
            "7f2a80000000 default anon=3000 dirty=3000 active=0 N0=1000 N1=2000 kernelpagesize_kB=4",
            "7f2b00000000 default",
            "7f2b00200000 default file=/usr/lib/x86_64-linux-gnu/libc.so.6 mapped=40 mapmax=60 N0=40 kernelpagesize_kB=4",
            "7f2c00000000 default stack anon=2 dirty=2 N3=2", // no page size written: base pages
            "",
        ].join("\n");
        assert.deepEqual(parseNumaMaps(text), {
            kibByNode: { 0: 128 * 2048 + 1000 * 4 + 40 * 4, 1: 384 * 2048 + 2000 * 4, 3: 8 },
            hugeKibByNode: { 0: 128 * 2048, 1: 384 * 2048 },
        });
        assert.deepEqual(parseNumaMaps(""), { kibByNode: {}, hugeKibByNode: {} });
    });

    QUnit.test("/proc/stat (this host's text): per CPU, busy = user+nice+system+irq+softirq+steal", async assert => {
        const cpus = parseProcStat(await perfFixture("proc-stat.txt"));
        // cpu0 39793 2392 15334 47893 78 0 58 87 0 0
        assert.deepEqual(cpus[0], { cpu: 0, busy: 39793 + 2392 + 15334 + 58 + 87, total: 39793 + 2392 + 15334 + 58 + 87 + 47893 + 78 });
        assert.deepEqual(cpus.map(c => c.cpu), [0, 1], "the all-CPU line is not a CPU");
        assert.deepEqual(parseProcStat("cpu3 10 0 5 100\nintr 1 2\ncpu4 1 x 1 1 1 1 1 1"),
            [{ cpu: 3, busy: 15, total: 115 }, { cpu: 4, busy: 5, total: 7 }], "short and broken lines: missing columns are 0");
    });

    QUnit.test("task stat: comm with spaces and parentheses; field 39; what is no stat", assert => {
        const tail = "R 1 22144 22144 0 -1 138412224 1918 0 0 0 1707 88 0 0 20 0 5 0 69813 2003853312 79635 18446744073709551615 " +
            "93830747955200 93830753815637 140736618525664 0 0 0 0 4096 17942 0 0 0 -1 3 0 0 0 0 0 93830755289808";
        assert.deepEqual(parseTaskStat(`22151 (CPU 0/KVM) ${tail}`), { tid: 22151, name: "CPU 0/KVM", lastCpu: 3 });
        assert.deepEqual(parseTaskStat(`7 (a) (b) c) ${tail}\n`), { tid: 7, name: "a) (b) c", lastCpu: 3 });
        assert.strictEqual(parseTaskStat("7 (x) R 1 2"), undefined, "cut short");
        assert.strictEqual(parseTaskStat("no parentheses"), undefined);
        assert.strictEqual(parseTaskStat(`x (y) ${tail}`), undefined, "no tid");
        assert.strictEqual(vcpuOfThread("CPU 12/KVM"), 12);
        assert.strictEqual(vcpuOfThread("CPU 1/TCG"), 1);
        assert.strictEqual(vcpuOfThread("IO iothread1"), undefined);
        assert.strictEqual(vcpuOfThread("qemu-system-x86"), undefined);
    });
});

QUnit.module("perf: the VM's cgroup", () => {
    QUnit.test("v1 hybrid (this host): cpu from the v1 mount, pressure from the unified one", async assert => {
        const found = processCpuCgroup(await perfFixture("v1-hybrid-proc-cgroup.txt"), await perfFixture("v1-hybrid-mountinfo.txt"), 22145);
        assert.deepEqual(found, {
            version: 1,
            processDir: "/sys/fs/cgroup/cpu/machine/qemu-34-vmtune-test-numa.libvirt-qemu/emulator",
            pressureDir: "/sys/fs/cgroup/unified/machine/qemu-34-vmtune-test-numa.libvirt-qemu/emulator",
        });
        assert.strictEqual(vmGroupCandidate(found.processDir), "/sys/fs/cgroup/cpu/machine/qemu-34-vmtune-test-numa.libvirt-qemu");
    });

    QUnit.test("v1 without cgroup2 mounted: the 0:: line alone does not make it v2", async assert => {
        const mountinfo = (await perfFixture("v1-hybrid-mountinfo.txt")).split("\n").filter(l => !l.includes("cgroup2")).join("\n");
        const found = processCpuCgroup(await perfFixture("v1-hybrid-proc-cgroup.txt"), mountinfo, 22145);
        assert.strictEqual(found.version, 1);
        assert.strictEqual(found.pressureDir, undefined);
    });

    QUnit.test("v2 (RHEL 9 layout): systemd's \\x2d escapes are part of the directory name", assert => {
        const found = processCpuCgroup(V2_PROC_CGROUP, V2_MOUNTINFO, 4242);
        assert.deepEqual(found, { version: 2, processDir: `/sys/fs/cgroup${V2_SCOPE}/emulator`, pressureDir: `/sys/fs/cgroup${V2_SCOPE}/emulator` });
        assert.strictEqual(vmGroupCandidate(found.processDir), `/sys/fs/cgroup${V2_SCOPE}`);
        assert.strictEqual(vmGroupCandidate("/sys/fs/cgroup/machine/lxc-1-web.libvirt-lxc"), "/sys/fs/cgroup/machine/lxc-1-web.libvirt-lxc",
            "a group that is not emulator is the VM's own (LXC)");
    });

    QUnit.test("mount table: cpu,cpuacct together, escaped mount points, a hierarchy mounted from inside", assert => {
        const mountinfo = [
            "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
            "33 31 0:30 / /srv/my\\040cgroups rw - cgroup cgroup rw,cpuset",
            "34 31 0:31 /machine /container/cg rw - cgroup2 cgroup2 rw",
            "bad line",
        ].join("\n");
        assert.deepEqual(cgroupMounts(mountinfo).map(m => [m.mountPoint, m.root, m.version]),
            [["/sys/fs/cgroup/cpu,cpuacct", "/", 1], ["/srv/my cgroups", "/", 1], ["/container/cg", "/machine", 2]]);
        assert.strictEqual(processCpuCgroup("4:cpu,cpuacct:/machine/qemu-1-a.libvirt-qemu/emulator\n", mountinfo, 1).processDir,
            "/sys/fs/cgroup/cpu,cpuacct/machine/qemu-1-a.libvirt-qemu/emulator");
        const inside = "34 31 0:31 /machine /container/cg rw - cgroup2 cgroup2 rw";
        assert.strictEqual(processCpuCgroup("0::/machine/qemu-1-a/libvirt/emulator\n", inside, 1).processDir, "/container/cg/qemu-1-a/libvirt/emulator");
        assert.strictEqual(processCpuCgroup("0::/machine\n", inside, 1).processDir, "/container/cg", "the mount's root itself");
        assert.throws(() => processCpuCgroup("0::/user.slice/x\n", inside, 1), /No mounted cgroup hierarchy/, "outside what is mounted");
        assert.strictEqual(processCpuCgroup("0::/\n", V2_MOUNTINFO, 1).processDir, "/sys/fs/cgroup", "the root group");
    });

    QUnit.test("nothing to find: no cgroup mounted, or the process has no cpu line", assert => {
        assert.throws(() => processCpuCgroup(V2_PROC_CGROUP, "22 1 0:21 / /proc rw - proc proc rw", 7), /process 7/);
        assert.throws(() => processCpuCgroup("3:cpuset:/machine/x\n", "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu", 7),
            /not under a mounted cgroup hierarchy/);
    });
});

QUnit.module("perf: one refresh's files", () => {
    const V1_BASE = "/sys/fs/cgroup/cpu/machine/qemu-34-vmtune-test-numa.libvirt-qemu";
    const UNIFIED = "/sys/fs/cgroup/unified/machine/qemu-34-vmtune-test-numa.libvirt-qemu";
    const v1Layout: HostLayout = {
        pid: 22145, version: 1, processDir: `${V1_BASE}/emulator`, vmDir: V1_BASE,
        pressureProcessDir: `${UNIFIED}/emulator`, pressureVmDir: UNIFIED,
    };

    QUnit.test("v1 hybrid (this host's grep output): groups from the cpu tree, pressure from the unified tree", async assert => {
        const output = await perfFixture("v1-hybrid-grep.txt");
        const read = hostCountersFromOutput(output, v1Layout, { threads: true, numa: true });
        assert.deepEqual(read.groups.map(g => g.group), ["", "vcpu0", "vcpu1", "emulator"], "the VM's group, then vcpuN, then emulator");
        assert.deepEqual(read.groups[0]?.cpu, { periods: 0, throttledPeriods: 0, throttledUsec: 0, usageUsec: undefined },
            "from the v1 cpu.stat: the unified tree's cpu.stat (usage only) is not mixed in");
        assert.deepEqual(read.groups[0]?.pressure?.some, { avg10: 13.83, avg60: 12.44, avg300: 6.54, totalUsec: 33977315 });
        assert.deepEqual(read.groups[3]?.pressure?.full, { avg10: 6.9, avg60: 6.07, avg300: 2.75, totalUsec: 14697388 });
        assert.deepEqual(read.threads.map(t => t.name), ["qemu-system-x86", "qemu-system-x86", "IO mon_iothread", "CPU 0/TCG", "CPU 1/TCG"]);
        // 286032 KiB: the N0= pages of the 40 mappings summed by awk, × 4 KiB
        assert.deepEqual(read.numa, { kibByNode: { 0: 286032 }, hugeKibByNode: {} });
        assert.deepEqual(read.errors, []);
    });

    QUnit.test("v2: cpu.stat and cpu.pressure side by side; iothreads ordered by number", assert => {
        const base = `/sys/fs/cgroup${V2_SCOPE}`;
        const layout: HostLayout = { pid: 4242, version: 2, processDir: `${base}/emulator`, vmDir: base, pressureProcessDir: `${base}/emulator`, pressureVmDir: base };
        const lines = (file: string, text: string) => text.trim().split("\n").map(l => `${file}:${l}`);
        const output = [
            ...lines(`${base}/iothread10/cpu.stat`, V2_CPU_STAT),
            ...lines(`${base}/iothread2/cpu.stat`, V2_CPU_STAT),
            ...lines(`${base}/vcpu1/cpu.stat`, V2_CPU_STAT),
            ...lines(`${base}/vcpu1/cpu.pressure`, PRESSURE),
            ...lines(`${base}/cpu.stat`, V2_CPU_STAT),
            ...lines(`${base}/emulator/cpu.stat`, V2_CPU_STAT),
            ...lines(`${base}/emulator/cpu.pressure`, "some avg10=oops"),
            ...lines(`${base}/emulator/deeper/cpu.stat`, V2_CPU_STAT),
            ...lines(`${base}/vcpu0/cpu.stat`, V2_CPU_STAT),
            ...lines("/proc/4242/task/4250/stat", "4250 (CPU 0/KVM) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 5"),
            "a line without a file name",
        ].join("\n");
        const read = hostCountersFromOutput(output, layout, { threads: true, numa: false });
        assert.deepEqual(read.groups.map(g => g.group), ["", "vcpu0", "vcpu1", "emulator", "iothread2", "iothread10"]);
        assert.strictEqual(read.groups[0]?.cpu.throttledUsec, 95012345);
        assert.strictEqual(read.groups[2]?.pressure?.some.totalUsec, 8531891);
        assert.strictEqual(read.groups[3]?.pressure, undefined, "a broken pressure file is left out…");
        assert.deepEqual(read.errors, ["The pressure file has no \"some\" line"], "…and said");
        assert.deepEqual(read.threads, [{ tid: 4250, name: "CPU 0/KVM", lastCpu: 5 }]);
        assert.strictEqual(read.numa, undefined, "numa_maps not asked for this time");
    });

    QUnit.test("a process group named emulator without vcpuN beside it: only its own group, never a guess", assert => {
        const output = [
            "/cg/a/cpu.stat:nr_periods 9", "/cg/a/other/cpu.stat:nr_periods 8", "/cg/a/emulator/cpu.stat:nr_periods 7",
            "/cg2/a/emulator/cpu.pressure:some avg10=1.00 avg60=0.00 avg300=0.00 total=5",
            "/cg2/a/cpu.pressure:some avg10=2.00 avg60=0.00 avg300=0.00 total=6",
        ].join("\n");
        const layout: HostLayout = { pid: 1, version: 1, processDir: "/cg/a/emulator", vmDir: "/cg/a", pressureProcessDir: "/cg2/a/emulator", pressureVmDir: "/cg2/a" };
        const read = hostCountersFromOutput(output, layout, { threads: false, numa: false });
        assert.deepEqual(read.groups.map(g => [g.group, g.cpu.periods, g.pressure?.some.totalUsec]), [["", 7, 5]]);
        assert.deepEqual(read.errors, [], "threads not asked for: no error about them");
    });

    QUnit.test("LXC: the container's own groups inside the VM's group are not libvirt's", assert => {
        const base = "/sys/fs/cgroup/cpu/machine/lxc-4711-web.libvirt-lxc";
        const output = [`${base}/cpu.stat:nr_periods 12`, `${base}/system.slice/cpu.stat:nr_periods 3`, `${base}/init.scope/cpu.stat:nr_periods 1`].join("\n");
        const layout: HostLayout = { pid: 4711, version: 1, processDir: base, vmDir: base };
        const read = hostCountersFromOutput(output, layout, { threads: false, numa: false });
        assert.deepEqual(read.groups.map(g => [g.group, g.cpu.periods, g.pressure]), [["", 12, undefined]]);
    });

    QUnit.test("nothing read: each missing part is said", assert => {
        const read = hostCountersFromOutput("", v1Layout, { threads: true, numa: true });
        assert.deepEqual(read.groups, []);
        assert.strictEqual(read.errors.length, 3);
        assert.true(read.errors[0]?.includes(`${V1_BASE}/cpu.stat`), read.errors[0]);
        assert.true(read.errors[1]?.includes("22145"), read.errors[1]);
        assert.true(read.errors[2]?.includes("numa_maps"), read.errors[2]);
    });

    QUnit.test("grep -H output: the file name ends at the known file name, the text may hold colons", assert => {
        const files = splitGrepOutput("/proc/1/task/2/stat:2 (a:b) R\n/x/cpu.stat:k 1\n/x/cpu.stat:j 2\n/other:1\n");
        assert.deepEqual([...files], [["/proc/1/task/2/stat", ["2 (a:b) R"]], ["/x/cpu.stat", ["k 1", "j 2"]]]);
    });
});
