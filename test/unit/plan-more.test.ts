// Planner edge cases a libvirt user runs into: config-only define edits (guest cells, memnodes) and
// the refusals libvirt's XML editor raises, numatune without a previous value, pins falling back to
// <vcpu cpuset>, vCPU/memory counts libvirt would refuse, memtune from limits libvirt let through
// unordered, DIMM sizes.
import QUnit from "qunit";
import { plan, rollbackSteps, memtuneSequence } from "../../src/model/plan/plan.ts";
import type { GuestCell, MemNode, Plan, Tuning } from "../../src/model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { formatSize } from "../../src/model/values/units.ts";
import { NUMA_XML, PLAIN_XML, tuningOf, planInput as input, virshLines as lines, refusedFields as fields } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;
const M = 1024 * 1024;




/** The XML a define step sends (its D-Bus argument). */
function definedXml(p: Plan, index = 0): string {
    const step = p.steps[index];
    if (step?.command !== "define")
        throw new Error(`step ${index} is no define: ${step?.virsh ?? "none"}`);
    return String(step.call.args[0]);
}

const DEFINE = "virsh define /dev/stdin <<'VMTUNE_XML'";
const cellsOf = (t: Tuning): GuestCell[] => structuredClone(t.cpu.cells);

QUnit.module("plan: guest cells (define)", () => {
    QUnit.test("the cells as read, cpus written another way: no define", assert => {
        const cells = cellsOf(tuningOf(NUMA_XML)).map(c => ({ ...c, cpus: c.id === 0 ? " 0,1" : "3,2" }));
        for (const [running, scope] of [[false, "config"], [true, "both"], [true, "config"]] as const)
            assert.deepEqual(plan(input(NUMA_XML, running, scope, { cells })), { steps: [], refusals: [] }, `${running} ${scope}`);
    });

    QUnit.test("a cell list that does not parse is a change, not silently 'the same'", assert => {
        const cells = cellsOf(tuningOf(NUMA_XML));
        (cells[1] as GuestCell).cpus = "2-3,x";
        const p = plan(input(NUMA_XML, false, "config", { cells }));
        assert.deepEqual(lines(p), [DEFINE]);
        assert.strictEqual(readTuning(definedXml(p)).cpu.cells[1]?.cpus, "2-3,x", "written as given: libvirt's define judges it");
    });

    QUnit.test("cell memory and current memory: one define carries both, no setmem", assert => {
        const cells = cellsOf(tuningOf(NUMA_XML));
        (cells[0] as GuestCell).memory = 2 * GiB;
        const p = plan(input(NUMA_XML, false, "config", { cells, memory: { current: 1.5 * GiB } }));
        assert.deepEqual(lines(p), [DEFINE]);
        const t = readTuning(definedXml(p));
        assert.deepEqual(t.cpu.cells.map(c => c.memory), [2 * GiB, GiB]);
        assert.strictEqual(t.currentMemory, 1.5 * GiB);
        assert.strictEqual(p.steps[0]?.inverse?.call.args[0], NUMA_XML, "inverse: the XML as read");
    });

    QUnit.test("libvirt's XML editor refusing the cells becomes a refusal on the field, no step", assert => {
        const bad = cellsOf(tuningOf(NUMA_XML));
        (bad[0] as GuestCell).memory = -1;
        const p = plan(input(NUMA_XML, false, "config", { cells: bad }));
        assert.deepEqual(lines(p), []);
        assert.deepEqual(fields(p), ["cells"]);
        assert.strictEqual(p.refusals[0]?.message, "Invalid memory size -1 for guest NUMA cell 0");
        assert.strictEqual(p.refusals[0]?.severity, "error");

        const dup = cellsOf(tuningOf(NUMA_XML)).map(c => ({ ...c, id: 0 }));
        const q = plan(input(NUMA_XML, true, "both", { cells: dup }));
        assert.deepEqual(lines(q), []);
        assert.deepEqual(fields(q), ["cells"]);
        assert.true((q.refusals[0]?.message ?? "").includes("Duplicate"), q.refusals[0]?.message);
    });
});

QUnit.module("plan: memnodes (define)", () => {
    const memnodes: MemNode[] = [
        { cellid: 1, mode: "interleave", nodeset: "0-1" },
        { cellid: 0, mode: "strict", nodeset: "0" },
    ];

    QUnit.test("shut off: one define writing <memnode> per cell; inverse defines the XML as read", assert => {
        const p = plan(input(NUMA_XML, false, "config", { memnodes }));
        assert.deepEqual(lines(p), [DEFINE]);
        const step = p.steps[0];
        assert.strictEqual(step?.scope, "config");
        assert.strictEqual(step?.needsRestart, undefined, "a shut-off VM needs no restart");
        assert.true(step?.description.includes("memory nodes per guest cell"), step?.description);
        const t = readTuning(definedXml(p));
        assert.deepEqual(t.numatune.memnodes.slice().sort((a, b) => a.cellid - b.cellid), memnodes.slice().reverse());
        assert.strictEqual(t.numatune.mode, "strict", "the domain-wide numatune stays");
        assert.strictEqual(t.numatune.nodeset, "0");
        assert.strictEqual(step?.inverse?.call.args[0], NUMA_XML);
    });

    QUnit.test("running: next boot only (both = define for next boot, live refused)", assert => {
        const both = plan(input(NUMA_XML, true, "both", { memnodes }));
        assert.deepEqual(lines(both), [DEFINE]);
        assert.true(both.steps[0]?.needsRestart);
        const live = plan(input(NUMA_XML, true, "live", { memnodes }));
        assert.deepEqual(lines(live), []);
        assert.deepEqual(fields(live), ["memnode"]);
        assert.true((live.refusals[0]?.message ?? "").includes("Next boot"), live.refusals[0]?.message);
    });

    QUnit.test("the same memnodes in another order or nodeset spelling: nothing", assert => {
        const withMemnodes = definedXml(plan(input(NUMA_XML, false, "config", { memnodes })));
        const same = memnodes.slice().reverse();
        assert.deepEqual(plan(input(withMemnodes, false, "config", { memnodes: same })), { steps: [], refusals: [] }, "order");
        const spelled = memnodes.map(m => ({ ...m, nodeset: m.nodeset === "0-1" ? "0,1" : m.nodeset }));
        assert.deepEqual(plan(input(withMemnodes, false, "config", { memnodes: spelled })), { steps: [], refusals: [] }, "0,1 = 0-1");
        const other = memnodes.map(m => ({ ...m, mode: "preferred" as const }));
        assert.deepEqual(lines(plan(input(withMemnodes, false, "config", { memnodes: other }))), [DEFINE], "a mode change is a change");
        const fewer = plan(input(withMemnodes, false, "config", { memnodes: [] }));
        assert.deepEqual(lines(fewer), [DEFINE], "removing them is a change");
        assert.deepEqual(readTuning(definedXml(fewer)).numatune.memnodes, []);
    });
});

QUnit.module("plan: numatune edges", () => {
    QUnit.test("a nodeset that does not parse: refused with the parser's reason", assert => {
        for (const nodeset of ["0-", "abc", "1-0"]) {
            const p = plan(input(NUMA_XML, false, "config", { numatune: { nodeset } }));
            assert.deepEqual(lines(p), [], nodeset);
            assert.deepEqual(fields(p), ["numatune.nodeset"], nodeset);
            assert.notStrictEqual(p.refusals[0]?.message ?? "", "", `${nodeset}: a message`);
        }
    });

    QUnit.test("no numatune yet (config): the step's inverse defines the XML as read", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { numatune: { nodeset: "0" } }));
        assert.deepEqual(lines(p), ["virsh numatune 66666666-2222-3333-4444-555555555555 --nodeset 0 --config"]);
        assert.strictEqual(p.steps[0]?.inverse?.command, "define", "SetNumaParameters cannot remove <numatune>");
        assert.strictEqual(p.steps[0]?.inverse?.call.args[0], PLAIN_XML);
        const mode = plan(input(PLAIN_XML, true, "config", { numatune: { mode: "interleave" } }));
        assert.deepEqual(lines(mode), ["virsh numatune 66666666-2222-3333-4444-555555555555 --mode interleave --config"]);
        assert.strictEqual(mode.steps[0]?.inverse?.command, "define");
        assert.deepEqual(rollbackSteps(mode.steps).map(s => s.command), ["define"]);
    });

    QUnit.test("restrictive without a nodeset (live): the change has no inverse, rollback skips it", assert => {
        const p = plan(input(PLAIN_XML, true, "live", { numatune: { nodeset: "1" } }, t => { t.numatune.mode = "restrictive"; }));
        assert.deepEqual(lines(p), ["virsh numatune 66666666-2222-3333-4444-555555555555 --nodeset 1 --live"]);
        assert.strictEqual(p.steps[0]?.inverse, undefined);
        assert.deepEqual(rollbackSteps(p.steps), []);
    });
});

/** PLAIN_XML whose <vcpu> carries a cpuset: where vCPUs and the emulator run when not pinned. */
function withVcpuCpuset(cpuset: string): string {
    const xml = PLAIN_XML.replace("<vcpu placement='static' current='1'>", `<vcpu placement='static' cpuset='${cpuset}' current='1'>`);
    if (xml === PLAIN_XML)
        throw new Error("fixture changed");
    return xml;
}

QUnit.module("plan: pins fall back to <vcpu cpuset>", () => {
    const host = (cpus: number[]) => Array.from({ length: 8 }, (_x, i) => cpus.includes(i));

    QUnit.test("unpinned vCPU runs on <vcpu cpuset>: pinning to it is no change, other pins undo to it", assert => {
        const xml = withVcpuCpuset("2-3");
        assert.deepEqual(plan(input(xml, false, "config", { vcpupin: [{ id: 0, cpuset: "2,3" }], emulatorpin: "2-3" })),
                         { steps: [], refusals: [] });
        const p = plan(input(xml, false, "config", { vcpupin: [{ id: 1, cpuset: "4" }], emulatorpin: "5" }));
        assert.deepEqual(lines(p), ["virsh vcpupin 66666666-2222-3333-4444-555555555555 1 4 --config", "virsh emulatorpin 66666666-2222-3333-4444-555555555555 5 --config"]);
        // intended change: there was no pin, and no call removes one (a pin to every CPU stays written,
        // checked with libvirt 9.0): the undo defines the XML as read
        assert.deepEqual(p.steps.map(s => [s.inverse?.command, s.inverse?.call.args[0]]), [["define", xml], ["define", xml]]);
    });

    QUnit.test("a <vcpu cpuset> this host cannot hold, or naming no CPU: the whole host", assert => {
        for (const cpuset of ["0-15", "1,^1"]) {
            const p = plan(input(withVcpuCpuset(cpuset), false, "config", { vcpupin: [{ id: 0, cpuset: "1" }] }));
            assert.deepEqual(lines(p), ["virsh vcpupin 66666666-2222-3333-4444-555555555555 0 1 --config"], cpuset);
            assert.deepEqual([p.steps[0]?.inverse?.command, p.steps[0]?.inverse?.call.args[0]], ["define", withVcpuCpuset(cpuset)], `${cpuset}: no pin before: the XML as read`);
            // live there is no define: the undo pins to where it ran (the whole host), and says so
            const live = plan(input(withVcpuCpuset(cpuset), true, "live", { vcpupin: [{ id: 0, cpuset: "1" }] })).steps[0];
            assert.deepEqual(live?.inverse?.call.args, [0, host([0, 1, 2, 3, 4, 5, 6, 7]), 1], cpuset);
            assert.true(live?.description.includes("there was no pin"), live?.description);
        }
    });

    QUnit.test("a pin as read naming CPUs this host lacks (XML from a bigger host): undo restores the default, never an invalid cpumap", assert => {
        const xml = withVcpuCpuset("2-3").replace("<os>", "<cputune>\n    <vcpupin vcpu='0' cpuset='12'/>\n  </cputune>\n  <os>");
        const p = plan(input(xml, false, "config", { vcpupin: [{ id: 0, cpuset: "1" }] }));
        assert.deepEqual(lines(p), ["virsh vcpupin 66666666-2222-3333-4444-555555555555 0 1 --config"]);
        assert.deepEqual(p.steps[0]?.inverse?.call.args, [0, host([2, 3]), 2]);
        assert.strictEqual((p.steps[0]?.inverse?.call.args[1] as boolean[]).length, 8, "cpumap as long as the host");
    });
});

QUnit.module("plan: counts libvirt refuses", () => {
    QUnit.test("0 vCPUs: refused in every scope, never sent", assert => {
        for (const [running, scope] of [[true, "live"], [true, "both"], [false, "config"], [false, "both"], [true, "config"]] as const) {
            const p = plan(input(PLAIN_XML, running, scope, { vcpus: { current: 0 } }));
            assert.deepEqual(lines(p), [], `${running} ${scope}`);
            assert.deepEqual(p.refusals.map(r => [r.field, r.message]), [["vcpu.current", "A VM needs at least 1 vCPU"]], `${running} ${scope}`);
        }
    });

    QUnit.test("current vCPUs above the maximum (config): refused like libvirt would, nothing half done", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { vcpus: { current: 3 } }));
        assert.deepEqual(lines(p), []);
        assert.deepEqual(fields(p), ["vcpu.current"]);
        assert.true((p.refusals[0]?.message ?? "").includes("3 vCPUs is more than the maximum of 2"), p.refusals[0]?.message);
        const lowered = plan(input(PLAIN_XML, false, "config", { vcpus: { max: 1, current: 2 } }));
        assert.deepEqual(lines(lowered), []);
        assert.deepEqual(fields(lowered), ["vcpu.current"]);
        // raising both stays allowed
        assert.deepEqual(lines(plan(input(PLAIN_XML, false, "config", { vcpus: { max: 3, current: 3 } }))),
                         ["virsh setvcpus 66666666-2222-3333-4444-555555555555 3 --maximum --config", "virsh setvcpus 66666666-2222-3333-4444-555555555555 3 --config"]);
    });

    QUnit.test("a maximum of 0 vCPUs: refused", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { vcpus: { max: 0 } }));
        assert.deepEqual(lines(p), []);
        assert.deepEqual(fields(p), ["vcpu.max"]);
    });

    QUnit.test("current memory above an unchanged maximum (config): refused naming both sizes", assert => {
        const p = plan(input(PLAIN_XML, false, "config", { memory: { current: 3 * GiB } }));
        assert.deepEqual(lines(p), []);
        assert.deepEqual(fields(p), ["memory.current"]);
        const message = p.refusals[0]?.message ?? "";
        assert.true(message.includes(formatSize(3 * GiB)) && message.includes(formatSize(2 * GiB)), message);
        // running, both: the config refusal stops the live half too (no half-done "both")
        const both = plan(input(PLAIN_XML, true, "both", { memory: { current: 3 * GiB } }));
        assert.deepEqual(lines(both), []);
        assert.deepEqual(fields(both), ["memory.current"]);
    });

    QUnit.test("DIMM sizes: empty, zero, fractional refused one by one; the valid one still planned", assert => {
        const p = plan(input(NUMA_XML, true, "live", {
            attachDimms: [{ size: 0, node: 0 }, { size: GiB, node: 1 }, { size: 1.5, node: 0 }, { size: Number.NaN, node: 0 }, { size: -GiB, node: 0 }],
        }));
        assert.deepEqual(lines(p), ["virsh attach-device 11111111-2222-3333-4444-555555555555 /dev/stdin --live <<'VMTUNE_XML'"]);
        assert.deepEqual(p.refusals.map(r => [r.field, r.message]), Array(4).fill(["dimm.size", "Enter a size for the memory module"]));
    });
});

QUnit.module("plan: memtune from limits libvirt let through unordered", () => {
    // libvirt checks hard ≤ swap_hard but not soft ≤ hard: a VM can carry soft > hard
    const broken = (t: Tuning) => { t.memtune = { hard_limit: 2 * M, soft_limit: 4 * M, swap_hard_limit: 3 * M }; };

    // to soft 3 ≤ hard 4 ≤ swap 6: swap alone leaves soft > hard, hard alone > swap, soft alone > hard
    QUnit.test("no single-limit order exists: one step setting all three, undone in one step", assert => {
        const inp = input(PLAIN_XML, false, "config", { memtune: { hard_limit: 4 * M, soft_limit: 3 * M, swap_hard_limit: 6 * M } });
        broken(inp.config);
        const p = plan(inp);
        assert.deepEqual(fields(p), []);
        assert.deepEqual(lines(p), [`virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${4 * M} --soft-limit ${3 * M} --swap-hard-limit ${6 * M} --config`]);
        assert.deepEqual(p.steps[0]?.call.args, [{
            hard_limit: { t: "t", v: 4 * M }, soft_limit: { t: "t", v: 3 * M }, swap_hard_limit: { t: "t", v: 6 * M },
        }, 2]);
        assert.strictEqual(p.steps[0]?.inverse?.virsh, `virsh memtune 66666666-2222-3333-4444-555555555555 --hard-limit ${2 * M} --soft-limit ${4 * M} --swap-hard-limit ${3 * M} --config`);
    });

    QUnit.test("one limit first when it alone repairs the order; otherwise the rest together", assert => {
        const from = { hard_limit: 2 * M, soft_limit: 4 * M, swap_hard_limit: 3 * M };
        // raising swap first would leave soft > hard: lowering soft goes first, then swap alone
        assert.deepEqual(memtuneSequence(from, { hard_limit: 2 * M, soft_limit: M, swap_hard_limit: 8 * M }).map(s => [s.op, s.inverse]), [
            [{ kind: "memtune", params: { soft_limit: M } }, { kind: "memtune", params: { soft_limit: 4 * M } }],
            [{ kind: "memtune", params: { swap_hard_limit: 8 * M } }, { kind: "memtune", params: { swap_hard_limit: 3 * M } }],
        ]);
        // hard and swap to unlimited: neither alone keeps the order from a broken start -> together
        assert.deepEqual(memtuneSequence(from, { ...from, hard_limit: MEMTUNE_UNLIMITED, swap_hard_limit: MEMTUNE_UNLIMITED }).map(s => [s.op, s.inverse]), [
            [{ kind: "memtune", params: { hard_limit: MEMTUNE_UNLIMITED, swap_hard_limit: MEMTUNE_UNLIMITED } },
             { kind: "memtune", params: { hard_limit: 2 * M, swap_hard_limit: 3 * M } }],
        ]);
    });
});
