// What each libvirt connection refuses, as one table: a user on qemu:///session, an LXC container or
// the test driver (test:///default through /org/libvirt/Test) must be told before anything is sent.
import QUnit from "qunit";
import type { Feature } from "../../src/model/rules/rules-driver.ts";
import { checkScopeRunning, checkSupport, schedulerKeysFor, supports, touchesLive, unsupportedReason } from "../../src/model/rules/rules-driver.ts";
import type { Driver } from "../../src/model/types.ts";

const FEATURES: readonly Feature[] = [
    "scheduler", "vcpupin", "emulatorpin", "iothreadpin", "vcpus-live", "vcpus-config", "memory-live", "memory-config",
    "memtune", "min_guarantee", "numatune", "guest-numa", "dimm",
];

const CONNECTIONS: { name: string; driver: Driver; session: boolean; refused: Feature[] }[] = [
    { name: "qemu:///system", driver: "qemu", session: false, refused: ["min_guarantee"] },
    // no cgroups for a per-user QEMU: pinning and counts still work
    { name: "qemu:///session", driver: "qemu", session: true, refused: ["scheduler", "memtune", "min_guarantee", "numatune"] },
    { name: "lxc:///", driver: "lxc", session: false,
      refused: ["vcpupin", "emulatorpin", "iothreadpin", "vcpus-live", "min_guarantee", "guest-numa", "dimm"] },
    // libvirt's test driver: no scheduler parameters, no device attach
    { name: "test:///default", driver: "test", session: false, refused: ["scheduler", "dimm"] },
];

QUnit.module("rules: driver support", () => {
    QUnit.test("every connection × feature: refused exactly where libvirt refuses, with a reason", assert => {
        for (const c of CONNECTIONS) {
            const refused = FEATURES.filter(f => !supports(c, f));
            assert.deepEqual(refused, c.refused, c.name);
            for (const f of FEATURES) {
                const reason = unsupportedReason(c, f);
                if (c.refused.includes(f))
                    assert.true(typeof reason === "string" && reason.length > 10, `${c.name} ${f}: ${reason ?? ""}`);
                else
                    assert.strictEqual(reason, undefined, `${c.name} ${f}`);
            }
        }
    });

    QUnit.test("the test driver's reasons name the driver and what it lacks", assert => {
        const test = { driver: "test" as const, session: false };
        assert.strictEqual(unsupportedReason(test, "scheduler"), "The test driver has no scheduler parameters");
        assert.strictEqual(unsupportedReason(test, "dimm"), "The test driver cannot attach devices");
        assert.deepEqual(schedulerKeysFor(test), [], "no scheduler field is offered");
        assert.deepEqual(checkSupport(test, "dimm", "dimm.size"),
                         [{ field: "dimm.size", severity: "error", message: "The test driver cannot attach devices" }]);
        assert.deepEqual(checkSupport(test, "vcpupin", "vcpupin.0"), [], "pinning works on the test driver");
    });

    QUnit.test("scheduler keys per connection", assert => {
        assert.deepEqual(schedulerKeysFor({ driver: "qemu", session: false }), [
            "shares", "period", "quota", "global_period", "global_quota",
            "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
        ]);
        assert.deepEqual(schedulerKeysFor({ driver: "lxc", session: false }), ["shares", "period", "quota"]);
        assert.deepEqual(schedulerKeysFor({ driver: "qemu", session: true }), []);
    });

    QUnit.test("scope against the VM's state", assert => {
        assert.deepEqual([touchesLive("live", true), touchesLive("both", true), touchesLive("config", true)], [true, true, false]);
        assert.deepEqual([touchesLive("live", false), touchesLive("both", false)], [false, false], "a shut-off VM has nothing live");
        const refused = checkScopeRunning("live", false, "memory.current");
        assert.deepEqual(refused.map(f => [f.field, f.severity]), [["memory.current", "error"]]);
        assert.true(refused[0]?.message.includes("Next boot"), refused[0]?.message);
        assert.deepEqual(checkScopeRunning("both", false, "memory.current"), [], "both on a shut-off VM is the config");
        assert.deepEqual(checkScopeRunning("live", true, "memory.current"), []);
    });
});
