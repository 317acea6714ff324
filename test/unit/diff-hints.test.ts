import QUnit from "qunit";
import { diffTuning, diffValues } from "../../src/model/domain/diff.ts";
import { hintFor } from "../../src/model/view/hints.ts";
import type { Tuning } from "../../src/model/types.ts";

function tuning(): Tuning {
    return {
        name: "vm", uuid: "u", domainType: "kvm",
        vcpu: { max: 4, current: 2 }, vcpus: [], iothreads: 0, iothreadIds: [],
        cputune: { vcpupin: [], iothreadpin: [], vcpusched: [], iothreadsched: [], shares: 1024 },
        cpu: { cells: [], features: [] }, numatune: { memnodes: [] }, disks: [],
        memory: 524288, currentMemory: 524288, memtune: {}, hugepages: [], memoryDevices: [], memoryBacking: { nosharepages: false, locked: false, discard: false }, acpi: true,
    };
}

QUnit.module("diff", () => {
    QUnit.test("reports each changed path with old and new value", assert => {
        const a = tuning(), b = tuning();
        b.cputune.shares = 777;
        b.cputune.vcpupin = [{ id: 1, cpuset: "1" }];
        const changes = diffTuning(a, b);
        assert.true(changes.includes("cputune.shares: 1024 → 777"), JSON.stringify(changes));
        assert.true(diffTuning(a, b).some(l => l.startsWith("cputune.vcpupin.0")), "a new pin is listed by its path");
        assert.deepEqual(diffTuning(a, tuning()), [], "equal reads: no change");
    });

    QUnit.test("the balloon's own movement is no conflict; a definition that appears or vanishes is", assert => {
        const a = tuning(), b = tuning();
        b.currentMemory = 400000;
        assert.deepEqual(diffTuning(a, b, { ignoreVolatile: true }), []);
        assert.deepEqual(diffTuning(a, b), ["currentMemory: 524288 → 400000"]);
        assert.deepEqual(diffTuning(a, undefined), ["definition removed"]);
        assert.deepEqual(diffTuning(undefined, a), ["definition added"]);
        assert.deepEqual(diffTuning(undefined, undefined), []);
    });

    QUnit.test("any values: unset shown as ∅, arrays against objects", assert => {
        assert.deepEqual(diffValues({ q: 1 }, { q: undefined }, "live"), ["live.q: 1 → ∅"]);
        assert.deepEqual(diffValues([1], { 0: 1 }, "x"), ["x: [1] → {\"0\":1}"]);
        assert.deepEqual(diffValues({ xml: "<a/>" }, { xml: "<b/>" }, "d"), [], "device XML is not compared twice");
    });
});

QUnit.module("hints", () => {
    QUnit.test("known libvirt messages get an explanation", assert => {
        const cases = [
            "invalid argument: cannot set memory higher than max memory",
            "Requested operation is not valid: cannot resize the maximum memory on an active domain",
            "internal error: unable to execute QEMU command 'device_del': not supported device type",
            "operation failed: vcpu unplug request timed out",
            "cannot limit locked memory of process 123 to 18446744073709551615: Operation not permitted",
            "invalid argument: Empty cpu list for pinning",
            "Requested operation is not valid: can't change numatune mode for running domain",
            "Requested operation is not valid: domain is not running",
            "invalid argument: invalid type 'uint' for parameter 'hard_limit', expected 'ullong'",
            "access denied",
            "invalid argument: requested vcpus is greater than max allowable vcpus for the live domain: 6 > 4",
        ];
        for (const message of cases)
            assert.true((hintFor(message) ?? "").length > 10, message);
        assert.strictEqual(hintFor("something nobody has seen"), undefined);
    });
});
