import QUnit from "qunit";
import { checkHostMemory, dimmRows, exactSizeText, limitInputText, memoryPicture, validateHotplugLimit } from "../../src/model/view/memory-view.ts";
import { memoryStatsFromDbus } from "../../src/libvirt/memory-stats.ts";
import { parseSize } from "../../src/model/values/units.ts";
import type { MemoryDevice, Tuning } from "../../src/model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import { NUMA_XML, PLAIN_XML, tuningOf } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;
const numa = tuningOf(NUMA_XML);
const plain = tuningOf(PLAIN_XML);
const dimm = (over: Partial<MemoryDevice> = {}): MemoryDevice => ({ model: "dimm", size: 131072, node: 0, xml: "<memory/>", ...over });

QUnit.module("memory-view", () => {
    QUnit.test("exact size texts parse back to the same KiB", assert => {
        for (const kib of [1, 1023, 1024, 414852, 524288, 2 * GiB, 3 * GiB + 1024, 307200])
            assert.strictEqual(parseSize(exactSizeText(kib)), kib, exactSizeText(kib));
        assert.strictEqual(exactSizeText(2 * GiB), "2 GiB");
        assert.strictEqual(exactSizeText(307200), "300 MiB");
        assert.strictEqual(limitInputText(undefined), "unlimited");
        assert.strictEqual(limitInputText(MEMTUNE_UNLIMITED), "unlimited");
        assert.strictEqual(limitInputText(GiB), "1 GiB");
    });

    QUnit.test("sizes above the host's memory", assert => {
        assert.deepEqual(checkHostMemory("f", GiB, 2 * GiB), []);
        assert.strictEqual(checkHostMemory("f", 3 * GiB, 2 * GiB)[0]?.severity, "error");
        assert.strictEqual(checkHostMemory("f", 3 * GiB, 2 * GiB, false)[0]?.severity, "warning");
        assert.deepEqual(checkHostMemory("f", 3 * GiB, undefined), [], "host unknown: no claim");
        assert.deepEqual(checkHostMemory("f", MEMTUNE_UNLIMITED, 2 * GiB), [], "unlimited is no size");
    });

    QUnit.test("hotplug limit: both or neither, ≥ memory, slots 1–256, guest NUMA, modules fit", assert => {
        const fields = (t: { size: string; slots: string }, vm: Tuning = numa) => validateHotplugLimit(t, vm).findings.map(f => f.field);
        assert.deepEqual(validateHotplugLimit({ size: "16 GiB", slots: "8" }, numa), { value: { size: 16 * GiB, slots: 8 }, findings: [] });
        assert.deepEqual(validateHotplugLimit({ size: "", slots: "" }, numa), { value: null, findings: [] }, "empty removes it");
        assert.deepEqual(fields({ size: "4 GiB", slots: "" }), ["maxMemory.slots"]);
        assert.deepEqual(fields({ size: "1 GiB", slots: "4" }), ["maxMemory.size"], "below the 2 GiB memory");
        assert.deepEqual(fields({ size: "4 GiB", slots: "0" }), ["maxMemory.slots"]);
        assert.deepEqual(fields({ size: "4 GiB", slots: "257" }), ["maxMemory.slots"]);
        assert.deepEqual(fields({ size: "12 parsecs", slots: "4" }), ["maxMemory.size"]);
        assert.deepEqual(fields({ size: "4 GiB", slots: "4" }, plain), ["maxMemory.size"], "no guest NUMA: libvirt refuses the define");
        const withDimms = { ...numa, memoryDevices: [dimm(), dimm(), dimm()] };
        assert.deepEqual(fields({ size: "8 GiB", slots: "2" }, withDimms), ["maxMemory.slots"]);
        assert.deepEqual(fields({ size: "", slots: "" }, withDimms), ["maxMemory.size"], "modules need a limit");
    });

    QUnit.test("DIMM rows: live and next boot matched by model, size, node and slot", assert => {
        const live = { ...numa, memoryDevices: [dimm({ alias: "dimm0", slot: 0, base: "0x100000000" }), dimm({ alias: "dimm1", slot: 1, size: 262144, node: 1 })] };
        const config = { ...numa, memoryDevices: [dimm({ slot: 0 }), dimm({ slot: 2, size: 524288 })] };
        const rows = dimmRows(live, config);
        assert.deepEqual(rows.map(r => [r.size, r.slot, r.alias ?? null, Boolean(r.live), Boolean(r.config)]), [
            [131072, 0, "dimm0", true, true],
            [262144, 1, "dimm1", true, false],
            [524288, 2, null, false, true],
        ]);
        assert.strictEqual(rows[0]?.base, "0x100000000");
        assert.deepEqual(dimmRows(undefined, undefined), []);
    });

    QUnit.test("memory picture: one scale, missing statistics stay empty", assert => {
        const bars = memoryPicture(524288, 307200, { actual: 307200, usable: 200000, unused: 150000, rss: 400000 });
        assert.deepEqual(bars.map(b => b.id), ["maximum", "current", "actual", "usable", "unused", "rss"]);
        assert.strictEqual(bars[0]?.percent, 100);
        assert.strictEqual(bars[1]?.percent, 58.6);
        const none = memoryPicture(524288, 524288, undefined);
        assert.deepEqual(none.slice(2).map(b => [b.kib, b.percent]), [[undefined, 0], [undefined, 0], [undefined, 0], [undefined, 0]]);
    });

    QUnit.test("MemoryStats a{it}: libvirt's tag numbers → names (as seen from libvirt-dbus 1.4.1)", assert => {
        // busctl call … MemoryStats u 0 on the numa fixture: a{it} 13 6 524288 0 0 1 0 2 0 3 15512 4 380364 5 414852 8 381788 9 1795328881 10 2216 11 0 12 0 7 323020
        const stats = memoryStatsFromDbus({ 6: 524288, 0: 0, 1: 0, 2: 0, 3: 15512, 4: 380364, 5: 414852, 8: 381788, 9: 1795328881, 10: 2216, 11: 0, 12: 0, 7: "323020", 99: 5 });
        assert.deepEqual(stats, {
            actual: 524288, swapIn: 0, swapOut: 0, majorFault: 0, minorFault: 15512, unused: 380364, available: 414852,
            usable: 381788, lastUpdate: 1795328881, diskCaches: 2216, hugetlbPgalloc: 0, hugetlbPgfail: 0, rss: 323020,
        });
        assert.deepEqual(memoryStatsFromDbus(null), {});
    });
});
