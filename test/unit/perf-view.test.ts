// The Performance tab's rows and chart points: one sample and its rates shown as tables, the series as
// sparkline paths (gaps break the line) with the numbers behind them.
import QUnit from "qunit";
import {
    CHART_WINDOW_MS, chartScale, groupRows, numaRows, numatuneText, pctText, pctValue, sparkPath, usecText, vcpuCharts, vcpuRows,
} from "../../src/model/view/perf-view.ts";
import type { PerfRates, PerfSample } from "../../src/model/perf/types.ts";
import type { Tuning } from "../../src/model/types.ts";
import { NUMA_XML, tuningOf, variant } from "./support/tuning-fixture.ts";

const live: Tuning = variant(tuningOf(NUMA_XML), t => { t.cputune.vcpupin = [{ id: 0, cpuset: "3,1-2" }]; });

const sample: PerfSample = {
    at: 1000,
    pid: 42,
    domain: {
        name: "vm1",
        vcpus: [
            { id: 1, state: 1, timeNs: 5, delayNs: 1, halted: true },
            { id: 0, state: 1, timeNs: 9, delayNs: 2, halted: false },
        ],
    },
    groups: [
        { group: "emulator", cpu: { periods: 10, throttledPeriods: 0, throttledUsec: 0 } },
        { group: "vcpu10", cpu: { periods: 10, throttledPeriods: 0, throttledUsec: 0 } },
        { group: "zz", cpu: { periods: 1, throttledPeriods: 0, throttledUsec: 0 } },
        { group: "iothread1", cpu: { periods: 3, throttledPeriods: 1, throttledUsec: 5 } },
        { group: "vcpu2", cpu: { periods: 10, throttledPeriods: 4, throttledUsec: 1500 } },
        { group: "", cpu: { periods: 100, throttledPeriods: 61, throttledUsec: 2500000 }, pressure: { some: { avg10: 12.5, avg60: 1, avg300: 0, totalUsec: 9 } } },
    ],
    threads: [{ tid: 7, name: "CPU 1/KVM", lastCpu: 6 }, { tid: 8, name: "CPU 0/KVM", lastCpu: 5 }],
};

const rates: PerfRates = {
    at: 1000, spanMs: 3000,
    vcpus: [{ id: 0, usedPct: 12.345, stealPct: 38, waitPct: 0, lastCpu: 3 }],
    groups: [{ group: "", throttledPct: 61.04, throttledMsPerS: 200 }, { group: "vcpu2", throttledMsPerS: 0, pressureSome: 3 }],
};

QUnit.module("perf view: tables", () => {
    QUnit.test("numbers as data values and as text", assert => {
        assert.strictEqual(pctValue(12.345), "12.3");
        assert.strictEqual(pctValue(undefined), "");
        assert.strictEqual(pctValue(NaN), "");
        assert.strictEqual(pctText(0), "0.0 %");
        assert.strictEqual(pctText(undefined), "—");
        assert.deepEqual([12, 1500, 2500000].map(usecText), ["12 µs", "2 ms", "2.5 s"]);
    });

    QUnit.test("a row per vCPU: rates where there are any, else the counters; pin, else <vcpu cpuset>, else all", assert => {
        const rows = vcpuRows(sample, rates, live, "0-7");
        assert.deepEqual(rows.map(r => [r.id, r.label, r.used, r.steal, r.wait, r.haltedText, r.lastCpu, r.pin, r.pinned]), [
            [0, "vCPU 0", 12.345, 38, 0, "no", 3, "1-3", true],
            [1, "vCPU 1", undefined, undefined, undefined, "yes", 6, "0-7", false],
        ]);
        const withCpuset = variant(live, t => { t.vcpu.cpuset = "4-5,^5"; });
        assert.strictEqual(vcpuRows(sample, undefined, withCpuset, "0-7")[1]?.pin, "4");
        const odd = variant(live, t => { t.vcpu.cpuset = "bogus"; });
        assert.strictEqual(vcpuRows(sample, undefined, odd, "0-7")[1]?.pin, "bogus", "unparsable text is shown as is");
        assert.deepEqual(vcpuRows(undefined, rates, undefined, "").map(r => [r.id, r.haltedText, r.pin]), [[0, "—", ""]]);
        assert.deepEqual(vcpuRows(undefined, undefined, live, "0"), []);
    });

    QUnit.test("a row per cgroup: the VM first, vCPUs by number, emulator, IOThreads, the rest", assert => {
        const rows = groupRows(sample, rates, { global_quota: 50000, quota: -1, emulator_quota: 1000, emulator_period: 10000 });
        assert.deepEqual(rows.map(r => r.key), ["vm", "vcpu2", "vcpu10", "emulator", "iothread1", "zz"]);
        assert.deepEqual(rows.map(r => r.label), ["Whole VM", "vCPU 2", "vCPU 10", "Emulator", "IOThread 1", "zz"]);
        assert.deepEqual(rows[0], {
            key: "vm", label: "Whole VM", periods: 100, throttledPeriods: 61, throttledUsec: 2500000, throttledPct: 61.04, pressureSome: 12.5,
            limit: "global_quota 50000 µs per global_period 100000 µs",
        });
        assert.deepEqual(rows.map(r => r.limit), [
            "global_quota 50000 µs per global_period 100000 µs", "no vcpu_quota", "no vcpu_quota",
            "emulator_quota 1000 µs per emulator_period 10000 µs", "no iothread_quota", "",
        ]);
        assert.strictEqual(rows[1]?.pressureSome, 3, "the rates' pressure where the sample has none");
        const both = groupRows(sample, { ...rates, groups: [{ group: "", throttledMsPerS: 0, pressureSome: 7 }] });
        assert.strictEqual(both[0]?.pressureSome, 7, "the span's pressure before the kernel's 10 s average");
        assert.strictEqual(rows[2]?.throttledPct, undefined);
        assert.deepEqual(groupRows(undefined, rates), []);
        assert.strictEqual(groupRows(sample, undefined)[0]?.limit, "no global_quota");
    });

    QUnit.test("memory per host node with huge pages; numatune in words", assert => {
        const rows = numaRows({ kibByNode: { 1: 3 * 1024 * 1024, 0: 1024 * 1024 }, hugeKibByNode: { 1: 2 * 1024 * 1024, 2: 0 } });
        assert.deepEqual(rows.map(r => [r.node, r.kib, r.pct, r.sizeText, r.hugeText]), [
            [0, 1048576, 25, "1 GiB", "—"],
            [1, 3145728, 75, "3 GiB", "2 GiB"],
            [2, 0, 0, "0 KiB", "—"],
        ]);
        assert.deepEqual(numaRows(undefined), []);
        assert.deepEqual(numaRows({ kibByNode: { 0: 0 }, hugeKibByNode: {} }).map(r => r.pct), [0]);
        assert.strictEqual(numatuneText(live), "numatune: strict 0");
        assert.strictEqual(numatuneText(variant(live, t => { t.numatune = { mode: "interleave", nodeset: "1,0", memnodes: [] }; })), "numatune: interleave 0-1");
        assert.strictEqual(numatuneText(variant(live, t => { t.numatune = { memnodes: [] }; })), "numatune: not set; the kernel puts the memory on any host node");
        assert.strictEqual(numatuneText(variant(live, t => { t.numatune = { placement: "auto", memnodes: [] }; })), "numatune: placement auto (numad chooses the host nodes)");
        assert.strictEqual(numatuneText(undefined), "");
    });
});

QUnit.module("perf view: charts", () => {
    const at = (s: number, used: number, steal?: number): PerfRates => ({
        at: s * 1000, spanMs: 3000, groups: [],
        vcpus: [{ id: 0, usedPct: used, ...(steal === undefined ? {} : { stealPct: steal }) }, { id: 1, usedPct: 1 }],
    });

    QUnit.test("points of the last five minutes, the title and the table", assert => {
        const series = [at(0, 99, 50), at(400, 10, 1), at(403, 20), at(406, 30, 5)];
        const charts = vcpuCharts(series);
        assert.strictEqual(charts.length, 2);
        const [c0, c1] = charts;
        assert.deepEqual(c0?.used, [{ x: -6000, y: 10 }, { x: -3000, y: 20 }, { x: 0, y: 30 }], "older than 5 minutes left out");
        assert.deepEqual(c0?.steal, [{ x: -6000, y: 1 }, { x: 0, y: 5 }]);
        assert.strictEqual(c0?.title, "vCPU 0, last 5 minutes: used 30.0 % now (at most 30.0 %), waiting for a host CPU 5.0 % now (at most 5.0 %)");
        assert.deepEqual(c0?.rows.map(r => [r.time, r.used, r.steal]), [["6 s ago", "10.0 %", "1.0 %"], ["3 s ago", "20.0 %", "—"], ["now", "30.0 %", "5.0 %"]]);
        assert.strictEqual(c1?.title, "vCPU 1, last 5 minutes: used 1.0 % now (at most 1.0 %)");
        assert.deepEqual([c0?.yMax, c1?.yMax], [50, 10], "the scale is a step above the highest point");
        assert.deepEqual([0, 10, 10.1, 99, 100, 150, 400, 401, 1234].map(chartScale), [10, 10, 25, 100, 100, 200, 400, 500, 1300]);
        assert.deepEqual(vcpuCharts([]), []);
        // a vCPU unplugged in between has no point there
        const gap = vcpuCharts([{ at: 0, spanMs: 3000, groups: [], vcpus: [] }, at(3, 5)]);
        assert.deepEqual(gap[0]?.used, [{ x: 0, y: 5 }]);
    });

    QUnit.test("the path: right edge is now, top is yMax, clamped, broken across gaps", assert => {
        const w = 300;
        const h = 30;
        assert.strictEqual(sparkPath([], w, h), "");
        assert.strictEqual(sparkPath([{ x: -CHART_WINDOW_MS, y: 0 }, { x: -CHART_WINDOW_MS / 2, y: 50 }, { x: 0, y: 100 }], w, h, 100, CHART_WINDOW_MS),
                           "M0.0,30.0 L150.0,15.0 L300.0,0.0");
        assert.strictEqual(sparkPath([{ x: -3000, y: 150 }, { x: 0, y: -5 }], w, h), "M297.0,0.0 L300.0,30.0");
        assert.strictEqual(sparkPath([{ x: -60000, y: 10 }, { x: -30000, y: 10 }, { x: -27000, y: 10 }], w, h, 10),
                           "M240.0,0.0 M270.0,0.0 L273.0,0.0");
    });
});
