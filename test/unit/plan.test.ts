import QUnit from "qunit";
import { plan, rollbackSteps, shellQuote, memtuneSequence } from "../../src/model/plan/plan.ts";
import { limitsOrdered } from "../../src/model/plan/plan-memory.ts";
import type { DesiredTuning } from "../../src/model/plan/plan.ts";
import type { Plan, Scope, Tuning } from "../../src/model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { NUMA_XML, PLAIN_XML, tuningOf, variant, planInput as input, virshLines as lines, refusedFields as fields } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;
const plain = tuningOf(PLAIN_XML);
const numa = tuningOf(NUMA_XML);




interface Row {
    name: string;
    xml: string;
    running: boolean;
    scope: Scope;
    desired: DesiredTuning;
    live?: (t: Tuning) => void;
    steps: string[];
    refusals?: string[];
}

function table(rows: Row[]): void {
    for (const row of rows) {
        QUnit.test(row.name, assert => {
            const p = plan(input(row.xml, row.running, row.scope, row.desired, row.live));
            assert.deepEqual(lines(p), row.steps, "steps");
            assert.deepEqual(fields(p), row.refusals ?? [], "refusals");
        });
    }
}

QUnit.module("plan: memory ordering", () => {
    const raise = { memory: { max: 4 * GiB, current: 3 * GiB } };
    const lower = { memory: { max: 1.5 * GiB, current: 0.5 * GiB } };
    table([
        { name: "shut off, config, raise both: max first", xml: PLAIN_XML, running: false, scope: "config", desired: raise,
          steps: ["virsh setmaxmem 66666666-2222-3333-4444-555555555555 4194304KiB --config", "virsh setmem 66666666-2222-3333-4444-555555555555 3145728KiB --config"] },
        { name: "shut off, both = config", xml: PLAIN_XML, running: false, scope: "both", desired: raise,
          steps: ["virsh setmaxmem 66666666-2222-3333-4444-555555555555 4194304KiB --config", "virsh setmem 66666666-2222-3333-4444-555555555555 3145728KiB --config"] },
        { name: "shut off, live: refused", xml: PLAIN_XML, running: false, scope: "live", desired: raise,
          steps: [], refusals: ["memory.max", "memory.current"] },
        { name: "shut off, config, lower both: current first", xml: PLAIN_XML, running: false, scope: "config", desired: lower,
          steps: ["virsh setmem 66666666-2222-3333-4444-555555555555 524288KiB --config", "virsh setmaxmem 66666666-2222-3333-4444-555555555555 1572864KiB --config"] },
        { name: "shut off, lower max below current only: current lowered to max first", xml: PLAIN_XML, running: false, scope: "config",
          desired: { memory: { max: 0.5 * GiB } },
          steps: ["virsh setmem 66666666-2222-3333-4444-555555555555 524288KiB --config", "virsh setmaxmem 66666666-2222-3333-4444-555555555555 524288KiB --config"] },
        { name: "running, live, current within max", xml: PLAIN_XML, running: true, scope: "live", desired: { memory: { current: 1.5 * GiB } },
          steps: ["virsh setmem 66666666-2222-3333-4444-555555555555 1572864KiB --live"] },
        { name: "running, live, max refused", xml: PLAIN_XML, running: true, scope: "live", desired: raise,
          steps: [], refusals: ["memory.max", "memory.current"] },
        { name: "running, config, raise both", xml: PLAIN_XML, running: true, scope: "config", desired: raise,
          steps: ["virsh setmaxmem 66666666-2222-3333-4444-555555555555 4194304KiB --config", "virsh setmem 66666666-2222-3333-4444-555555555555 3145728KiB --config"] },
        { name: "running, both, raise max and current above live max: max for next boot, current refused", xml: PLAIN_XML,
          running: true, scope: "both", desired: raise,
          steps: ["virsh setmaxmem 66666666-2222-3333-4444-555555555555 4194304KiB --config"], refusals: ["memory.current"] },
        { name: "running, both, raise max, current within live max: merged current step", xml: PLAIN_XML, running: true, scope: "both",
          desired: { memory: { max: 4 * GiB, current: 1.5 * GiB } },
          steps: ["virsh setmaxmem 66666666-2222-3333-4444-555555555555 4194304KiB --config", "virsh setmem 66666666-2222-3333-4444-555555555555 1572864KiB --live --config"] },
        { name: "running, both, lower both", xml: PLAIN_XML, running: true, scope: "both", desired: lower,
          steps: ["virsh setmem 66666666-2222-3333-4444-555555555555 524288KiB --live --config", "virsh setmaxmem 66666666-2222-3333-4444-555555555555 1572864KiB --config"] },
        { name: "running, both, live and config differ: separate steps", xml: PLAIN_XML, running: true, scope: "both",
          desired: { memory: { current: 1.5 * GiB } }, live: t => { t.currentMemory = 0.75 * GiB; },
          steps: ["virsh setmem 66666666-2222-3333-4444-555555555555 1572864KiB --live", "virsh setmem 66666666-2222-3333-4444-555555555555 1572864KiB --config"] },
        { name: "guest NUMA: max only through the cells", xml: NUMA_XML, running: false, scope: "config", desired: { memory: { max: 4 * GiB } },
          steps: [], refusals: ["memory.max"] },
        { name: "running, no balloon: live current refused", xml: PLAIN_XML, running: true, scope: "live",
          desired: { memory: { current: 1.5 * GiB } }, live: t => { t.memballoon = { model: "none" }; },
          steps: [], refusals: ["memory.current"] },
        { name: "unchanged: nothing", xml: PLAIN_XML, running: true, scope: "both", desired: { memory: { max: 2 * GiB, current: GiB } },
          steps: [] },
    ]);

    QUnit.test("flags, signature and needsRestart", assert => {
        const p = plan(input(PLAIN_XML, true, "both", { memory: { max: 4 * GiB, current: 1.5 * GiB } }));
        const [max, cur] = p.steps;
        assert.deepEqual(max?.call, { target: "domain", method: "SetMemory", signature: "tu", args: [4 * GiB, 2 | 4] });
        assert.strictEqual(max?.command, "setmaxmem");
        assert.strictEqual(max?.scope, "config");
        assert.true(max?.needsRestart, "max on a running VM applies at next boot");
        assert.deepEqual(max?.inverse?.call.args, [2 * GiB, 6]);
        assert.deepEqual(cur?.call.args, [1.5 * GiB, 3]);
        assert.strictEqual(cur?.needsRestart, undefined);
        assert.strictEqual(cur?.inverse?.virsh, "virsh setmem 66666666-2222-3333-4444-555555555555 1048576KiB --live --config");
    });
});

QUnit.module("plan: vCPUs", () => {
    table([
        { name: "shut off, config, raise max and current: max first", xml: PLAIN_XML, running: false, scope: "config",
          desired: { vcpus: { max: 8, current: 6 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 8 --maximum --config", "virsh setvcpus 66666666-2222-3333-4444-555555555555 6 --config"] },
        { name: "shut off, config, lower: current first", xml: PLAIN_XML, running: false, scope: "config",
          desired: { vcpus: { max: 1, current: 1 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 1 --maximum --config"] },
        { name: "shut off, both = config", xml: PLAIN_XML, running: false, scope: "both", desired: { vcpus: { current: 2 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 2 --config"] },
        { name: "shut off, live: refused", xml: PLAIN_XML, running: false, scope: "live", desired: { vcpus: { current: 2 } },
          steps: [], refusals: ["vcpu.current"] },
        { name: "running, live hot-plug", xml: PLAIN_XML, running: true, scope: "live", desired: { vcpus: { current: 2 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 2 --live"] },
        { name: "running, live, above the running maximum: refused", xml: PLAIN_XML, running: true, scope: "live",
          desired: { vcpus: { current: 3 } }, steps: [], refusals: ["vcpu.current"] },
        { name: "running, live, maximum: refused", xml: PLAIN_XML, running: true, scope: "live",
          desired: { vcpus: { max: 4 } }, steps: [], refusals: ["vcpu.max"] },
        { name: "running, both, raise max and current within: max next boot, then current both", xml: PLAIN_XML, running: true,
          scope: "both", desired: { vcpus: { max: 4, current: 2 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 4 --maximum --config", "virsh setvcpus 66666666-2222-3333-4444-555555555555 2 --live --config"] },
        { name: "running, config", xml: PLAIN_XML, running: true, scope: "config", desired: { vcpus: { max: 4, current: 4 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 4 --maximum --config", "virsh setvcpus 66666666-2222-3333-4444-555555555555 4 --config"] },
        { name: "topology + guest cells: the maximum goes through define", xml: NUMA_XML, running: false, scope: "config",
          desired: { vcpus: { max: 8 }, topology: { sockets: 2, dies: 1, cores: 4, threads: 1 } },
          steps: ["virsh define /dev/stdin <<'VMTUNE_XML'"] },
        { name: "lowering max with current above it", xml: PLAIN_XML, running: false, scope: "config",
          desired: { vcpus: { max: 3, current: 3 } },
          steps: ["virsh setvcpus 66666666-2222-3333-4444-555555555555 3 --maximum --config", "virsh setvcpus 66666666-2222-3333-4444-555555555555 3 --config"] },
    ]);

    QUnit.test("setvcpus maximum flags: VCPU_MAXIMUM | CONFIG", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { vcpus: { max: 8, current: 6 } }));
        assert.deepEqual(p.steps.map(s => s.call.args), [[8, 6], [6, 2]]);
        assert.deepEqual(p.steps.map(s => s.inverse?.call.args), [[2, 6], [1, 2]]);
        const lowering = plan(input(PLAIN_XML, false, "config", { vcpus: { max: 1 } }));
        assert.deepEqual(lowering.steps.map(s => s.call.args), [[1, 6]]);
    });

    QUnit.test("define carries max and topology; inverse defines the XML as read", assert => {
        const p = plan(input(NUMA_XML, true, "both", { vcpus: { max: 8 }, topology: { sockets: 2, dies: 1, cores: 4, threads: 1 } }));
        const step = p.steps[0];
        assert.strictEqual(step?.command, "define");
        assert.strictEqual(step?.scope, "config");
        assert.true(step?.needsRestart);
        assert.strictEqual(step?.call.target, "connect");
        assert.strictEqual(step?.call.method, "DomainDefineXML");
        const t = readTuning(String(step?.call.args[0]));
        assert.strictEqual(t.vcpu.max, 8);
        assert.deepEqual(t.cpu.topology, { sockets: 2, dies: 1, cores: 4, threads: 1 });
        assert.strictEqual(step?.inverse?.call.args[0], NUMA_XML);
        assert.true(step?.virsh.endsWith("\nVMTUNE_XML"), "here-document closed");
    });
});

QUnit.module("plan: memtune ordering", () => {
    const M = 1024 * 1024;
    const withLimits = (hard: number, soft: number, swap: number) => (t: Tuning) => {
        t.memtune = { hard_limit: hard, soft_limit: soft, swap_hard_limit: swap };
    };
    function mt(running: boolean, scope: Scope, from: [number, number, number] | null, to: NonNullable<DesiredTuning["memtune"]>): Plan {
        const inp = input(PLAIN_XML, running, scope, { memtune: to });
        if (from) {
            withLimits(...from)(inp.config);
            if (inp.live)
                withLimits(...from)(inp.live);
        }
        return plan(inp);
    }
    QUnit.test("raising all: swap_hard, hard, soft", assert => {
        for (const [running, scope] of [[false, "config"], [true, "live"], [true, "both"], [false, "both"]] as const) {
            const p = mt(running, scope, [2 * M, M, 3 * M], { hard_limit: 4 * M, soft_limit: 3 * M, swap_hard_limit: 5 * M });
            const sv = scope === "both" && running ? "--live --config" : scope === "live" ? "--live" : "--config";
            assert.deepEqual(lines(p), [
                `virsh memtune 66666666-2222-3333-4444-555555555555 --swap-hard-limit ${5 * M} ${sv}`,
                `virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${4 * M} ${sv}`,
                `virsh memtune 66666666-2222-3333-4444-555555555555 --soft-limit ${3 * M} ${sv}`,
            ], `${running} ${scope}`);
        }
    });
    QUnit.test("running, next boot only: a hard limit above the RUNNING swap hard limit is refused (libvirt checks the live definition for --config too)", assert => {
        // intended change: this plan used to be made, and libvirt refused its second step
        const p = mt(true, "config", [2 * M, M, 3 * M], { hard_limit: 4 * M, soft_limit: 3 * M, swap_hard_limit: 5 * M });
        assert.deepEqual([lines(p), fields(p)], [[], ["memtune"]]);
        assert.true(p.refusals[0]?.message.includes("must be lower than or equal to swap_hard_limit"), p.refusals[0]?.message);
        // within the running limits: planned
        const ok = mt(true, "config", [2 * M, M, 3 * M], { hard_limit: 3 * M, swap_hard_limit: 5 * M });
        assert.deepEqual(fields(ok), []);
        assert.strictEqual(lines(ok).length, 2);
        // the undo is checked too: lowering swap hard for next boot below the running hard limit
        const undo = mt(true, "config", [4 * M, M, 5 * M], { hard_limit: 2 * M, swap_hard_limit: 3 * M });
        assert.deepEqual([lines(undo), fields(undo)], [[], ["memtune"]], "swap hard 3 GiB beside the running hard limit 4 GiB");
    });
    QUnit.test("a live hard limit of 0 or below the memory the VM has now: refused with the reason", assert => {
        for (const hard of [0, 1024, 1024 * 1024 - 1]) {
            for (const scope of ["live", "both"] as const) {
                const p = mt(true, scope, null, { hard_limit: hard });
                assert.deepEqual([lines(p), fields(p)], [[], ["memtune.hard_limit"]], `${hard} ${scope}`);
                assert.true(p.refusals[0]?.message.includes("kernel kills QEMU"), p.refusals[0]?.message);
            }
        }
        assert.deepEqual(fields(mt(true, "live", null, { hard_limit: 1024 * 1024 })), [], "at the current memory (1 GiB): allowed");
        assert.deepEqual(fields(mt(true, "config", null, { hard_limit: 1024 })), [], "next boot: the guest starts under it, warned by the rule");
        assert.deepEqual(fields(mt(false, "config", null, { hard_limit: 0 })), [], "shut off: next boot only");
    });
    QUnit.test("lowering all: soft, hard, swap_hard", assert => {
        const p = mt(false, "config", [4 * M, 3 * M, 5 * M], { hard_limit: 2 * M, soft_limit: M, swap_hard_limit: 3 * M });
        assert.deepEqual(lines(p), [
            `virsh memtune 66666666-2222-3333-4444-555555555555 --soft-limit ${M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${2 * M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --swap-hard-limit ${3 * M} --config`,
        ]);
        assert.deepEqual(p.steps.map(s => s.inverse?.virsh), [
            `virsh memtune 66666666-2222-3333-4444-555555555555 --soft-limit ${3 * M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${4 * M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --swap-hard-limit ${5 * M} --config`,
        ]);
    });
    QUnit.test("mixed: hard up above old swap, soft down", assert => {
        const p = mt(false, "config", [2 * M, M, 3 * M], { hard_limit: 4 * M, soft_limit: M / 2, swap_hard_limit: 6 * M });
        assert.deepEqual(lines(p), [
            `virsh memtune 66666666-2222-3333-4444-555555555555 --swap-hard-limit ${6 * M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${4 * M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --soft-limit ${M / 2} --config`,
        ]);
    });
    QUnit.test("mixed: swap down under old hard, hard down", assert => {
        const p = mt(false, "config", [4 * M, M, 8 * M], { hard_limit: 2 * M, swap_hard_limit: 3 * M });
        assert.deepEqual(lines(p), [
            `virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${2 * M} --config`,
            `virsh memtune 66666666-2222-3333-4444-555555555555 --swap-hard-limit ${3 * M} --config`,
        ]);
    });
    QUnit.test("from unlimited; to unlimited (-1, D-Bus 2^53-1)", assert => {
        const p = mt(false, "config", null, { hard_limit: 4 * M });
        assert.deepEqual(lines(p), [`virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${4 * M} --config`]);
        assert.deepEqual(p.steps[0]?.call, {
            target: "domain", method: "SetMemoryParameters", signature: "a{sv}u",
            args: [{ hard_limit: { t: "t", v: 4 * M } }, 2],
        });
        assert.deepEqual(p.steps[0]?.inverse?.call.args, [{ hard_limit: { t: "t", v: MEMTUNE_UNLIMITED } }, 2]);
        const q = mt(true, "live", [2 * M, M, 3 * M], { hard_limit: null, swap_hard_limit: null });
        assert.deepEqual(lines(q), ["virsh memtune 66666666-2222-3333-4444-555555555555 --swap-hard-limit -1 --live", "virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit -1 --live"]);
    });
    QUnit.test("a target breaking the order is refused", assert => {
        const p = mt(false, "config", [2 * M, M, 3 * M], { hard_limit: 4 * M });
        assert.deepEqual(lines(p), []);
        assert.deepEqual(fields(p), ["memtune"]);
        const q = mt(false, "config", [2 * M, M, 3 * M], { soft_limit: 2.5 * M });
        assert.deepEqual(fields(q), ["memtune"]);
    });
    QUnit.test("shut off, live: refused", assert => {
        const p = mt(false, "live", null, { hard_limit: 4 * M });
        assert.deepEqual(lines(p), []);
        assert.deepEqual(fields(p), ["memtune"]);
    });
    QUnit.test("unchanged: nothing", assert => {
        assert.deepEqual(lines(mt(true, "both", [2 * M, M, 3 * M], { hard_limit: 2 * M })), []);
    });
    QUnit.test("sequence keeps the order after every step", assert => {
        const vals = [M, 2 * M, 3 * M, 4 * M, MEMTUNE_UNLIMITED];
        let checked = 0;
        for (const a of vals) for (const b of vals) for (const c of vals) for (const x of vals) for (const y of vals) for (const z of vals) {
            if (!limitsOrdered({ soft_limit: a, hard_limit: b, swap_hard_limit: c }) ||
                !limitsOrdered({ soft_limit: x, hard_limit: y, swap_hard_limit: z }))
                continue;
            const from = { soft_limit: a, hard_limit: b, swap_hard_limit: c };
            const to = { soft_limit: x, hard_limit: y, swap_hard_limit: z };
            const state = { ...from };
            for (const s of memtuneSequence(from, to)) {
                if (s.op.kind === "memtune")
                    Object.assign(state, s.op.params);
                if (!limitsOrdered(state))
                    assert.ok(false, JSON.stringify({ from, to, state }));
            }
            assert.deepEqual(state, to);
            checked++;
        }
        assert.ok(checked > 100);
    });
});

QUnit.module("plan: scheduler and pins", () => {
    table([
        { name: "schedinfo live", xml: PLAIN_XML, running: true, scope: "live", desired: { scheduler: { shares: 512 } },
          live: t => { t.cputune.shares = 1024; }, steps: ["virsh schedinfo 66666666-2222-3333-4444-555555555555 --live cpu_shares=512"] },
        { name: "schedinfo both, same old values: one step", xml: NUMA_XML, running: true, scope: "both",
          desired: { scheduler: { shares: 512, quota: -1 } }, live: t => { t.cputune.quota = 0; },
          steps: ["virsh schedinfo 11111111-2222-3333-4444-555555555555 --live --config cpu_shares=512 vcpu_quota=-1"] },
        { name: "schedinfo shut off, live: refused", xml: NUMA_XML, running: false, scope: "live", desired: { scheduler: { shares: 512 } },
          steps: [], refusals: ["scheduler"] },
        { name: "schedinfo unchanged", xml: NUMA_XML, running: false, scope: "both", desired: { scheduler: { shares: 1024 } }, steps: [] },
        // vCPU 1 has no pin: the config's undo is a define, so live and config are separate steps (intended change)
        { name: "vcpupin both", xml: NUMA_XML, running: true, scope: "both", desired: { vcpupin: [{ id: 1, cpuset: "0-3" }] },
          steps: ["virsh vcpupin 11111111-2222-3333-4444-555555555555 1 0-3 --live", "virsh vcpupin 11111111-2222-3333-4444-555555555555 1 0-3 --config"] },
        { name: "vcpupin both, pinned before: one step", xml: NUMA_XML, running: true, scope: "both", desired: { vcpupin: [{ id: 0, cpuset: "0-3" }] },
          steps: ["virsh vcpupin 11111111-2222-3333-4444-555555555555 0 0-3 --live --config"] },
        { name: "vcpupin config on a running VM", xml: NUMA_XML, running: true, scope: "config", desired: { vcpupin: [{ id: 1, cpuset: "0-3,^2" }] },
          steps: ["virsh vcpupin 11111111-2222-3333-4444-555555555555 1 0-1,3 --config"] },
        { name: "vcpupin live differs from config: one side only", xml: NUMA_XML, running: true, scope: "both",
          desired: { vcpupin: [{ id: 0, cpuset: "0-1" }] }, live: t => { t.cputune.vcpupin = []; },
          steps: ["virsh vcpupin 11111111-2222-3333-4444-555555555555 0 0-1 --live"] },
        { name: "vcpupin unpin", xml: NUMA_XML, running: false, scope: "config", desired: { vcpupin: [{ id: 0, cpuset: null }] },
          steps: ["virsh vcpupin 11111111-2222-3333-4444-555555555555 0 0-7 --config"] },
        { name: "vcpupin bad cpuset refused", xml: NUMA_XML, running: false, scope: "config", desired: { vcpupin: [{ id: 0, cpuset: "0-9" }] },
          steps: [], refusals: ["vcpupin.0"] },
        { name: "vcpupin empty refused", xml: NUMA_XML, running: false, scope: "config", desired: { vcpupin: [{ id: 0, cpuset: "0,^0" }] },
          steps: [], refusals: ["vcpupin.0"] },
        { name: "vcpupin unknown vCPU refused", xml: NUMA_XML, running: false, scope: "config", desired: { vcpupin: [{ id: 9, cpuset: "1" }] },
          steps: [], refusals: ["vcpupin.9"] },
        { name: "emulatorpin live", xml: NUMA_XML, running: true, scope: "live", desired: { emulatorpin: "4-5" },
          steps: ["virsh emulatorpin 11111111-2222-3333-4444-555555555555 4-5 --live"] },
    ]);

    QUnit.test("typed variants and cpumaps", assert => {
        const p = plan(input(NUMA_XML, true, "both", { scheduler: { shares: 512, period: 100000, quota: 50000, emulator_quota: -1 } }));
        const args = {
            cpu_shares: { t: "t", v: 512 }, vcpu_period: { t: "t", v: 100000 },
            vcpu_quota: { t: "x", v: 50000 }, emulator_quota: { t: "x", v: -1 },
        };
        assert.deepEqual(p.steps.map(s => s.call), [1, 2].map(flags => ({
            target: "domain" as const, method: "SetSchedulerParameters", signature: "a{sv}u", args: [args, flags],
        })), "live and config apart: their undos differ (intended change)");
        // old shares 1024 known. Next boot: periods/quotas unset -> 0 removes them. Live: libvirt skips
        // 0, so an unreported value is not "restored" with it, and the step says so
        assert.deepEqual(p.steps[1]?.inverse?.call.args[0], {
            cpu_shares: { t: "t", v: 1024 }, vcpu_period: { t: "t", v: 0 }, vcpu_quota: { t: "x", v: 0 }, emulator_quota: { t: "x", v: 0 },
        });
        assert.deepEqual(p.steps[0]?.inverse?.call.args[0], { cpu_shares: { t: "t", v: 1024 } });
        assert.true(p.steps[0]?.description.includes("vcpu_period, vcpu_quota, emulator_quota: a rollback cannot restore it"), p.steps[0]?.description);
        // the values in force, as GetSchedulerParameters reports them: restored exactly, one step
        const known = plan(input(NUMA_XML, true, "live", { scheduler: { period: 50000, quota: 20000 } },
                                 t => { t.cputune.period = 100000; t.cputune.quota = -1; })).steps;
        assert.deepEqual(known.map(s => s.inverse?.call.args[0]), [{ vcpu_period: { t: "t", v: 100000 }, vcpu_quota: { t: "x", v: -1 } }]);
        const pins = plan(input(NUMA_XML, true, "both", { vcpupin: [{ id: 1, cpuset: "2-3" }] })).steps;
        assert.deepEqual(pins.map(s => s.call), [1, 2].map(flags => ({
            target: "domain" as const, method: "PinVcpu", signature: "uabu",
            args: [1, [false, false, true, true, false, false, false, false], flags],
        })));
        assert.deepEqual(pins[0]?.inverse?.call.args, [1, Array(8).fill(true), 1], "live: back to every CPU (no pin before)");
        assert.deepEqual([pins[1]?.inverse?.command, pins[1]?.inverse?.call.args[0]], ["define", NUMA_XML], "config: the XML as read");
        const emu = plan(input(NUMA_XML, false, "config", { emulatorpin: "7" })).steps[0];
        assert.deepEqual(emu?.call, { target: "domain", method: "PinEmulator", signature: "abu", args: [[false, false, false, false, false, false, false, true], 2] });
    });

    QUnit.test("config shares unset: inverse is a define of the XML as read", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { scheduler: { shares: 300 } }));
        assert.strictEqual(p.steps[0]?.inverse?.command, "define");
        assert.strictEqual(p.steps[0]?.inverse?.call.args[0], PLAIN_XML);
    });

    QUnit.test("iothreadpin", assert => {
        const inp = input(NUMA_XML, true, "live", { iothreadpin: [{ id: 1, cpuset: "6" }, { id: 3, cpuset: "1" }] });
        inp.live = variant(inp.config, t => { t.iothreads = 1; t.iothreadIds = [1]; });
        const p = plan(inp);
        assert.deepEqual(lines(p), ["virsh iothreadpin 11111111-2222-3333-4444-555555555555 1 6 --live"]);
        assert.deepEqual(p.steps[0]?.call.signature, "uabu");
        assert.deepEqual(p.steps[0]?.call.method, "PinIOThread");
        assert.deepEqual(fields(p), ["iothreadpin.3"]);
    });
});

QUnit.module("plan: numatune, define, DIMMs, quoting", () => {
    table([
        { name: "numatune mode never live", xml: NUMA_XML, running: true, scope: "live", desired: { numatune: { mode: "interleave" } },
          steps: [], refusals: ["numatune.mode"] },
        { name: "numatune mode, both: refused as a whole", xml: NUMA_XML, running: true, scope: "both", desired: { numatune: { mode: "interleave" } },
          steps: [], refusals: ["numatune.mode"] },
        { name: "numatune mode for next boot", xml: NUMA_XML, running: true, scope: "config", desired: { numatune: { mode: "interleave" } },
          steps: ["virsh numatune 11111111-2222-3333-4444-555555555555 --mode interleave --config"] },
        { name: "numatune strict nodeset not live", xml: NUMA_XML, running: true, scope: "live", desired: { numatune: { nodeset: "1" } },
          steps: [], refusals: ["numatune.nodeset"] },
        { name: "numatune restrictive nodeset live", xml: NUMA_XML, running: true, scope: "live", desired: { numatune: { nodeset: "1" } },
          live: t => { t.numatune.mode = "restrictive"; }, steps: ["virsh numatune 11111111-2222-3333-4444-555555555555 --nodeset 1 --live"] },
        { name: "numatune shut off, both", xml: NUMA_XML, running: false, scope: "both", desired: { numatune: { mode: "preferred", nodeset: "0-1" } },
          steps: ["virsh numatune 11111111-2222-3333-4444-555555555555 --mode preferred --nodeset 0-1 --config"] },
        { name: "numatune same nodeset, other spelling: nothing", xml: NUMA_XML, running: false, scope: "config", desired: { numatune: { nodeset: "0,0" } },
          steps: [] },
        { name: "guest cells live: refused", xml: NUMA_XML, running: true, scope: "live",
          desired: { cells: [{ id: 0, cpus: "0-3", memory: 2 * GiB, distances: [] }] }, steps: [], refusals: ["cells"] },
        { name: "guest cells both on a running VM: define for next boot", xml: NUMA_XML, running: true, scope: "both",
          desired: { cells: [{ id: 0, cpus: "0-3", memory: 2 * GiB, distances: [] }] }, steps: ["virsh define /dev/stdin <<'VMTUNE_XML'"] },
        { name: "DIMM attach both", xml: NUMA_XML, running: true, scope: "both", desired: { attachDimms: [{ size: GiB, node: 1 }] },
          steps: ["virsh attach-device 11111111-2222-3333-4444-555555555555 /dev/stdin --live --config <<'VMTUNE_XML'"] },
        { name: "DIMM attach shut off", xml: NUMA_XML, running: false, scope: "both", desired: { attachDimms: [{ size: GiB, node: 0 }] },
          steps: ["virsh attach-device 11111111-2222-3333-4444-555555555555 /dev/stdin --config <<'VMTUNE_XML'"] },
        { name: "define before config API steps", xml: NUMA_XML, running: false, scope: "config",
          desired: { memory: { current: GiB }, maxMemory: { size: 16 * GiB, slots: 8 }, scheduler: { shares: 100 } },
          steps: ["virsh define /dev/stdin <<'VMTUNE_XML'", "virsh setmem 11111111-2222-3333-4444-555555555555 1048576KiB --config", "virsh schedinfo 11111111-2222-3333-4444-555555555555 --config cpu_shares=100"] },
    ]);

    QUnit.test("numatune typed parameters", assert => {
        const p = plan(input(NUMA_XML, false, "config", { numatune: { mode: "restrictive", nodeset: "1" } }));
        assert.deepEqual(p.steps[0]?.call, {
            target: "domain", method: "SetNumaParameters", signature: "a{sv}u",
            args: [{ numa_mode: { t: "i", v: 3 }, numa_nodeset: { t: "s", v: "1" } }, 2],
        });
        assert.deepEqual(p.steps[0]?.inverse?.call.args, [{ numa_mode: { t: "i", v: 0 }, numa_nodeset: { t: "s", v: "0" } }, 2]);
    });

    QUnit.test("DIMM XML, call and inverse", assert => {
        const step = plan(input(NUMA_XML, true, "live", { attachDimms: [{ size: GiB, node: 1 }] })).steps[0];
        const xml = String(step?.call.args[0]);
        // intended change: a user alias names the module, so the undo's detach removes exactly it
        assert.strictEqual(xml, `<memory model="dimm"><target><size unit="KiB">1048576</size><node>1</node></target><alias name="ua-vmtune-dimm0"/></memory>`);
        assert.deepEqual(step?.call.method, "AttachDevice");
        assert.deepEqual(step?.call.signature, "su");
        assert.deepEqual(step?.call.args[1], 1);
        assert.deepEqual(step?.inverse?.call.method, "DetachDevice");
        assert.strictEqual(step?.inverse?.call.args[0], xml, "the undo detaches by that alias");
        assert.true(step?.virsh.includes(xml));
    });

    QUnit.test("DIMM aliases: unique in the VM (either side) and within the plan", assert => {
        const inp = input(NUMA_XML, true, "both", { attachDimms: [{ size: GiB, node: 0 }, { size: GiB, node: 0 }] });
        const taken = { model: "dimm", size: GiB, node: 0, alias: "ua-vmtune-dimm0", xml: "<memory model='dimm'/>" };
        inp.live = variant(inp.config, t => { t.memoryDevices = [taken]; });
        const p = plan(inp);
        const aliases = p.steps.map(s => /alias name=.(ua-[^'"]+)/.exec(String(s.call.args[0]))?.[1]);
        assert.deepEqual(aliases, ["ua-vmtune-dimm1", "ua-vmtune-dimm2"], "one step each (both), aliases not taken on either side");
        assert.deepEqual(p.steps.map(s => s.scope), ["both", "both"]);
    });

    QUnit.test("DIMM detach of one of identical modules: by alias, else by slot; ambiguous copies are not guessed", assert => {
        const inp = input(NUMA_XML, true, "both", {});
        const dev = (slot: number | undefined, alias?: string) => ({
            model: "dimm", size: GiB, node: 0, ...(slot === undefined ? {} : { slot }), ...(alias ? { alias } : {}),
            xml: `<memory model='dimm'><address type='dimm' slot='${slot ?? ""}'/></memory>`,
        });
        inp.live = variant(inp.config, t => { t.memoryDevices = [dev(0, "dimm0"), dev(1, "dimm1")]; });
        inp.config = variant(inp.config, t => { t.memoryDevices = [dev(0), dev(1)]; });
        inp.desired = { detachDimms: [dev(1, "dimm1")] };
        const p = plan(inp);
        assert.deepEqual(p.steps.map(s => [s.scope, String(s.call.args[0])]), [["both", dev(1).xml]], "slot 1 on each side, never the first identical one");
        inp.config = variant(inp.config, t => { t.memoryDevices = [dev(undefined), dev(undefined)]; });
        inp.desired = { detachDimms: [dev(undefined)] };
        inp.live = variant(inp.config, t => { t.memoryDevices = []; });
        const ambiguous = plan(inp);
        assert.deepEqual([ambiguous.steps, fields(ambiguous)], [[], ["dimm"]], "two identical modules without address: neither is guessed");
    });

    QUnit.test("DIMM detach only where the device is", assert => {
        const inp = input(NUMA_XML, true, "both", {});
        const dev = { model: "dimm", size: GiB, node: 0, slot: 0, xml: "<memory model='dimm'/>" };
        inp.live = variant(inp.config, t => { t.memoryDevices = [dev]; });
        inp.desired = { detachDimms: [dev] };
        assert.deepEqual(lines(plan(inp)), ["virsh detach-device 11111111-2222-3333-4444-555555555555 /dev/stdin --live <<'VMTUNE_XML'"]);
    });

    QUnit.test("DIMM detach on both sides sends each side its own device XML (address differs), live first", assert => {
        const inp = input(NUMA_XML, true, "both", {});
        const liveDev = { model: "dimm", size: GiB, node: 0, slot: 0, base: "0x100000000", alias: "dimm0", xml: "<memory model='dimm'><alias name='dimm0'/></memory>" };
        const configDev = { model: "dimm", size: GiB, node: 0, slot: 0, xml: "<memory model='dimm'><address type='dimm' slot='0'/></memory>" };
        inp.live = variant(inp.config, t => { t.memoryDevices = [liveDev]; });
        inp.config = variant(inp.config, t => { t.memoryDevices = [configDev]; });
        inp.desired = { detachDimms: [configDev] };
        const steps = plan(inp).steps;
        assert.deepEqual(steps.map(s => [s.scope, s.call.args[0]]), [["live", liveDev.xml], ["config", configDev.xml]]);
        assert.deepEqual(steps.map(s => s.inverse?.call.args[0]), [liveDev.xml, configDev.xml], "rollback re-attaches the same module");
    });

    QUnit.test("shell quoting; the VM is named by its UUID whatever its name (virsh tries ID, then UUID, then name)", assert => {
        assert.strictEqual(shellQuote("vm-1_a.b"), "vm-1_a.b");
        assert.strictEqual(shellQuote("my vm's"), "'my vm'\\''s'");
        assert.strictEqual(shellQuote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert.strictEqual(shellQuote(""), "''");
        const inp = input(PLAIN_XML, true, "live", { memory: { current: 1.5 * GiB } });
        const uuid = "66666666-2222-3333-4444-555555555555";
        // "3" is the ID of another running VM; "-x" an option; the last one another VM's UUID
        for (const name of ["web server; $HOME", "-x", "虚拟机", "3", "11111111-2222-3333-4444-555555555555"]) {
            inp.name = name;
            const p = plan(inp);
            assert.deepEqual(lines(p), [`virsh setmem ${uuid} 1572864KiB --live`], name);
            assert.deepEqual(p.steps.map(s => s.inverse?.virsh), [`virsh setmem ${uuid} 1048576KiB --live`], `${name}: the undo too`);
        }
    });

    QUnit.test("host CPUs unknown, 0, fractional or NaN: refused (every cpumap is that long), nothing planned", assert => {
        for (const hostCpus of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
            const p = plan({ ...input(NUMA_XML, true, "live", { vcpupin: [{ id: 0, cpuset: "1" }] }), hostCpus });
            assert.deepEqual([p.steps.length, fields(p)], [0, ["@host"]], String(hostCpus));
        }
    });

    QUnit.test("no UUID (or not a UUID): refused, nothing planned", assert => {
        for (const uuid of ["", "3", "plain", "66666666-2222-3333-4444-55555555555", "$(id)"]) {
            const inp = { ...input(PLAIN_XML, true, "live", { memory: { current: 1.5 * GiB } }), uuid };
            const p = plan(inp);
            assert.deepEqual([p.steps.length, fields(p)], [0, ["@vm"]], JSON.stringify(uuid));
        }
    });

    QUnit.test("nothing desired: no steps, no refusals", assert => {
        for (const scope of ["live", "config", "both"] as const) {
            for (const running of [true, false])
                assert.deepEqual(plan(input(NUMA_XML, running, scope, {})), { steps: [], refusals: [] });
        }
    });

    QUnit.test("rollback runs the inverses last first", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { memory: { max: 4 * GiB, current: 3 * GiB } }));
        assert.deepEqual(rollbackSteps(p.steps).map(s => s.virsh), [
            "virsh setmem 66666666-2222-3333-4444-555555555555 1048576KiB --config", "virsh setmaxmem 66666666-2222-3333-4444-555555555555 2097152KiB --config",
        ]);
        assert.true(p.steps.every(s => s.description !== "" && s.inverse?.description.startsWith("Undo")));
    });

    QUnit.test("running VM without live state", assert => {
        const inp = input(PLAIN_XML, true, "live", { memory: { current: GiB } });
        inp.live = undefined;
        assert.deepEqual(fields(plan(inp)), ["scope"]);
    });
});

void plain;
void numa;
