// Before/after windows (model/perf/window.ts): time-weighted means, gaps, short windows, the rows.
import QUnit from "qunit";
import type { PerfRates } from "../../src/model/perf/types.ts";
import { compareWindows, percentText, recentRates, summarizeWindow, windowNote, windowQuality } from "../../src/model/perf/window.ts";

/** A rate ending at `at` s covering `span` s; vCPU 0/1 steal and the VM group's throttling. */
function rate(at: number, span: number, steal: [number, number], throttled?: number, cpu = 150): PerfRates {
    return {
        at: at * 1000, spanMs: span * 1000, cpuPct: cpu,
        vcpus: [{ id: 0, usedPct: 60, stealPct: steal[0] }, { id: 1, usedPct: 40, stealPct: steal[1] }],
        groups: throttled === undefined ? [] : [
            { group: "vcpu1", throttledPct: throttled / 2, throttledMsPerS: 10 },
            { group: "", throttledPct: throttled, throttledMsPerS: 20 },
        ],
    };
}

QUnit.module("perf window", () => {
    QUnit.test("means are weighted by the time each rate covers", assert => {
        const s = summarizeWindow([rate(3, 3, [30, 10], 60), rate(4, 1, [70, 10], 20)], 0, 4000);
        assert.strictEqual(s.rates, 2);
        assert.strictEqual(s.measuredMs, 4000);
        assert.false(s.gap);
        assert.strictEqual(s.vcpus[0]?.stealPct, 40, "(30·3 + 70·1) / 4");
        assert.strictEqual(s.vcpus[1]?.stealPct, 10);
        assert.deepEqual(s.groups.map(g => g.group), ["", "vcpu1"], "the VM's own group first");
        assert.strictEqual(s.groups[0]?.throttledPct, 50);
        assert.strictEqual(windowQuality(s), "full");
        assert.strictEqual(windowNote(s), undefined);
    });

    QUnit.test("a rate is in a window only when its whole span is", assert => {
        const series = [rate(3, 3, [1, 1]), rate(6, 3, [2, 2]), rate(9, 3, [3, 3])];
        const s = summarizeWindow(series, 3000, 9000);
        assert.strictEqual(s.rates, 2);
        assert.strictEqual(s.vcpus[0]?.stealPct, 2.5);
        assert.strictEqual(summarizeWindow(series, 4000, 9000).rates, 1, "the rate straddling the start is left out");
    });

    QUnit.test("too few readings: the window says how much was measured", assert => {
        const s = summarizeWindow([rate(27, 3, [5, 5])], 0, 30000);
        assert.strictEqual(windowQuality(s), "short");
        assert.strictEqual(windowNote(s), "3 s of 30 s measured");
        const empty = summarizeWindow([], 0, 30000);
        assert.strictEqual(windowQuality(empty), "empty");
        assert.strictEqual(windowNote(empty), "nothing measured");
        assert.strictEqual(empty.cpuPct, undefined);
        assert.deepEqual(compareWindows(empty, empty), [], "no figure, no row");
    });

    QUnit.test("a restart inside the window leaves a hole, and the window says so", assert => {
        // perfRates gives nothing across the restart: the rate ending at 9 s is missing
        const s = summarizeWindow([rate(3, 3, [1, 1]), rate(6, 3, [1, 1]), rate(12, 3, [1, 1]), rate(15, 3, [1, 1])], 0, 15000);
        assert.true(s.gap);
        assert.strictEqual(windowQuality(s), "gap");
        assert.strictEqual(windowNote(s), "12 s of 15 s measured; the VM restarted or readings failed inside the window");
        const tight = summarizeWindow([rate(3, 3, [1, 1]), rate(6.1, 3, [1, 1])], 0, 7000);
        assert.false(tight.gap, "a timer's few ms between readings is no hole");
    });

    QUnit.test("compare: steal falls, throttling falls, per vCPU and per group", assert => {
        const before = summarizeWindow([rate(3, 3, [38, 38], 61)], 0, 3000);
        const after = summarizeWindow([rate(9, 3, [2, 2], 0, 190)], 6000, 9000);
        const rows = compareWindows(before, after);
        const by = (m: string) => rows.find(r => r.metric === m);
        assert.deepEqual(by("steal"), { metric: "steal", label: "steal, mean per vCPU", before: 38, after: 2, text: "38 % → 2.0 %" });
        assert.deepEqual(by("throttled"), { metric: "throttled", label: "throttled (VM)", before: 61, after: 0, text: "61 % → 0.0 %" });
        assert.strictEqual(by("cpu")?.text, "150 % → 190 %");
        assert.strictEqual(by("throttled-vcpu1")?.before, 30.5);
        assert.strictEqual(by("steal-vcpu-1")?.after, 2);
        assert.strictEqual(by("wait"), undefined, "no I/O wait figures: no row");
        assert.deepEqual(rows.map(r => r.metric),
                         ["cpu", "used", "steal", "throttled", "used-vcpu-0", "steal-vcpu-0", "used-vcpu-1", "steal-vcpu-1", "throttled-vcpu1"]);
    });

    QUnit.test("a side without a figure shows a dash; a vCPU added by the change appears", assert => {
        const before = summarizeWindow([rate(3, 3, [10, 10])], 0, 3000);
        const grown: PerfRates = { ...rate(9, 3, [5, 5]), vcpus: [...rate(9, 3, [5, 5]).vcpus, { id: 2, usedPct: 33.33 }] };
        const rows = compareWindows(before, summarizeWindow([grown], 6000, 9000));
        const used2 = rows.find(r => r.metric === "used-vcpu-2");
        assert.deepEqual([used2?.before, used2?.after, used2?.text], [undefined, 33.3, "— → 33 %"]);
        assert.strictEqual(rows.find(r => r.metric === "steal-vcpu-2"), undefined);
        assert.strictEqual(percentText(0.04), "0.0 %");
    });

    QUnit.test("findings' rates: the means of the last 30 s, where each vCPU runs now from the newest rate", assert => {
        assert.strictEqual(recentRates([]), undefined, "nothing read yet");
        // a 3 s burst of 90 % steal after 27 s of none: the finding's 10 % threshold is not crossed
        const series: PerfRates[] = [rate(12, 3, [90, 90])];
        for (let at = 15; at <= 39; at += 3) series.push(rate(at, 3, [0, 0]));
        series.push(rate(42, 3, [90, 0], 40));
        series[series.length - 1]?.vcpus.forEach(v => { v.lastCpu = 7 });
        const r = recentRates(series);
        assert.strictEqual(r?.at, 42000);
        assert.strictEqual(r?.spanMs, 30000, "ten 3 s rates inside [12 s, 42 s]; the one ending at 12 s is out");
        assert.strictEqual(r?.vcpus[0]?.stealPct, 9, "90 for 3 s of 30 s");
        assert.strictEqual(r?.vcpus[0]?.lastCpu, 7, "the newest rate's host CPU");
        assert.strictEqual(r?.groups.find(g => g.group === "")?.throttledPct, 40, "only the newest rate has groups");
        assert.strictEqual(recentRates(series, 3000)?.vcpus[0]?.stealPct, 90, "one rate alone: the burst");
    });
});
