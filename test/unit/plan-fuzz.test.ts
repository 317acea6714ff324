// Finding 11, planner part: the planner trusts no number it is given. For every area, generated
// non-integers, negatives, NaN, ±Infinity and out-of-range values are refused on that area's field with
// no step at all; generated valid values never make the planner throw, and whatever it plans carries
// only safe integers (D-Bus arguments) and plain decimal numbers (virsh lines).
import QUnit from "qunit";
import fc from "fast-check";
import { assertProperty as assertPropertyWith, expect } from "./support/property.ts";
import { plan } from "../../src/model/plan/plan.ts";
import type { DesiredTuning } from "../../src/model/plan/plan-types.ts";
import { MAX_MEMORY_SLOTS, MAX_VCPUS } from "../../src/model/plan/plan-validate.ts";
import type { Plan, Scope } from "../../src/model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import { NUMA_XML, PLAIN_XML, planInput } from "./support/tuning-fixture.ts";

const RUNS = 500;
const GiB = 1024 * 1024;

function assertProperty<T>(assert: Assert, arb: fc.Arbitrary<T>, check: (value: T) => void): void {
    assertPropertyWith(assert, arb, check, { runs: RUNS, seed: 12 });
}

/** Numbers that are never a count, size or id: fractions, NaN, infinities, unsafe integers. */
const notWhole = fc.oneof(
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, 1.5, -0.5, 2 ** 53, 2 ** 60, 6.03e151, -(2 ** 53), 1e-300),
    fc.double({ noNaN: false }).filter(x => !Number.isSafeInteger(x)),
);
/** Negative whole numbers. */
const negative = fc.integer({ min: -(2 ** 31), max: -1 });
const bad = fc.oneof(notWhole, negative);

const scopes: Scope[] = ["live", "config", "both"];
const anyScope = fc.constantFrom(...scopes);

/** Every number in a plan's D-Bus arguments is a safe integer; every virsh line a plain decimal one. */
function wellFormed(p: Plan): void {
    const walk = (v: unknown): void => {
        if (typeof v === "number")
            expect(Number.isSafeInteger(v), `a D-Bus argument ${v}`);
        else if (Array.isArray(v))
            v.forEach(walk);
        else if (v !== null && typeof v === "object")
            Object.values(v).forEach(walk);
    };
    for (const s of p.steps) {
        walk(s.call.args);
        if (s.inverse)
            walk(s.inverse.call.args);
        const line = s.virsh.split("\n")[0] ?? "";
        expect(!/NaN|Infinity|\d[eE][+-]?\d|\d\.\d|-\d+KiB/.test(line), `virsh line ${line}`);
    }
}

interface Area {
    name: string;
    xml: string;
    /** the wanted change with one bad number in it */
    desired: (n: number) => DesiredTuning;
    /** the refused field (or its prefix) */
    field: string;
    /** a valid number for the same place: the plan never throws and is well formed */
    good: fc.Arbitrary<number>;
}

const cell = (id: number, cpus: string, memory: number, distance = 10) => ({ id, cpus, memory, distances: [{ id, value: distance }] });

const AREAS: Area[] = [
    { name: "vCPU count", xml: PLAIN_XML, field: "vcpu.current", desired: n => ({ vcpus: { current: n } }), good: fc.integer({ min: 1, max: 2 }) },
    { name: "maximum vCPUs", xml: PLAIN_XML, field: "vcpu.max", desired: n => ({ vcpus: { max: n } }), good: fc.integer({ min: 1, max: MAX_VCPUS }) },
    { name: "current memory", xml: PLAIN_XML, field: "memory.current", desired: n => ({ memory: { current: n } }), good: fc.integer({ min: 1, max: 2 * GiB }) },
    { name: "maximum memory", xml: PLAIN_XML, field: "memory.max", desired: n => ({ memory: { max: n } }), good: fc.integer({ min: 1, max: 2 ** 40 }) },
    { name: "memory hotplug limit", xml: NUMA_XML, field: "maxMemory", desired: n => ({ maxMemory: { size: n, slots: 4 } }), good: fc.integer({ min: 2 * GiB, max: 2 ** 40 }) },
    { name: "memory slots", xml: NUMA_XML, field: "maxMemory.slots", desired: n => ({ maxMemory: { size: 8 * GiB, slots: n } }), good: fc.integer({ min: 1, max: MAX_MEMORY_SLOTS }) },
    { name: "hard limit", xml: PLAIN_XML, field: "memtune", desired: n => ({ memtune: { hard_limit: n } }), good: fc.integer({ min: GiB, max: MEMTUNE_UNLIMITED }) },
    { name: "soft limit", xml: PLAIN_XML, field: "memtune", desired: n => ({ memtune: { soft_limit: n } }), good: fc.integer({ min: 0, max: MEMTUNE_UNLIMITED }) },
    { name: "swap hard limit", xml: PLAIN_XML, field: "memtune", desired: n => ({ memtune: { swap_hard_limit: n } }), good: fc.integer({ min: 0, max: MEMTUNE_UNLIMITED }) },
    { name: "memnode cell id", xml: NUMA_XML, field: "memnode", desired: n => ({ memnodes: [{ cellid: n, mode: "strict", nodeset: "0" }] }), good: fc.integer({ min: 0, max: 1 }) },
    { name: "vCPU pin id", xml: NUMA_XML, field: "vcpupin", desired: n => ({ vcpupin: [{ id: n, cpuset: "1" }] }), good: fc.integer({ min: 0, max: 3 }) },
    { name: "IOThread pin id", xml: NUMA_XML, field: "iothreadpin", desired: n => ({ iothreadpin: [{ id: n, cpuset: "1" }] }), good: fc.integer({ min: 1, max: 4 }) },
    { name: "IOThread to add", xml: NUMA_XML, field: "iothread.add", desired: n => ({ iothreadsAdd: [n] }), good: fc.integer({ min: 1, max: 2 ** 32 - 1 }) },
    { name: "IOThread to remove", xml: NUMA_XML, field: "iothread.del", desired: n => ({ iothreadsDel: [n] }), good: fc.integer({ min: 1, max: 2 ** 32 - 1 }) },
    { name: "a disk's IOThread", xml: PLAIN_XML, field: "disk.vda", desired: n => ({ diskIothreads: [{ target: "vda", iothread: n }] }), good: fc.integer({ min: 1, max: 2 ** 32 - 1 }) },
    { name: "IOThread polling maximum", xml: NUMA_XML, field: "iothread.1.poll", desired: n => ({ iothreadPoll: [{ id: 1, maxNs: n }] }), good: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
    { name: "IOThread polling grow", xml: NUMA_XML, field: "iothread.1.poll", desired: n => ({ iothreadPoll: [{ id: 1, grow: n }] }), good: fc.integer({ min: 0, max: 2 ** 32 - 1 }) },
    { name: "guest cell memory", xml: NUMA_XML, field: "cells", desired: n => ({ cells: [cell(0, "0-1", n), cell(1, "2-3", GiB)] }), good: fc.integer({ min: 1, max: 2 ** 40 }) },
    { name: "guest cell id", xml: NUMA_XML, field: "cell", desired: n => ({ cells: [cell(n, "0-1", GiB), cell(1, "2-3", GiB)] }), good: fc.integer({ min: 0, max: 1 }) },
    { name: "guest cell distance", xml: NUMA_XML, field: "cell", desired: n => ({ cells: [cell(0, "0-1", GiB, n), cell(1, "2-3", GiB)] }), good: fc.integer({ min: 10, max: 255 }) },
    { name: "DIMM size", xml: NUMA_XML, field: "dimm.size", desired: n => ({ attachDimms: [{ size: n, node: 0 }] }), good: fc.integer({ min: 1, max: 2 ** 40 }) },
    { name: "DIMM cell", xml: NUMA_XML, field: "dimm.node", desired: n => ({ attachDimms: [{ size: 128 * 1024, node: n }] }), good: fc.integer({ min: 0, max: 1 }) },
    { name: "topology sockets", xml: NUMA_XML, field: "topology", desired: n => ({ topology: { sockets: n, dies: 1, cores: 2, threads: 1 } }), good: fc.integer({ min: 1, max: 64 }) },
    { name: "topology threads", xml: NUMA_XML, field: "topology", desired: n => ({ topology: { sockets: 2, dies: 1, cores: 2, threads: n } }), good: fc.integer({ min: 1, max: 64 }) },
];

/** Out of range although whole and not negative. */
const OUT_OF_RANGE: { name: string; xml: string; field: string; desired: DesiredTuning }[] = [
    { name: "vCPUs above the largest count", xml: PLAIN_XML, field: "vcpu.max", desired: { vcpus: { max: MAX_VCPUS + 1 } } },
    { name: "0 memory", xml: PLAIN_XML, field: "memory.current", desired: { memory: { current: 0 } } },
    { name: "0 maximum memory", xml: PLAIN_XML, field: "memory.max", desired: { memory: { max: 0 } } },
    { name: "0 slots", xml: NUMA_XML, field: "maxMemory.slots", desired: { maxMemory: { size: 8 * GiB, slots: 0 } } },
    { name: "257 slots", xml: NUMA_XML, field: "maxMemory.slots", desired: { maxMemory: { size: 8 * GiB, slots: 257 } } },
    { name: "a memtune limit above unlimited", xml: PLAIN_XML, field: "memtune", desired: { memtune: { hard_limit: MEMTUNE_UNLIMITED + 2 } } },
    { name: "IOThread 0", xml: NUMA_XML, field: "iothreadpin.0", desired: { iothreadpin: [{ id: 0, cpuset: "1" }] } },
    { name: "IOThread 0 added", xml: NUMA_XML, field: "iothread.add", desired: { iothreadsAdd: [0] } },
    { name: "IOThread 2^32 added", xml: NUMA_XML, field: "iothread.add", desired: { iothreadsAdd: [2 ** 32] } },
    { name: "poll-shrink above unsigned int", xml: NUMA_XML, field: "iothread.1.poll", desired: { iothreadPoll: [{ id: 1, shrink: 2 ** 32 }] } },
    { name: "distance 9", xml: NUMA_XML, field: "cell.0.distances", desired: { cells: [cell(0, "0-1", GiB, 9), cell(1, "2-3", GiB)] } },
    { name: "0 sockets", xml: NUMA_XML, field: "topology.sockets", desired: { topology: { sockets: 0, dies: 1, cores: 2, threads: 1 } } },
    { name: "0 DIMM size", xml: NUMA_XML, field: "dimm.size", desired: { attachDimms: [{ size: 0, node: 0 }] } },
    { name: "DIMM on a cell that does not exist", xml: NUMA_XML, field: "dimm.node", desired: { attachDimms: [{ size: 128 * 1024, node: 2 }] } },
    { name: "an unknown memory mode", xml: NUMA_XML, field: "numatune.mode", desired: { numatune: { mode: "lax" as "strict" } } },
];

QUnit.module("fuzz: the planner refuses bad numbers itself, in every area", () => {
    for (const area of AREAS) {
        QUnit.test(`${area.name}: non-integer, negative, NaN, ±Infinity refused with no step`, assert => {
            assertProperty(assert, fc.tuple(bad, anyScope, fc.boolean()), ([n, scope, running]) => {
                const p = plan(planInput(area.xml, running, scope, area.desired(n)));
                expect(p.steps.length === 0, `planned ${p.steps.map(s => s.virsh.split("\n")[0]).join(" | ")}`);
                expect(p.refusals.some(r => r.field.startsWith(area.field) && r.severity === "error" && r.message.length > 0),
                       `refusals ${JSON.stringify(p.refusals)}`);
            });
        });
        QUnit.test(`${area.name}: valid values never throw, and what is planned is well formed`, assert => {
            assertProperty(assert, fc.tuple(area.good, anyScope, fc.boolean()), ([n, scope, running]) => {
                wellFormed(plan(planInput(area.xml, running, scope, area.desired(n))));
            });
        });
    }

    QUnit.test("whole numbers out of range: refused on the field, with no step", assert => {
        for (const c of OUT_OF_RANGE) {
            for (const scope of ["config", "both"] as const) {
                const p = plan(planInput(c.xml, false, scope, c.desired));
                assert.deepEqual([p.steps.length, p.refusals.some(r => r.field.startsWith(c.field))], [0, true],
                                 `${c.name} (${scope}): ${JSON.stringify(p.refusals)}`);
            }
        }
    });

    QUnit.test("every area at once, any numbers: never throws; a step appears only for values the planner accepts", assert => {
        const num = fc.oneof(bad, fc.integer({ min: 0, max: 2 ** 40 }));
        const desired = fc.record({
            vcpus: fc.record({ current: num, max: num }, { requiredKeys: [] }),
            memory: fc.record({ current: num, max: num }, { requiredKeys: [] }),
            memtune: fc.record({ hard_limit: num, soft_limit: num, swap_hard_limit: num }, { requiredKeys: [] }),
            attachDimms: fc.array(fc.record({ size: num, node: num }), { maxLength: 2 }),
            vcpupin: fc.array(fc.record({ id: num, cpuset: fc.constant("1") }), { maxLength: 2 }),
        }, { requiredKeys: [] });
        assertProperty(assert, fc.tuple(desired, anyScope, fc.boolean()), ([d, scope, running]) => {
            const p = plan(planInput(NUMA_XML, running, scope, d as DesiredTuning));
            wellFormed(p);
        });
    });
});
