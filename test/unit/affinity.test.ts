import QUnit from "qunit";
import { classifyThread, effectiveAffinity, parseTaskStatus } from "../../src/model/placement/affinity.ts";
import { NUMA_XML, tuningOf, variant } from "./support/tuning-fixture.ts";

// captured from this host: find /proc/PID/task -mindepth 2 -maxdepth 2 -name status -exec grep -H -E … {} +
const OUTPUT = [
    "/proc/30502/task/30502/status:Name:\tqemu-system-x86",
    "/proc/30502/task/30502/status:Cpus_allowed_list:\t0-1",
    "/proc/30502/task/30502/status:Mems_allowed_list:\t0",
    "/proc/30502/task/30508/status:Name:\tCPU 0/TCG",
    "/proc/30502/task/30508/status:Cpus_allowed_list:\t0-1",
    "/proc/30502/task/30508/status:Mems_allowed_list:\t0",
    "/proc/30502/task/30507/status:Name:\tIO mon_iothread",
    "/proc/30502/task/30507/status:Cpus_allowed_list:\t0-1",
    "/proc/30502/task/30507/status:Mems_allowed_list:\t0",
    "/proc/30502/task/30509/status:Name:\tCPU 1/KVM",
    "/proc/30502/task/30509/status:Cpus_allowed_list:\t1",
    "/proc/30502/task/30509/status:Mems_allowed_list:\t0",
    "find: '/proc/30502/task/30510/status': No such file or directory",
    "",
].join("\n");

QUnit.module("affinity", () => {
    QUnit.test("parses grep -H over task status files, ignores other lines", assert => {
        const threads = parseTaskStatus(OUTPUT);
        assert.deepEqual(threads.map(t => [t.tid, t.name, t.cpus, t.mems]), [
            [30502, "qemu-system-x86", [0, 1], [0]],
            [30507, "IO mon_iothread", [0, 1], [0]],
            [30508, "CPU 0/TCG", [0, 1], [0]],
            [30509, "CPU 1/KVM", [1], [0]],
        ]);
        assert.deepEqual(parseTaskStatus(""), []);
    });

    QUnit.test("thread names", assert => {
        assert.deepEqual(classifyThread("CPU 12/KVM"), { kind: "vcpu", id: 12 });
        assert.deepEqual(classifyThread("CPU 0/TCG"), { kind: "vcpu", id: 0 });
        assert.deepEqual(classifyThread("IO iothread3"), { kind: "iothread", id: 3 });
        assert.deepEqual(classifyThread("IO mon_iothread"), { kind: "emulator" });
        assert.deepEqual(classifyThread("qemu-system-x86"), { kind: "emulator" });
        assert.deepEqual(classifyThread("vnc_worker"), { kind: "emulator" });
    });

    QUnit.test("told vs allowed: pins, unpinned = all host CPUs, strict nodeset binds memory", assert => {
        // NUMA_XML: vCPU 0 pinned 0-1, numatune strict 0
        const live = tuningOf(NUMA_XML);
        const rows = effectiveAffinity(parseTaskStatus(OUTPUT), live, [0, 1]);
        assert.deepEqual(rows.map(r => [r.label, r.kind, r.cpusMatch, r.memsMatch]), [
            ["vCPU 0", "vcpu", true, true],
            ["vCPU 1", "vcpu", false, true],
            ["Emulator (qemu-system-x86)", "emulator", true, true],
            ["Emulator (IO mon_iothread)", "emulator", true, true],
        ]);
        assert.strictEqual(rows[1]?.mismatch, "the kernel allows CPUs 1, libvirt was told 0-1");
        assert.deepEqual(rows[0]?.toldMems, [0]);
    });

    QUnit.test("a pin the kernel does not enforce and memory outside the nodeset are flagged", assert => {
        const live = variant(tuningOf(NUMA_XML), t => {
            t.cputune.vcpupin = [{ id: 1, cpuset: "0" }];
            t.cputune.emulatorpin = "1";
            t.numatune = { mode: "strict", nodeset: "1", memnodes: [] };
        });
        const rows = effectiveAffinity(parseTaskStatus(OUTPUT), live, [0, 1]);
        const vcpu1 = rows.find(r => r.label === "vCPU 1");
        assert.false(vcpu1?.cpusMatch);
        assert.false(vcpu1?.memsMatch);
        assert.strictEqual(vcpu1?.mismatch, "the kernel allows CPUs 1, libvirt was told 0; the kernel allows memory nodes 0, libvirt was told 1");
        assert.false(rows.find(r => r.name === "qemu-system-x86")?.cpusMatch, "emulator pinned to 1 but allowed 0-1");
    });

    QUnit.test("interleave/preferred do not bind cpuset.mems: never flagged for memory", assert => {
        const live = variant(tuningOf(NUMA_XML), t => { t.numatune = { mode: "interleave", nodeset: "1", memnodes: [] }; });
        const rows = effectiveAffinity(parseTaskStatus(OUTPUT), live, [0, 1]);
        assert.true(rows.every(r => r.memsMatch && r.toldMems === undefined));
    });
});
