// libvirt's statistics record → counters, and counters → rates: deltas over the span, undefined across
// a restart or a counter going down, host CPU busy time, the 5-minute series.
import QUnit from "qunit";
import { domainCountersFromStats } from "../../src/model/perf/domain-stats.ts";
import { hostCpuBusy, perfRates } from "../../src/model/perf/rates.ts";
import { appendRates } from "../../src/model/perf/series.ts";
import type { PerfRates } from "../../src/model/perf/types.ts";
import { group, sample } from "./support/perf.ts";

// GetAllDomainStats(STATE|CPU_TOTAL|VCPU, ACTIVE) for vmtune-test-numa on the stack (busctl), unwrapped
const NUMA_STATS = {
    "state.state": 1, "state.reason": 1, "cpu.time": 25642532000, "cpu.user": 24069282000, "cpu.system": 1573250000,
    "cpu.cache.monitor.count": 0, "cpu.haltpoll.success.time": 0, "cpu.haltpoll.fail.time": 0,
    "vcpu.current": 2, "vcpu.maximum": 4,
    "vcpu.1.state": 1, "vcpu.1.time": 11610000000, "vcpu.1.wait": 0, "vcpu.1.delay": 16816554211,
    "vcpu.0.state": 1, "vcpu.0.time": 12940000000, "vcpu.0.wait": 0, "vcpu.0.delay": 17665169867,
};

QUnit.module("perf: domain statistics", () => {
    QUnit.test("a real record: totals, vCPUs in order", assert => {
        assert.deepEqual(domainCountersFromStats("vmtune-test-numa", NUMA_STATS), {
            name: "vmtune-test-numa", state: 1, cpuTimeNs: 25642532000, cpuUserNs: 24069282000, cpuSystemNs: 1573250000,
            vcpuCurrent: 2, vcpuMaximum: 4,
            vcpus: [
                { id: 0, state: 1, timeNs: 12940000000, waitNs: 0, delayNs: 17665169867 },
                { id: 1, state: 1, timeNs: 11610000000, waitNs: 0, delayNs: 16816554211 },
            ],
        });
    });

    QUnit.test("counters as strings, halted where reported, missing and odd fields", assert => {
        const d = domainCountersFromStats("x", {
            "cpu.time": "18446744073709551", "vcpu.0.time": 5, "vcpu.0.halted": true, "vcpu.2.halted": "no",
            "vcpu.3.halted": 1, "vcpu.4.halted": "maybe", "vcpu.2.delay": "-3", "vcpu.x.time": 1, "state.state": Number.NaN,
        });
        assert.strictEqual(d.cpuTimeNs, 18446744073709551);
        assert.strictEqual(d.state, undefined);
        assert.strictEqual(d.cpuUserNs, undefined);
        assert.deepEqual(d.vcpus.map(v => [v.id, v.halted, v.timeNs, v.delayNs]),
            [[0, true, 5, undefined], [2, false, undefined, undefined], [3, true, undefined, undefined], [4, undefined, undefined, undefined]]);
        assert.deepEqual(domainCountersFromStats("empty", {}).vcpus, []);
    });
});

QUnit.module("perf: rates", () => {
    QUnit.test("vCPU used / steal / wait as % of one host CPU; last CPU from the vCPU's thread", assert => {
        const prev = sample({
            at: 10000, pid: 7, cpuTimeNs: 1e9,
            vcpus: [{ id: 0, timeNs: 1e9, delayNs: 0, waitNs: 0 }, { id: 1, timeNs: 2e9, delayNs: 1e9 }],
        });
        const next = sample({
            at: 13000, pid: 7, cpuTimeNs: 1e9 + 4.5e9,
            vcpus: [{ id: 0, timeNs: 1e9 + 2.7e9, delayNs: 0.3e9, waitNs: 0.03e9, halted: false }, { id: 1, timeNs: 2e9 + 1.5e9, delayNs: 1e9 + 1.2e9 }],
            threads: [{ tid: 9, name: "CPU 1/KVM", lastCpu: 5 }, { tid: 8, name: "CPU 0/KVM", lastCpu: 2 }, { tid: 7, name: "qemu-system-x86", lastCpu: 0 }],
        });
        const r = perfRates(prev, next);
        assert.strictEqual(r?.spanMs, 3000);
        assert.strictEqual(r?.at, 13000);
        assert.strictEqual(r?.cpuPct, 150);
        assert.deepEqual(r?.vcpus, [
            { id: 0, usedPct: 90, stealPct: 10, waitPct: 1, halted: false, lastCpu: 2 },
            { id: 1, usedPct: 50, stealPct: 40, waitPct: undefined, halted: undefined, lastCpu: 5 },
        ]);
    });

    QUnit.test("groups: throttled share of periods, throttled ms per s, pressure over the span", assert => {
        const prev = sample({ at: 0, groups: [group("", 100, 10, 0, 1000), group("vcpu0", 50, 0, 0), group("gone", 1, 1, 1)] });
        const next = sample({ at: 2000, groups: [group("", 120, 25, 600000, 301000), group("vcpu0", 50, 0, 0), group("new", 5, 5, 5, 9)] });
        const r = perfRates(prev, next);
        assert.deepEqual(r?.groups, [
            { group: "", throttledPct: 75, throttledMsPerS: 300, pressureSome: 15 },
            { group: "vcpu0", throttledPct: undefined, throttledMsPerS: 0, pressureSome: undefined },
        ], "no period elapsed: no share; groups present once only: no rate");
    });

    QUnit.test("pressure: avg10 where the earlier reading had none", assert => {
        const r = perfRates(sample({ at: 0, groups: [group("", 1, 0, 0)] }), sample({ at: 1000, groups: [group("", 2, 0, 0, 50)] }));
        assert.strictEqual(r?.groups[0]?.pressureSome, 1.5);
    });

    QUnit.test("a restart or a counter going down: no rates", assert => {
        const base = { at: 0, pid: 7, cpuTimeNs: 5e9, vcpus: [{ id: 0, timeNs: 5e9, delayNs: 1e9 }], groups: [group("", 10, 1, 100)] };
        const later = { ...base, at: 3000 };
        assert.notStrictEqual(perfRates(sample(base), sample(later)), undefined, "the same counters a moment later: rates (all 0)");
        assert.strictEqual(perfRates(sample(base), sample({ ...later, pid: 8 })), undefined, "another QEMU pid");
        assert.strictEqual(perfRates(sample(base), sample({ ...later, cpuTimeNs: 1e9 })), undefined, "cpu.time went down");
        assert.strictEqual(perfRates(sample(base), sample({ ...later, vcpus: [{ id: 0, timeNs: 6e9, delayNs: 0 }] })), undefined, "delay went down");
        assert.strictEqual(perfRates(sample(base), sample({ ...later, groups: [group("", 2, 0, 0)] })), undefined, "cgroup re-created");
        assert.strictEqual(perfRates(sample(base), sample({ ...later, groups: [group("", 10, 1, 100, 5)] })) === undefined, false,
            "pressure appearing is no reset");
        assert.strictEqual(perfRates(sample(later), sample(base)), undefined, "no span");
        assert.notStrictEqual(perfRates(sample({ ...base, pid: undefined }), sample({ ...later, pid: 8 })), undefined,
            "a pid missing on one side (host not readable then) says nothing about a restart");
    });

    QUnit.test("a vCPU without a time on both sides (just plugged, offline) has no rate", assert => {
        const r = perfRates(sample({ at: 0, vcpus: [{ id: 0, timeNs: 1 }] }), sample({ at: 1000, vcpus: [{ id: 0, timeNs: 1e6 }, { id: 1, timeNs: 5 }, { id: 2, state: 0 }] }));
        assert.deepEqual(r?.vcpus.map(v => v.id), [0]);
        assert.strictEqual(r?.cpuPct, undefined);
    });

    QUnit.test("host CPU busy %: per CPU between two /proc/stat readings", assert => {
        const busy = hostCpuBusy(
            [{ cpu: 0, busy: 100, total: 1000 }, { cpu: 1, busy: 500, total: 1000 }, { cpu: 2, busy: 1, total: 2 }, { cpu: 3, busy: 9, total: 10 }],
            [{ cpu: 0, busy: 150, total: 1200 }, { cpu: 1, busy: 500, total: 1000 }, { cpu: 2, busy: 0, total: 3 }, { cpu: 3, busy: 20, total: 20 }, { cpu: 4, busy: 1, total: 1 }],
        );
        assert.deepEqual([...busy], [[0, 25], [3, 100]], "no time passed, counters down, or not there before: left out");
    });
});

QUnit.module("perf: series", () => {
    const r = (at: number): PerfRates => ({ at, spanMs: 3000, vcpus: [], groups: [] });

    QUnit.test("keeps the last 5 minutes, oldest first", assert => {
        let series = appendRates([], r(0));
        for (let at = 3000; at <= 306000; at += 3000)
            series = appendRates(series, r(at));
        assert.strictEqual(series[0]?.at, 6000);
        assert.strictEqual(series[series.length - 1]?.at, 306000);
        assert.strictEqual(series.length, 101);
        assert.deepEqual(appendRates([r(0), r(10)], r(20), 10).map(x => x.at), [10, 20], "a shorter window");
    });

    QUnit.test("a reading not after the last one (the clock went back) starts again", assert => {
        assert.deepEqual(appendRates([r(0), r(3000)], r(3000)).map(x => x.at), [3000]);
        assert.deepEqual(appendRates([r(0), r(3000)], r(100)).map(x => x.at), [100]);
    });
});
