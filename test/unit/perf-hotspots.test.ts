// Host hot spots (model/perf/hotspots.ts) from two all-VM statistics readings.
import QUnit from "qunit";
import type { DomainCounters } from "../../src/model/perf/types.ts";
import { hotSpots, quotaLimitPct } from "../../src/model/perf/hotspots.ts";

const S = 1e9;

/** A VM whose vCPUs have used `time` and waited `delay` seconds, and `cpu` seconds in all. */
function vm(name: string, vcpus: [time: number, delay: number][], cpu?: number): DomainCounters {
    return {
        name, cpuTimeNs: cpu === undefined ? undefined : cpu * S,
        vcpus: vcpus.map(([time, delay], id) => ({ id, timeNs: time * S, delayNs: delay * S })),
    };
}

QUnit.module("perf hotspots", () => {
    QUnit.test("vCPUs ranked by the time they waited for a host CPU", assert => {
        const prev = [vm("a", [[0, 0], [0, 0]]), vm("b", [[0, 0]]), vm("c", [[0, 0]])];
        const next = [vm("a", [[1, 0.3], [1, 1.5]]), vm("b", [[2, 0.9]]), vm("c", [[2, 0.01]])];
        const spots = hotSpots({ prev, next, spanMs: 3000 });
        assert.deepEqual(spots.map(s => [s.kind, s.vm, s.vcpu, Math.round(s.value)]),
                         [["steal", "a", 1, 50], ["steal", "b", 0, 30], ["steal", "a", 0, 10]],
                         "c's 0.3 % is below the threshold");
        assert.strictEqual(spots[0]?.text, "vCPU 1 waits 50 % of the time for a host CPU");
        assert.strictEqual(hotSpots({ prev, next, spanMs: 3000 }, { top: 1 }).length, 1);
    });

    QUnit.test("a VM started or restarted between readings gives no figure", assert => {
        const prev = [vm("a", [[5, 5]])];
        const next = [vm("a", [[1, 0.5]]), vm("new", [[1, 1]])];
        assert.deepEqual(hotSpots({ prev, next, spanMs: 1000 }), [], "counters went down; no earlier reading");
        assert.deepEqual(hotSpots({ prev, next: [vm("a", [[6, 6]])], spanMs: 0 }), [], "no time between readings");
    });

    QUnit.test("at its quota: per vCPU (quota/period) and for the whole VM (global)", assert => {
        const prev = [vm("q", [[0, 0], [0, 0]], 0), vm("free", [[0, 0]], 0)];
        const next = [vm("q", [[0.48, 0], [0.1, 0]], 0.6), vm("free", [[1, 0]], 1)];
        const sched = new Map([
            ["q", { quota: 50000, period: 100000, global_quota: 60000, global_period: 100000 }],
            ["free", { quota: -1, period: 100000, global_quota: 17592186044415, global_period: 100000 }],
        ]);
        const spots = hotSpots({ prev, next, spanMs: 1000, sched });
        assert.deepEqual(spots.map(s => [s.kind, s.vm, s.vcpu, Math.round(s.value)]),
                         [["throttled", "q", undefined, 100], ["throttled", "q", 0, 96]], "vCPU 1 at 20 % of its quota is none");
        assert.strictEqual(spots[1]?.text, "vCPU 0 uses 48 % of a host CPU, its quota allows 50 %");
        assert.strictEqual(spots[0]?.text, "uses 60 % of a host CPU, its quota for the whole VM allows 60 %");
    });

    QUnit.test("quota limits", assert => {
        assert.strictEqual(quotaLimitPct(150000, 100000), 150);
        assert.strictEqual(quotaLimitPct(-1, 100000), undefined);
        assert.strictEqual(quotaLimitPct(17592186044415, 100000), undefined);
        assert.strictEqual(quotaLimitPct(undefined, 100000), undefined);
        assert.strictEqual(quotaLimitPct(1000, 0), undefined);
    });

    QUnit.test("remote memory where a placement is known", assert => {
        const spots = hotSpots({ prev: [], next: [], spanMs: 1000, remotePct: new Map([["x", 8], ["y", 92], ["z", 0]]) });
        assert.deepEqual(spots.map(s => [s.kind, s.vm, s.value]), [["remote-memory", "y", 92], ["remote-memory", "x", 8]]);
        assert.strictEqual(spots[0]?.text, "92 % of its memory is on another node");
    });
});
