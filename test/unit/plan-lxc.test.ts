// Containers (lxc:///) and the other connections: libvirt 9.0's LXC driver has no numatune or
// setvcpus call and crashes libvirtd on a scheduler call for a container that is not running, so a
// container's next-boot scheduler, numatune and vCPUs go into a define; the virsh lines name the
// connection. Routes and the connection list per user.
import QUnit from "qunit";
import { plan, rollbackSteps } from "../../src/model/plan/plan.ts";
import type { Plan } from "../../src/model/types.ts";
import { connectionById, connectionsFor } from "../../src/libvirt/connections.ts";
import { parseVmRoute, vmRoute } from "../../src/ui/routes.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { planInput, refusedFields as fields, virshLines as lines } from "./support/tuning-fixture.ts";

const LXC_XML = `<domain type='lxc'>
  <name>ct</name>
  <uuid>77777777-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>131072</memory>
  <currentMemory unit='KiB'>131072</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os><type arch='x86_64'>exe</type><init>/bin/sh</init></os>
  <devices><console type='pty'/></devices>
</domain>`;

const lxc = (running: boolean, scope: "live" | "config" | "both", desired: Parameters<typeof planInput>[3], live?: Parameters<typeof planInput>[4]) =>
    plan({ ...planInput(LXC_XML, running, scope, desired, live), driver: "lxc", uri: "lxc:///" });

function defined(p: Plan): ReturnType<typeof readTuning> {
    const step = p.steps.find(s => s.command === "define");
    if (!step) throw new Error(`no define in ${lines(p).join(" | ")}`);
    return readTuning(String(step.call.args[0]));
}

QUnit.module("plan: LXC containers", () => {
    QUnit.test("next-boot scheduler, numatune and vCPUs: one define, undone by the XML as read", assert => {
        const p = lxc(false, "config", { scheduler: { shares: 512, quota: 50000 }, numatune: { nodeset: "0" }, vcpus: { max: 2, current: 2 } });
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(s => s.command), ["define"], "no schedinfo, numatune or setvcpus call");
        const t = defined(p);
        assert.deepEqual([t.cputune.shares, t.cputune.quota, t.numatune.nodeset, t.numatune.mode ?? "strict", t.vcpu.max, t.vcpu.current],
                         [512, 50000, "0", "strict", 2, 2]);
        assert.true(lines(p)[0]?.startsWith("virsh -c lxc:/// define /dev/stdin"), lines(p)[0]);
        assert.true(rollbackSteps(p.steps)[0]?.virsh.startsWith("virsh -c lxc:/// define"), "the undo names the connection too");
        assert.strictEqual(String(rollbackSteps(p.steps)[0]?.call.args[0]), LXC_XML, "undo: the XML as read");
    });

    QUnit.test("memtune and memory keep their own calls (LXC has them)", assert => {
        const p = lxc(false, "config", { memtune: { soft_limit: 102400 }, memory: { current: 65536 } });
        assert.deepEqual(p.steps.map(s => s.command), ["setmem", "memtune"]);
        assert.true(lines(p).every(l => l.startsWith("virsh -c lxc:/// ")), lines(p).join(" | "));
    });

    QUnit.test("unchanged values: nothing to do", assert => {
        assert.deepEqual(lxc(false, "config", { numatune: { mode: "strict", nodeset: "" } }).steps, [], "empty nodeset is refused, not planned");
        assert.deepEqual(fields(lxc(false, "config", { numatune: { nodeset: "" } })), ["numatune.nodeset"]);
        assert.deepEqual(lxc(false, "config", { vcpus: { max: 1, current: 1 }, scheduler: {} }), { steps: [], refusals: [] });
    });

    QUnit.test("bad values are refused before libvirt sees them", assert => {
        assert.deepEqual(fields(lxc(false, "config", { vcpus: { max: 2, current: 3 } })), ["vcpu.current"]);
        assert.deepEqual(fields(lxc(false, "config", { vcpus: { max: 0 } })), ["vcpu.max"]);
        assert.deepEqual(fields(lxc(false, "config", { scheduler: { shares: 1.5 } })), ["shares"]);
        assert.deepEqual(fields(lxc(false, "config", { numatune: { nodeset: "x" } })), ["numatune.nodeset"]);
    });

    QUnit.test("a running container: the scheduler live by schedinfo; numatune and vCPU counts refused live", assert => {
        const p = lxc(true, "live", { scheduler: { shares: 300 } });
        assert.deepEqual(lines(p), ["virsh -c lxc:/// schedinfo 77777777-2222-3333-4444-555555555555 --live cpu_shares=300"]);
        const both = lxc(true, "both", { scheduler: { shares: 300 } });
        assert.deepEqual(both.steps.map(s => [s.command, s.scope]), [["define", "config"], ["schedinfo", "live"]], "config by define, live by schedinfo");
        assert.deepEqual(fields(lxc(true, "live", { numatune: { nodeset: "0" } })), ["numatune"]);
        assert.deepEqual(fields(lxc(true, "live", { numatune: { nodeset: "x" } })), ["numatune"]);
        assert.deepEqual(fields(lxc(true, "live", { numatune: { mode: "interleave" } })), ["numatune"]);
        assert.deepEqual(fields(lxc(true, "live", { vcpus: { current: 2 } })), ["vcpu.current"]);
        assert.deepEqual(fields(lxc(true, "live", { vcpus: { max: 2 } })), ["vcpu.max"]);
        assert.deepEqual(lxc(true, "live", { vcpus: { current: 1, max: 1 }, numatune: { mode: "strict" } }), { steps: [], refusals: [] });
    });

    QUnit.test("qemu:///session: the same steps as system, with -c", assert => {
        const p = plan({ ...planInput(LXC_XML, false, "config", { vcpupin: [{ id: 0, cpuset: "1" }] }), uri: "qemu:///session" });
        assert.deepEqual(lines(p), ["virsh -c qemu:///session vcpupin 77777777-2222-3333-4444-555555555555 0 1 --config"]);
    });
});

QUnit.module("connections", () => {
    QUnit.test("root has no separate session connection", assert => {
        assert.deepEqual(connectionsFor(0).map(c => c.uri), ["qemu:///system", "lxc:///"]);
        assert.deepEqual(connectionsFor(undefined).map(c => c.uri), ["qemu:///system", "lxc:///"]);
        assert.deepEqual(connectionsFor(1000).map(c => [c.uri, c.bus]),
                         [["qemu:///system", "system"], ["lxc:///", "system"], ["qemu:///session", "session"]]);
        assert.strictEqual(connectionById("lxc")?.driver, "lxc");
        assert.strictEqual(connectionById("nope"), undefined);
    });

    QUnit.test("routes: #/vm/NAME stays qemu:///system; the others carry their connection", assert => {
        assert.deepEqual(vmRoute("system", "a", "cpu"), ["vm", "a", "cpu"]);
        assert.deepEqual(vmRoute("lxc", "a"), ["lxc", "a"]);
        assert.deepEqual(parseVmRoute(["vm", "a", "numa"]), { connection: "system", name: "a", tab: "numa" });
        assert.deepEqual(parseVmRoute(["session", "b"]), { connection: "session", name: "b", tab: undefined });
        assert.deepEqual(parseVmRoute(["lxc", "c", "memory"])?.connection, "lxc");
        assert.strictEqual(parseVmRoute(["host"]), undefined);
        assert.strictEqual(parseVmRoute([]), undefined);
        assert.strictEqual(parseVmRoute(["other", "x"]), undefined);
    });
});
