// The VM as read (model/vm): which definition a card starts from per scope, the live side as the
// kernel enforces it, and the rule context a VM's cards validate in.
import QUnit from "qunit";
import type { Vm } from "../../src/model/vm/vm.ts";
import { configOrLive, effectiveLive, sideForScope } from "../../src/model/vm/vm.ts";
import { ruleContextFor } from "../../src/model/vm/rule-context.ts";
import { definitionAfter } from "../../src/model/vm/definition-after.ts";
import { NUMA_XML, PLAIN_XML, syntheticHost, tuningOf } from "./support/tuning-fixture.ts";

const running = tuningOf(NUMA_XML);
const nextBoot = tuningOf(PLAIN_XML);
const QEMU = { uri: "qemu:///system", driver: "qemu", session: false } as const;

function vm(over: Partial<Vm>): Vm {
    return {
        connection: QEMU, path: "/org/libvirt/QEMU/domain/_1", name: "vm1", uuid: "u", state: "running",
        active: true, persistent: true, live: running, config: nextBoot, ...over,
    };
}

QUnit.module("vm", () => {
    QUnit.test("the definition a draft would leave: the XML as read, edited and read back; or why not", assert => {
        const v = vm({ configXml: PLAIN_XML });
        assert.deepEqual(definitionAfter(v, nextBoot, undefined), { tuning: nextBoot }, "no change: the definition itself");
        assert.deepEqual(definitionAfter(vm({}), nextBoot, { kvmHintDedicated: true }), { tuning: nextBoot }, "no XML read: nothing to edit");
        const edited = definitionAfter(v, nextBoot, { kvmHintDedicated: true });
        assert.true("tuning" in edited && edited.tuning.kvmHintDedicated === true, "the edit read back");
        assert.true("tuning" in edited && edited.tuning.memory === nextBoot.memory, "the rest as it was");
        const refused = definitionAfter(v, nextBoot, { cputune: { vcpusched: [{ scheduler: "fifo", ids: "0" }] } });
        assert.true("error" in refused && /priority/.test(refused.error), "an edit libvirt would refuse: the reason");
    });

    QUnit.test("the side a scope starts from", assert => {
        const both = vm({});
        assert.strictEqual(sideForScope(both, "config"), nextBoot, "next boot: the persistent definition");
        assert.strictEqual(sideForScope(both, "live"), running, "live: the running definition");
        assert.strictEqual(sideForScope(both, "both"), running, "both: the running definition");
        assert.strictEqual(configOrLive(both), nextBoot);

        const shutOff = vm({ active: false, state: "shutoff", live: undefined });
        assert.strictEqual(sideForScope(shutOff, "live"), nextBoot, "shut off: the definition it will boot");
        assert.strictEqual(sideForScope(shutOff, "config"), nextBoot);

        const transient = vm({ persistent: false, config: undefined });
        assert.strictEqual(configOrLive(transient), running, "a transient VM's only definition stands in");
        assert.strictEqual(sideForScope(transient, "config"), running);
        assert.strictEqual(configOrLive(vm({ live: undefined, config: undefined })), undefined, "nothing read: nothing");
    });

    QUnit.test("effective live values: the scheduler's override the live XML's, nothing else changes", assert => {
        const v = vm({ sched: { shares: 777, period: 100000 } });
        const live = effectiveLive(v);
        assert.deepEqual(live?.cputune, { ...running.cputune, shares: 777, period: 100000 });
        assert.deepEqual({ ...live, cputune: running.cputune }, running, "the rest is the live XML's");
        assert.strictEqual(running.cputune.shares, 1024, "the read is not modified");
        assert.deepEqual(effectiveLive(vm({ sched: undefined })), running);
        assert.strictEqual(effectiveLive(vm({ live: undefined })), undefined, "shut off: no live side");
    });

    QUnit.test("rule context from the connection, the host and the VM's state", assert => {
        const host = syntheticHost(2, 4);
        assert.deepEqual(ruleContextFor(vm({}), QEMU, host, 2), {
            driver: "qemu", session: false, running: true, hostCpus: host.totalCpus, hostNodes: [0, 1], cgroup: "v2",
        });
        const lxc = ruleContextFor(vm({ active: false }), { uri: "lxc:///", driver: "lxc", session: false }, host, 1);
        assert.deepEqual([lxc.driver, lxc.running, lxc.cgroup], ["lxc", false, "v1"]);
        assert.strictEqual(ruleContextFor(vm({}), { ...QEMU, session: true }, host, undefined).cgroup, "v1", "cgroup version unknown: v1, as before");
    });
});
