// The overview's texts per VM (model/view/summary.ts): what a user reads in the VM table.
import QUnit from "qunit";
import { SUMMARY_FIELDS, summarize } from "../../src/model/view/summary.ts";
import { MEMTUNE_UNLIMITED } from "../../src/model/types.ts";
import { NUMA_XML, PLAIN_XML, tuningOf, variant } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;

QUnit.module("summary", () => {
    QUnit.test("a VM with guest NUMA, a pin, a memory binding and hotplug slots", assert => {
        assert.deepEqual(summarize(tuningOf(NUMA_XML)), {
            vcpus: "2 / 4",
            pinning: "1 of 4 vCPUs pinned",
            shares: "1024",
            memory: "2 GiB / 2 GiB",
            hardLimit: "unlimited",
            numatune: "strict 0",
            cells: "2",
            dimms: "0 of 4 slots",
        });
    });

    QUnit.test("a VM with nothing tuned shows dashes and libvirt's defaults", assert => {
        const s = summarize(tuningOf(PLAIN_XML));
        assert.deepEqual(s, {
            vcpus: "1 / 2", pinning: "Not pinned", shares: undefined, memory: "1 GiB / 2 GiB",
            hardLimit: "unlimited", numatune: "—", cells: "—", dimms: "—",
        });
        assert.deepEqual(Object.keys(s).sort(), [...SUMMARY_FIELDS].sort(), "one text per field the table shows");
    });

    QUnit.test("the scheduler's value wins over the XML's for a running VM", assert => {
        assert.strictEqual(summarize(tuningOf(NUMA_XML), { shares: 777 }).shares, "777");
        assert.strictEqual(summarize(tuningOf(PLAIN_XML), { shares: 100 }).shares, "100");
        assert.strictEqual(summarize(tuningOf(NUMA_XML), {}).shares, "1024", "no scheduler value: the XML's");
    });

    QUnit.test("pinning, binding, limit and DIMM texts", assert => {
        const t = variant(tuningOf(PLAIN_XML), v => {
            v.cputune.emulatorpin = "4-5";
            v.memtune.hard_limit = 3 * GiB;
            v.numatune = { placement: "auto", memnodes: [] };
            v.memoryDevices = [{ model: "dimm", size: GiB, xml: "<memory/>" }, { model: "virtio-mem", size: GiB, xml: "<memory/>" }];
        });
        const s = summarize(t);
        assert.strictEqual(s.pinning, "emulator on 4-5");
        assert.strictEqual(s.hardLimit, "3 GiB");
        assert.strictEqual(s.numatune, "strict, automatic");
        assert.strictEqual(s.dimms, "1", "without <maxMemory>: the count of DIMMs (virtio-mem is not one)");

        const all = summarize(variant(tuningOf(PLAIN_XML), v => {
            v.vcpu.cpuset = "0-3";
            v.memtune.hard_limit = MEMTUNE_UNLIMITED;
            v.numatune = { mode: "interleave", memnodes: [] };
        }));
        assert.strictEqual(all.pinning, "all vCPUs on 0-3");
        assert.strictEqual(all.hardLimit, "unlimited");
        assert.strictEqual(all.numatune, "interleave");
    });
});
