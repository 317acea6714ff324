// The balloon statistics period as a reviewed plan step (Op "memstat-period"): its virsh line, its
// D-Bus call, its exact inverse, and the scope rules libvirt applies.
import QUnit from "qunit";
import { plan, rollbackSteps } from "../../src/model/plan/plan.ts";
import { AFFECT_CONFIG, AFFECT_LIVE } from "../../src/model/flags.ts";
import { NUMA_XML, PLAIN_XML, planInput as input, refusedFields as fields } from "./support/tuning-fixture.ts";

const NO_BALLOON = PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='none'/>");
const WITH_PERIOD = PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='virtio'><stats period='5'/></memballoon>");

QUnit.module("plan: memstat-period", () => {
    QUnit.test("live on a running VM: dommemstat --period N --live, SetMemoryStatsPeriod, undone to the old period", assert => {
        const p = plan(input(NUMA_XML, true, "live", { memstatPeriod: 2 }));
        assert.deepEqual(fields(p), []);
        assert.strictEqual(p.steps.length, 1);
        const step = p.steps[0];
        assert.deepEqual([step?.command, step?.scope, step?.virsh], ["dommemstat", "live", "virsh dommemstat 11111111-2222-3333-4444-555555555555 --period 2 --live"]);
        assert.deepEqual(step?.call, { target: "domain", method: "SetMemoryStatsPeriod", signature: "iu", args: [2, AFFECT_LIVE] });
        // no <stats period> is period 0 for libvirt: 0 restores the absent element exactly
        assert.deepEqual([step?.inverse?.virsh, step?.inverse?.call.args], ["virsh dommemstat 11111111-2222-3333-4444-555555555555 --period 0 --live", [0, AFFECT_LIVE]]);
        assert.deepEqual(rollbackSteps(p.steps).map(s => s.virsh), ["virsh dommemstat 11111111-2222-3333-4444-555555555555 --period 0 --live"]);
    });

    QUnit.test("both sides equal: one step with --live --config; the inverse restores the period that was set", assert => {
        const p = plan(input(WITH_PERIOD, true, "both", { memstatPeriod: 0 }));
        assert.deepEqual(p.steps.map(s => [s.scope, s.virsh, s.inverse?.virsh]),
                         [["both", "virsh dommemstat 66666666-2222-3333-4444-555555555555 --period 0 --live --config", "virsh dommemstat 66666666-2222-3333-4444-555555555555 --period 5 --live --config"]]);
        assert.deepEqual(p.steps[0]?.call.args, [0, AFFECT_LIVE | AFFECT_CONFIG]);
    });

    QUnit.test("next boot on a shut-off VM is fine; live on a shut-off VM is refused", assert => {
        const config = plan(input(PLAIN_XML, false, "config", { memstatPeriod: 10 }));
        assert.deepEqual(config.steps.map(s => s.virsh), ["virsh dommemstat 66666666-2222-3333-4444-555555555555 --period 10 --config"]);
        const live = plan(input(PLAIN_XML, false, "live", { memstatPeriod: 10 }));
        assert.deepEqual([live.steps.length, fields(live)], [0, ["memballoon.period"]], "not running: nothing can change live");
    });

    QUnit.test("the same period plans nothing; no balloon, negative, fractional, NaN or huge values are refused", assert => {
        assert.deepEqual(plan(input(WITH_PERIOD, true, "both", { memstatPeriod: 5 })).steps, [], "unchanged");
        const none = plan(input(NO_BALLOON, true, "live", { memstatPeriod: 2 }));
        assert.deepEqual([none.steps.length, fields(none)], [0, ["memballoon.period"]], "no balloon device");
        for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 31]) {
            const p = plan(input(PLAIN_XML, true, "live", { memstatPeriod: bad }));
            assert.deepEqual([p.steps.length, fields(p)], [0, ["memballoon.period"]], `refused: ${bad}`);
        }
    });

    QUnit.test("an LXC container has no balloon: refused", assert => {
        const p = plan({ ...input(PLAIN_XML, false, "config", { memstatPeriod: 2 }), driver: "lxc" });
        assert.deepEqual(p.steps, []);
        assert.true(fields(p).includes("memballoon.period"));
    });
});
