import QUnit from "qunit";
import * as R from "../../src/model/rules/rules.ts";
import type { RuleContext } from "../../src/model/rules/rules.ts";
import type { Finding, Tuning } from "../../src/model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import { NUMA_XML, PLAIN_XML, tuningOf, variant } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({
    driver: "qemu", session: false, running: true, hostCpus: 8, hostNodes: [0, 1], cgroup: "v2", ...over,
});
const numa = tuningOf(NUMA_XML);
const plain = tuningOf(PLAIN_XML);

function sev(findings: Finding[]): string[] {
    return findings.map(f => `${f.severity}:${f.field}`);
}

QUnit.module("rules: field validators", () => {
    QUnit.test("integers only", assert => {
        for (const bad of ["abc", "1e9", "1.5", "0x10", "12abc", "1 2", "١٢", "--1", "+", "NaN", "Infinity"]) {
            const r = R.parseIntegerField("f", bad);
            assert.false(r.ok, bad);
            if (!r.ok)
                assert.true(r.finding.message.includes(bad.trim()), `message names "${bad}"`);
        }
        assert.deepEqual(R.parseIntegerField("f", " 42 "), { ok: true, value: 42 });
        assert.deepEqual(R.parseIntegerField("f", "-0"), { ok: true, value: 0 });
        assert.deepEqual(R.parseIntegerField("f", ""), { ok: true, value: undefined });
        assert.false(R.parseIntegerField("f", "  ", { required: true }).ok);
        assert.false(R.parseIntegerField("f", "99999999999999999999").ok, "huge");
    });

    QUnit.test("cpu_shares by cgroup version", assert => {
        const ok = (text: string, cg: R.CgroupVersion) => R.parseSharesField(text, cg).ok;
        assert.true(ok("2", "v1"));
        assert.true(ok("262144", "v1"));
        assert.false(ok("1", "v1"));
        assert.false(ok("262145", "v1"));
        assert.true(ok("1", "v2"));
        assert.true(ok("10000", "v2"));
        assert.false(ok("10001", "v2"));
        assert.false(ok("0", "v2"));
        assert.false(ok("abc", "v2"));
        assert.false(R.parseSharesField("", "v2", true).ok, "required");
        const r = R.parseSharesField("20000", "v2");
        assert.true(!r.ok && r.finding.message.includes("10000") && r.finding.field === "shares");
    });

    QUnit.test("periods", assert => {
        for (const [text, ok] of [["0", true], ["999", false], ["1000", true], ["1000000", true], ["1000001", false], ["-5", false], ["1e3", false]] as const)
            assert.strictEqual(R.parsePeriodField("period", text).ok, ok, text);
    });

    QUnit.test("quotas", assert => {
        for (const [text, ok] of [["0", true], ["-1", true], ["-999999", true], ["999", false], ["1000", true],
            ["17592186044415", true], ["17592186044416", false], ["unlimited", true], ["Unlimited", true], ["abc", false]] as const)
            assert.strictEqual(R.parseQuotaField("quota", text).ok, ok, text);
        assert.deepEqual(R.parseQuotaField("quota", "unlimited"), { ok: true, value: -1 });
        assert.deepEqual(R.parseSchedulerField("emulator_quota", "5000", "v1"), { ok: true, value: 5000 });
        assert.false(R.parseSchedulerField("global_period", "5", "v1").ok);
    });

    QUnit.test("sizes", assert => {
        assert.deepEqual(R.parseSizeField("m", "512"), { ok: true, value: 512 * 1024 });
        assert.deepEqual(R.parseSizeField("m", "1 GiB"), { ok: true, value: GiB });
        assert.deepEqual(R.parseSizeField("m", "unlimited", { unlimited: true }), { ok: true, value: MEMTUNE_UNLIMITED });
        assert.false(R.parseSizeField("m", "unlimited").ok);
        assert.false(R.parseSizeField("m", "1e9").ok);
        assert.false(R.parseSizeField("m", "-1 GiB").ok);
        assert.false(R.parseSizeField("m", "", { required: true }).ok);
        assert.false(R.parseSizeField("m", "1 KiB", { min: 1024 }).ok);
    });
});

QUnit.module("rules: CPU", () => {
    QUnit.test("validateScheduler", assert => {
        const r = R.validateScheduler({ shares: "512", quota: "unlimited", period: "abc" }, ctx(), "live");
        assert.deepEqual(r.values, { shares: 512, quota: -1 });
        assert.deepEqual(sev(r.findings), ["error:period"]);
        assert.deepEqual(sev(R.validateScheduler({ shares: "512" }, ctx({ running: false }), "live").findings), ["error:scheduler"]);
        assert.deepEqual(sev(R.validateScheduler({ shares: "512" }, ctx({ session: true }), "config").findings), ["error:shares"]);
        assert.deepEqual(sev(R.validateScheduler({ shares: "5", emulator_period: "2000" }, ctx({ driver: "lxc" }), "config").findings),
                         ["error:emulator_period"]);
        assert.deepEqual(R.checkSchedulerValues({ shares: 1.5, period: 100 }, "v1").map(f => f.field), ["shares", "period"]);
        assert.true(R.schedulerRangeHelp("shares", "v1").includes("262144"));
    });

    QUnit.test("pins: host CPUs, non-empty, ids exist, drivers", assert => {
        const vm = { maxVcpus: 4, iothreadIds: [1] };
        const f = R.validatePinning({
            vcpupin: [{ id: 0, cpuset: "0-3" }, { id: 1, cpuset: "8" }, { id: 2, cpuset: "0,^0" }, { id: 7, cpuset: "1" }, { id: 3, cpuset: "" }],
            emulatorpin: "x", iothreadpin: [{ id: 1, cpuset: "1" }, { id: 2, cpuset: "1" }],
        }, vm, ctx(), "live");
        assert.deepEqual(sev(f), ["error:vcpupin.1", "error:vcpupin.2", "error:vcpupin.7", "error:vcpupin.3", "error:emulatorpin", "error:iothreadpin.2"]);
        assert.deepEqual(sev(R.validatePinning({ vcpupin: [{ id: 0, cpuset: "1" }] }, vm, ctx({ session: true }), "live")), [], "session can pin");
        assert.deepEqual(sev(R.validatePinning({ vcpupin: [{ id: 0, cpuset: "1" }] }, vm, ctx({ driver: "lxc" }), "live")), ["error:vcpupin.0"]);
        assert.deepEqual(sev(R.validatePinning({ emulatorpin: "1" }, vm, ctx({ running: false }), "live")), ["error:pinning"]);
        const r = R.checkPinCpuset("p", "0-3,^1", 8);
        assert.deepEqual(r, { ok: true, value: [0, 2, 3] });
    });

    QUnit.test("vCPU bounds and topology", assert => {
        assert.deepEqual(sev(R.checkVcpuCounts(2, 4)), []);
        assert.deepEqual(sev(R.checkVcpuCounts(0, 4)), ["error:vcpu.current"]);
        assert.deepEqual(sev(R.checkVcpuCounts(5, 4)), ["error:vcpu.current"]);
        assert.deepEqual(sev(R.checkVcpuCounts(1, 0)), ["error:vcpu.max", "error:vcpu.current"]);
        assert.deepEqual(sev(R.checkTopology(4, { sockets: 2, dies: 1, cores: 2, threads: 1 })), []);
        assert.deepEqual(sev(R.checkTopology(6, { sockets: 2, dies: 1, cores: 2, threads: 1 })), ["error:topology"]);
        assert.deepEqual(sev(R.checkTopology(6, { sockets: 0, dies: 1, cores: 2, threads: 1 })), ["error:topology.sockets"]);
        assert.deepEqual(R.checkTopology(6, undefined), []);
    });

    QUnit.test("hotplug step and unplug warnings", assert => {
        const topo = { sockets: 2, dies: 1, cores: 2, threads: 1 };
        assert.deepEqual(sev(R.checkHotplugStep(2, 4, topo, true)), []);
        assert.deepEqual(sev(R.checkHotplugStep(2, 3, topo, true)), ["warning:vcpu.current"]);
        assert.deepEqual(sev(R.checkHotplugStep(4, 2, topo, true)), ["warning:vcpu.current"], "unplug needs the guest");
        assert.deepEqual(sev(R.checkHotplugStep(2, 3, topo, false)), [], "not live");
    });

    QUnit.test("validateVcpus", assert => {
        const vm = { current: 2, max: 4, topology: { sockets: 2, dies: 1, cores: 2, threads: 1 } };
        assert.deepEqual(R.validateVcpus({ current: "4" }, vm, ctx(), "live"), { values: { current: 4 }, findings: [] });
        assert.deepEqual(sev(R.validateVcpus({ current: "abc" }, vm, ctx(), "live").findings), ["error:vcpu.current"]);
        assert.deepEqual(sev(R.validateVcpus({ current: "5" }, vm, ctx(), "live").findings), ["error:vcpu.current"]);
        assert.deepEqual(sev(R.validateVcpus({ max: "6" }, vm, ctx(), "config").findings), ["error:topology"]);
        assert.deepEqual(sev(R.validateVcpus({ max: "8", topology: { sockets: 2, dies: 1, cores: 4, threads: 1 } }, vm, ctx(), "live").findings),
                         ["error:vcpu.max"]);
        assert.deepEqual(sev(R.validateVcpus({ current: "3" }, vm, ctx({ driver: "lxc" }), "live").findings), ["error:vcpu.current"]);
        assert.deepEqual(sev(R.validateVcpus({ current: "3" }, vm, ctx(), "both").findings), ["warning:vcpu.current"], "step of 1 with 2 cores");
    });

    QUnit.test("driver support table", assert => {
        assert.true(R.supports({ driver: "qemu", session: false }, "scheduler"));
        assert.false(R.supports({ driver: "qemu", session: true }, "memtune"));
        assert.true(R.supports({ driver: "qemu", session: true }, "vcpupin"));
        assert.false(R.supports({ driver: "lxc", session: false }, "emulatorpin"));
        assert.true(R.supports({ driver: "lxc", session: false }, "numatune"));
        assert.false(R.supports({ driver: "lxc", session: false }, "dimm"));
        assert.false(R.supports({ driver: "qemu", session: false }, "min_guarantee"));
        assert.deepEqual(R.schedulerKeysFor({ driver: "lxc", session: false }), ["shares", "period", "quota"]);
        assert.deepEqual(R.schedulerKeysFor({ driver: "qemu", session: true }), []);
    });
});

QUnit.module("rules: memory", () => {
    QUnit.test("current ≤ maximum", assert => {
        assert.deepEqual(sev(R.checkMemorySizes(GiB, 2 * GiB)), []);
        assert.deepEqual(sev(R.checkMemorySizes(3 * GiB, 2 * GiB)), ["error:memory.current"]);
        assert.deepEqual(sev(R.checkMemorySizes(0, 2 * GiB)), ["error:memory.current"]);
    });

    QUnit.test("validateMemory: live maximum, NUMA cells, balloon", assert => {
        const live = plain;
        assert.deepEqual(R.validateMemory({ current: "1536" }, plain, ctx(), "live", live), { values: { current: 1536 * 1024 }, findings: [] });
        assert.deepEqual(sev(R.validateMemory({ max: "4 GiB" }, plain, ctx(), "live", live).findings), ["error:memory.max"]);
        assert.deepEqual(sev(R.validateMemory({ max: "4 GiB", current: "3 GiB" }, plain, ctx(), "both", live).findings), ["error:memory.current"]);
        assert.deepEqual(sev(R.validateMemory({ max: "4 GiB", current: "3 GiB" }, plain, ctx(), "config", live).findings), []);
        assert.deepEqual(sev(R.validateMemory({ max: "4 GiB" }, numa, ctx({ running: false }), "config").findings), ["error:memory.max"]);
        assert.deepEqual(sev(R.validateMemory({ current: "3 GiB" }, plain, ctx({ running: false }), "config").findings), ["error:memory.current"]);
        assert.deepEqual(sev(R.validateMemory({ current: "lots" }, plain, ctx(), "config").findings), ["error:memory.current"]);
        const noBalloon = variant(plain, t => { t.memballoon = { model: "none" }; });
        assert.deepEqual(sev(R.validateMemory({ current: "1536" }, plain, ctx(), "live", noBalloon).findings), ["error:memory.current"]);
    });

    QUnit.test("memtune order and advice", assert => {
        const q = { driver: "qemu", session: false } as const;
        assert.deepEqual(sev(R.checkMemtune({ soft_limit: GiB }, q)), [], "soft alone");
        assert.deepEqual(sev(R.checkMemtune({ hard_limit: 2 * GiB, soft_limit: GiB, swap_hard_limit: 3 * GiB }, q)), ["warning:memtune.hard_limit"]);
        assert.deepEqual(sev(R.checkMemtune({ hard_limit: 4 * GiB, swap_hard_limit: 3 * GiB }, q)), ["error:memtune.hard_limit", "warning:memtune.hard_limit"]);
        assert.deepEqual(sev(R.checkMemtune({ hard_limit: 2 * GiB, soft_limit: 3 * GiB }, q)), ["error:memtune.soft_limit", "warning:memtune.hard_limit"]);
        assert.deepEqual(sev(R.checkMemtune({ swap_hard_limit: GiB }, q)), ["error:memtune.hard_limit"], "unset hard is unlimited > swap");
        assert.deepEqual(sev(R.checkMemtune({ hard_limit: GiB }, q, 2 * GiB)), ["warning:memtune.hard_limit", "warning:memtune.hard_limit"]);
        assert.deepEqual(sev(R.checkMemtune({ min_guarantee: GiB }, q)), ["error:memtune.min_guarantee"]);
        assert.true(R.checkMemtune({ hard_limit: GiB }, q).some(f => f.message.includes("cannot limit locked memory")));
    });

    QUnit.test("validateMemtune", assert => {
        const r = R.validateMemtune({ hard_limit: "2 GiB", swap_hard_limit: "" }, {}, ctx(), "both");
        assert.deepEqual(r.values, { hard_limit: 2 * GiB, swap_hard_limit: MEMTUNE_UNLIMITED });
        assert.deepEqual(sev(r.findings), ["warning:memtune.hard_limit"]);
        assert.deepEqual(sev(R.validateMemtune({ soft_limit: "abc" }, {}, ctx(), "both").findings), ["error:memtune.soft_limit"]);
        assert.deepEqual(sev(R.validateMemtune({ soft_limit: "1" }, {}, ctx({ session: true }), "both").findings), ["error:memtune"]);
        assert.deepEqual(sev(R.validateMemtune({ soft_limit: "3 GiB" }, { hard_limit: 2 * GiB }, ctx(), "config").findings),
                         ["error:memtune.soft_limit", "warning:memtune.hard_limit"]);
    });

    QUnit.test("validateMemtune: a live hard limit of 0 or below what the VM uses now is an error, not a warning", assert => {
        for (const text of ["0", "512 MiB", "1 GiB"]) {
            for (const scope of ["live", "both"] as const) {
                const r = R.validateMemtune({ hard_limit: text }, {}, ctx(), scope, 2 * GiB, 1.5 * GiB);
                assert.true(r.findings.some(f => f.severity === "error" && f.field === "memtune.hard_limit" && f.message.includes("kernel kills QEMU")),
                            `${text} ${scope}: ${JSON.stringify(r.findings)}`);
            }
        }
        assert.false(R.hasErrors(R.validateMemtune({ hard_limit: "1536 MiB" }, {}, ctx(), "live", 2 * GiB, 1.5 * GiB).findings), "at what it uses: allowed");
        assert.false(R.hasErrors(R.validateMemtune({ hard_limit: "512 MiB" }, {}, ctx(), "config", 2 * GiB, 1.5 * GiB).findings), "next boot only: warned");
        assert.false(R.hasErrors(R.validateMemtune({ hard_limit: "0" }, {}, ctx({ running: false }), "both", 2 * GiB).findings), "shut off");
        assert.true(R.hasErrors(R.validateMemtune({ hard_limit: "1 GiB" }, {}, ctx(), "live", 2 * GiB).findings), "without the current use: the VM's memory bounds it");
        assert.false(R.hasErrors(R.validateMemtune({ soft_limit: "" }, { hard_limit: 0 }, ctx(), "live", 2 * GiB).findings), "only a hard limit typed now is judged");
    });

    QUnit.test("validateMemtune: next boot of a running VM is checked against the running limits, as libvirt does", assert => {
        const live = { hard_limit: 2 * GiB, swap_hard_limit: 3 * GiB };
        const refused = (texts: Record<string, string>) => R.validateMemtune(texts, {}, ctx(), "config", 2 * GiB, GiB, live).findings
            .filter(f => f.severity === "error").map(f => f.message.includes("must be lower than or equal to swap_hard_limit"));
        assert.deepEqual(refused({ hard_limit: "4 GiB", swap_hard_limit: "5 GiB" }), [true], "hard 4 GiB beside the running swap hard 3 GiB");
        assert.true(refused({ swap_hard_limit: "1 GiB", soft_limit: "" }).includes(true), "swap hard 1 GiB beside the running hard 2 GiB");
        assert.deepEqual(refused({ hard_limit: "3 GiB", swap_hard_limit: "5 GiB" }), [], "within the running limits");
        assert.false(R.hasErrors(R.validateMemtune({ hard_limit: "4 GiB", swap_hard_limit: "5 GiB" }, {}, ctx({ running: false }), "config", 2 * GiB, GiB, live).findings),
                     "shut off: nothing runs");
    });

    QUnit.test("memnodes beside placement='auto' or mode restrictive: refused by the rule with libvirt's words", assert => {
        const memnodes = [{ cellid: 0, mode: "strict" as const, nodeset: "0" }];
        const cells = tuningOf(NUMA_XML).cpu.cells;
        const errors = (config: Parameters<typeof R.validateNumatune>[1], desired: Parameters<typeof R.validateNumatune>[0]) =>
            R.validateNumatune(desired, config, cells, ctx(), "config").filter(f => f.severity === "error").map(f => f.message);
        assert.true(errors({ mode: "strict", placement: "auto", memnodes: [] }, { memnodes })[0]?.includes("Per-node binding is not compatible"));
        assert.deepEqual(errors({ mode: "strict", placement: "auto", memnodes: [] }, { memnodes, nodeset: "0" }), [], "a nodeset makes it static");
        assert.true(errors({ mode: "restrictive", nodeset: "0", memnodes: [] }, { memnodes })[0]?.includes("required in memnode element"));
        assert.true(errors({ mode: "strict", nodeset: "0", memnodes }, { mode: "restrictive" })[0]?.includes("required in memnode element"), "the mode changed beside memnodes");
        assert.true(errors({ mode: "strict", nodeset: "0", memnodes: [] }, { memnodes: [{ cellid: 0, mode: "restrictive", nodeset: "0" }] })[0]?.includes("required in memory element"));
        assert.deepEqual(errors({ mode: "restrictive", nodeset: "0", memnodes: [] }, { memnodes: [{ cellid: 0, mode: "restrictive", nodeset: "0" }] }), []);
    });

    QUnit.test("DIMM preconditions", assert => {
        const q = { driver: "qemu", session: false } as const;
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: GiB, node: 1 }, q)), []);
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: GiB + 1024, node: 1 }, q)), ["warning:dimm.size", "warning:dimm.size"], "2 MiB and 128 MiB");
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: 64 * 1024, node: 1 }, q)), ["warning:dimm.size"], "128 MiB block");
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: GiB, node: 5 }, q)), ["error:dimm.node"]);
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: 7 * GiB, node: 0 }, q)), ["error:dimm.size"], "room under maxMemory");
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: 6 * GiB, node: 0 }, q)), [], "exactly fits");
        const full = variant(numa, t => {
            t.memoryDevices = Array.from({ length: 4 }, (_x, i) => ({ model: "dimm", size: 128 * 1024, node: 0, slot: i, xml: "" }));
        });
        assert.deepEqual(sev(R.checkDimmAttach(full, { size: GiB, node: 0 }, q)), ["error:dimm"], "no slot left");
        const bare: Tuning = plain;
        assert.deepEqual(sev(R.checkDimmAttach(bare, { size: GiB, node: 0 }, q)), ["error:dimm", "error:dimm", "error:dimm"], "maxMemory, cells, ACPI");
        const huge = variant(numa, t => { t.hugepages = [{ size: 1024 * 1024, nodeset: "1" }, { size: 2048 }]; });
        assert.deepEqual(sev(R.checkDimmAttach(huge, { size: 512 * 1024, node: 1 }, q)), ["error:dimm.size"], "1 GiB pages on cell 1");
        assert.deepEqual(sev(R.checkDimmAttach(huge, { size: 512 * 1024, node: 0 }, q)), [], "2 MiB pages elsewhere");
        const limited = variant(numa, t => { t.memtune.hard_limit = 8 * GiB; });
        assert.deepEqual(sev(R.checkDimmAttach(limited, { size: GiB, node: 0 }, q)), ["warning:dimm"]);
        assert.deepEqual(sev(R.checkDimmAttach(numa, { size: GiB, node: 0 }, { driver: "lxc", session: false })), ["error:dimm"]);
        assert.deepEqual(sev(R.validateDimmAttach({ size: "1 GiB", node: 0 }, numa, ctx({ running: false }), "live").findings), ["error:dimm"]);
        assert.deepEqual(sev(R.validateDimmAttach({ size: "big", node: 0 }, numa, ctx(), "live").findings), ["error:dimm.size"]);
        assert.deepEqual(R.initialMemory(numa), 2 * GiB);
        assert.deepEqual(sev(R.checkDimmDetach(true)), ["warning:dimm"]);
    });
});

QUnit.module("rules: NUMA", () => {
    const cell = (id: number, cpus: string, memory = GiB) => ({ id, cpus, memory, distances: [] });

    QUnit.test("guest cells cover every vCPU exactly once; memory adds up", assert => {
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-1"), cell(1, "2-3")], 4, 2 * GiB)), []);
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-2"), cell(1, "2-3")], 4)), ["error:cells"], "2 twice");
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0"), cell(1, "2-3")], 4)), ["error:cells"], "1 missing");
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-1"), cell(1, "2-5")], 4)), ["error:cell.1.cpus"]);
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-1"), cell(1, "2-3")], 4, 3 * GiB)), ["error:cells"]);
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-1"), cell(2, "2-3")], 4)), ["error:cell.2.id"]);
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-1,x"), cell(1, "2-3")], 4)), ["error:cell.0.cpus", "error:cells"]);
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-3"), cell(1, "", GiB)], 4)), [], "memory-only cell");
        assert.deepEqual(sev(R.checkGuestCells([cell(0, "0-3", 0)], 4)), ["error:cell.0.memory"]);
        assert.true(R.checkGuestCells([cell(0, "0-2"), cell(1, "2-3")], 4)[0]?.message.includes("vCPU 2"));
    });

    QUnit.test("a socket's vCPUs in one cell", assert => {
        const topo = { sockets: 2, dies: 1, cores: 2, threads: 1 };
        assert.deepEqual(sev(R.checkSocketsInCells(topo, [cell(0, "0-1"), cell(1, "2-3")], 4)), []);
        assert.deepEqual(sev(R.checkSocketsInCells(topo, [cell(0, "0,2"), cell(1, "1,3")], 4)), ["warning:cells", "warning:cells"]);
        assert.deepEqual(sev(R.checkSocketsInCells(undefined, [cell(0, "0,2")], 4)), []);
    });

    QUnit.test("numatune live rules", assert => {
        const strict = { mode: "strict" as const, nodeset: "0", memnodes: [] };
        const restrictive = { ...strict, mode: "restrictive" as const };
        assert.deepEqual(sev(R.checkNumatune({ mode: "interleave" }, strict, ctx(), "live", strict)), ["error:numatune.mode"]);
        assert.deepEqual(sev(R.checkNumatune({ mode: "interleave" }, strict, ctx(), "config", strict)), []);
        assert.deepEqual(sev(R.checkNumatune({ nodeset: "1" }, strict, ctx(), "both", strict)), ["error:numatune.nodeset"]);
        assert.deepEqual(sev(R.checkNumatune({ nodeset: "1" }, restrictive, ctx(), "live", restrictive)), []);
        assert.deepEqual(sev(R.checkNumatune({ nodeset: "0,0" }, strict, ctx(), "live", strict)), [], "same set");
        assert.deepEqual(sev(R.checkNumatune({ nodeset: "0-3" }, strict, ctx(), "config")), ["error:numatune.nodeset"], "host has nodes 0-1");
        assert.deepEqual(sev(R.checkNumatune({ nodeset: "0,^0" }, strict, ctx(), "config")), ["error:numatune.nodeset"]);
        assert.deepEqual(sev(R.checkNumatune({ nodeset: "1" }, strict, ctx({ session: true }), "config")), ["error:numatune"]);
        assert.deepEqual(sev(R.checkNumatune({ mode: "strict" }, { memnodes: [] }, ctx({ running: false }), "config")), ["error:numatune.nodeset"]);
        assert.deepEqual(sev(R.checkNumatune({ mode: "bogus" as "strict", nodeset: "0" }, strict, ctx(), "config")), ["error:numatune.mode"]);
    });

    QUnit.test("memnodes and guest cell editor", assert => {
        assert.deepEqual(sev(R.validateNumatune({ memnodes: [{ cellid: 0, mode: "strict", nodeset: "1" }] }, numa.numatune, numa.cpu.cells, ctx(), "config")), []);
        assert.deepEqual(sev(R.validateNumatune({ memnodes: [{ cellid: 5, mode: "strict", nodeset: "7" }] }, numa.numatune, numa.cpu.cells, ctx(), "live")),
                         ["error:memnode.5", "error:memnode.5", "error:memnode"]);
        const vm = { maxVcpus: 4, topology: numa.cpu.topology, cells: numa.cpu.cells };
        const r = R.validateGuestCells([{ id: 0, cpus: "0-1", memory: "1 GiB" }, { id: 1, cpus: "2-3", memory: "1024" }], vm, ctx(), "config", 2 * GiB);
        assert.deepEqual(r.findings, []);
        assert.deepEqual(r.values.map(c => c.memory), [GiB, GiB]);
        assert.deepEqual(sev(R.validateGuestCells([{ id: 0, cpus: "0,2", memory: "1 GiB" }, { id: 1, cpus: "1,3", memory: "1 GiB" }], vm, ctx(), "config").findings),
                         ["warning:cells", "warning:cells"]);
        assert.deepEqual(sev(R.validateGuestCells([{ id: 0, cpus: "0-3", memory: "none" }], vm, ctx(), "live").findings), ["error:cells", "error:cell.0.memory"]);
        assert.deepEqual(sev(R.validateGuestCells([{ id: 0, cpus: "0-3", memory: "1" }], vm, ctx({ driver: "lxc" }), "config").findings), ["error:cells"]);
    });

    QUnit.test("helpers", assert => {
        assert.true(R.hasErrors([{ field: "a", severity: "error", message: "" }]));
        assert.false(R.hasErrors([{ field: "a", severity: "warning", message: "" }]));
        const list: Finding[] = [{ field: "memtune.hard_limit", severity: "warning", message: "w" }, { field: "memtune.hard_limit", severity: "error", message: "e" },
            { field: "other", severity: "error", message: "o" }];
        assert.deepEqual(R.findingsUnderField(list, "memtune").map(f => f.message), ["e", "w"]);
        assert.true(R.sameNodeset("0-1", "1,0"));
        assert.deepEqual(sev(R.checkScopeRunning("live", false, "x")), ["error:x"]);
    });
});
