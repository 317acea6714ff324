// Planning from a VM snapshot (issue 12, 3): a persistent VM is planned only from its own next-boot
// definition; a failed read refuses with its reason instead of planning from the live XML; a
// transient VM has no next boot. Define lines carry the secret for copying and show it masked.
import QUnit from "qunit";
import { planFor } from "../../src/model/vm/plan-for.ts";
import type { Vm as DomainSnapshot } from "../../src/model/vm/vm.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { installXmldom } from "./support/xml-canon.ts";

installXmldom();

const XML = `<domain type='qemu'>
  <name>vm</name>
  <uuid>7d1d3f1e-3c55-4b5a-9a58-3f4a2f0f6b11</uuid>
  <memory unit='KiB'>524288</memory>
  <currentMemory unit='KiB'>524288</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <cputune>
    <shares>1024</shares>
  </cputune>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <cpu mode='custom' match='exact'>
    <topology sockets='1' dies='1' cores='4' threads='1'/>
  </cpu>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' passwd='Vt-s3cr7'/>
  </devices>
</domain>
`;

function vm(over: Partial<DomainSnapshot>): DomainSnapshot {
    return {
        connection: { id: "system", uri: "qemu:///system", path: "/org/libvirt/QEMU", bus: "system", driver: "qemu" } as unknown as DomainSnapshot["connection"],
        path: "/p", name: "vm", uuid: "7d1d3f1e-3c55-4b5a-9a58-3f4a2f0f6b11", state: "running", active: true, persistent: true,
        liveXml: XML, live: readTuning(XML), configXml: XML, config: readTuning(XML), sched: { shares: 1024 }, ...over,
    };
}

const TOPOLOGY = { topology: { sockets: 2, dies: 1, cores: 2, threads: 1 } };

QUnit.module("planFor", () => {
    QUnit.test("a failed next-boot read refuses every scope with its reason, never plans from the live XML", assert => {
        const reason = "The next-boot definition could not be read: internal error: boom";
        const broken = vm({ configXml: undefined, config: undefined, configError: reason, error: reason });
        for (const scope of ["config", "both", "live"] as const) {
            const p = planFor(broken, scope, 2, { scheduler: { shares: 700 } });
            assert.deepEqual(p.steps, [], `${scope}: no step`);
            assert.deepEqual(p.refusals.map(r => r.message), [reason], `${scope}: the read error`);
        }
    });

    QUnit.test("a transient VM: next boot refused with the reason; live planned from its running definition", assert => {
        const transient = vm({ persistent: false, configXml: undefined, config: undefined });
        const p = planFor(transient, "config", 2, TOPOLOGY);
        assert.deepEqual(p.steps, []);
        assert.true(/transient/.test(p.refusals[0]?.message ?? ""), p.refusals[0]?.message);
        assert.strictEqual(planFor(transient, "both", 2, { scheduler: { shares: 700 } }).steps.length, 0, "both refused too");
        const live = planFor(transient, "live", 2, { scheduler: { shares: 700 } });
        assert.deepEqual(live.steps.map(s => `${s.command} ${s.scope}`), ["schedinfo live"]);
    });

    QUnit.test("a define step: the exact XML with the password sent and copied, masked where shown", assert => {
        const p = planFor(vm({ active: false, state: "shutoff", liveXml: undefined, live: undefined, sched: undefined }), "config", 2, TOPOLOGY);
        assert.deepEqual(p.steps.map(s => s.command), ["define"]);
        const step = p.steps[0];
        assert.true(/passwd=["']Vt-s3cr7["']/.test(String(step?.call.args[0])), "sent with the password");
        assert.true(/passwd=["']Vt-s3cr7["']/.test(step?.virsh ?? ""), "copied with the password");
        assert.false(step?.shown?.includes("Vt-s3cr7") ?? true, "shown without it");
        assert.false(step?.inverse?.shown?.includes("Vt-s3cr7") ?? true, "the undo shown without it");
    });
});
