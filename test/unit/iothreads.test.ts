// IOThreads: add/remove (AddIOThread / DelIOThread) with their inverses and libvirt's rules, a disk's
// IOThread for next boot (the define written by writeDiskIothreads), and polling set live through
// `virsh iothreadset` (no libvirt-dbus method) with the old values as its inverse.
import QUnit from "qunit";
import { plan, rollbackSteps } from "../../src/model/plan/plan.ts";
import { editTuning, readTuning } from "../../src/model/domain/domain-xml.ts";
import { AFFECT_CONFIG, AFFECT_LIVE } from "../../src/model/flags.ts";
import { iothreadPollFromStats } from "../../src/model/vm/iothread-poll.ts";
import { iothreadWish } from "../../src/model/rules/rules-iothreads.ts";
import { canonicalXml } from "../../src/model/domain/xml-compare.ts";
import { PLAIN_XML, planInput as input, refusedFields as fields } from "./support/tuning-fixture.ts";

function match(assert: Assert, text: string, re: RegExp): void {
    assert.true(re.test(text), `${re} in: ${text}`);
}

const UUID = "66666666-2222-3333-4444-555555555555";

/** PLAIN_XML with IOThreads 1 and 3, 3 pinned, and two disks: vda (virtio, on IOThread 1) and sda (sata). */
const IO_XML = PLAIN_XML
    .replace("<vcpu placement='static' current='1'>2</vcpu>", `<vcpu placement='static' current='1'>2</vcpu>
  <iothreads>2</iothreads>
  <iothreadids>
    <iothread id='1'/>
    <iothread id='3'/>
  </iothreadids>
  <cputune>
    <iothreadpin iothread='3' cpuset='1'/>
  </cputune>`)
    .replace("<devices>", `<devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' iothread='1'/>
      <source file='/var/lib/a.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <source file='/var/lib/b.img'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/c.img'/>
      <target dev='sda' bus='sata'/>
    </disk>`);

const POLL = [{ id: 1, maxNs: 32768, grow: 0, shrink: 0 }, { id: 3, maxNs: 32768, grow: 0, shrink: 0 }];

QUnit.module("iothreads: add and remove", () => {
    QUnit.test("add on a running VM, both sides: one AddIOThread with live|config, undone by DelIOThread", assert => {
        const p = plan(input(IO_XML, true, "both", { iothreadsAdd: [2] }));
        assert.deepEqual(fields(p), []);
        assert.deepEqual(p.steps.map(s => [s.command, s.scope, s.virsh]), [["iothreadadd", "both", `virsh iothreadadd ${UUID} 2 --live --config`]]);
        assert.deepEqual(p.steps[0]?.call, { target: "domain", method: "AddIOThread", signature: "uu", args: [2, AFFECT_LIVE | AFFECT_CONFIG] });
        assert.deepEqual(rollbackSteps(p.steps).map(s => [s.virsh, s.call.method, s.call.args]),
                         [[`virsh iothreaddel ${UUID} 2 --live --config`, "DelIOThread", [2, AFFECT_LIVE | AFFECT_CONFIG]]]);
    });

    QUnit.test("an id that exists is refused on the side that has it; 0, fractions and duplicates never reach a step", assert => {
        const p = plan(input(IO_XML, true, "live", { iothreadsAdd: [1] }));
        assert.deepEqual([p.steps.length, fields(p)], [0, ["iothread.1"]]);
        match(assert, p.refusals[0]?.message ?? "", /already exists in the running VM/);
        for (const bad of [[0], [1.5], [Number.NaN], [2 ** 32], [4, 4]]) {
            const q = plan(input(IO_XML, true, "live", { iothreadsAdd: bad }));
            assert.deepEqual([q.steps.length, fields(q)], [0, ["iothread.add"]], `refused: ${JSON.stringify(bad)}`);
        }
        const both = plan(input(IO_XML, true, "live", { iothreadsAdd: [5], iothreadsDel: [5] }));
        assert.deepEqual(fields(both), ["iothread.add"], "added and removed at once");
    });

    QUnit.test("remove an unpinned, unused IOThread for next boot: DelIOThread --config, undone by AddIOThread", assert => {
        const xml = IO_XML.replace(" iothread='1'", "");
        const p = plan(input(xml, false, "config", { iothreadsDel: [1] }));
        assert.deepEqual(fields(p), []);
        assert.deepEqual(p.steps.map(s => [s.virsh, s.call.method, s.call.args, s.inverse?.virsh]),
                         [[`virsh iothreaddel ${UUID} 1 --config`, "DelIOThread", [1, AFFECT_CONFIG], `virsh iothreadadd ${UUID} 1 --config`]]);
    });

    QUnit.test("a disk using the IOThread: removal refused with the disk named, on each side", assert => {
        const live = plan(input(IO_XML, true, "live", { iothreadsDel: [1] }));
        assert.deepEqual([live.steps.length, fields(live)], [0, ["iothread.1"]]);
        match(assert, live.refusals[0]?.message ?? "", /used by disk vda in the running VM/);
        const config = plan(input(IO_XML, false, "config", { iothreadsDel: [1] }));
        match(assert, config.refusals[0]?.message ?? "", /used by disk vda for next boot/);
    });

    QUnit.test("the same change moving the disk off first: define, then the removal; rollback in reverse", assert => {
        const p = plan(input(IO_XML, false, "config", { diskIothreads: [{ target: "vda", iothread: null }], iothreadsDel: [1] }));
        assert.deepEqual(fields(p), []);
        assert.deepEqual(p.steps.map(s => s.command), ["define", "iothreaddel"]);
        assert.deepEqual(rollbackSteps(p.steps).map(s => s.command), ["iothreadadd", "define"]);
    });

    QUnit.test("a pinned IOThread: the step says the pin goes; live rollback adds it back unpinned, next boot restores the definition", assert => {
        const p = plan(input(IO_XML, true, "both", { iothreadsDel: [3] }));
        assert.deepEqual(fields(p), []);
        assert.deepEqual(p.steps.map(s => [s.scope, s.command]), [["live", "iothreaddel"], ["config", "iothreaddel"]]);
        match(assert, p.steps[0]?.description ?? "", /pin to host CPUs 1 goes with it; a rollback adds it back unpinned/);
        match(assert, p.steps[1]?.description ?? "", /pin to host CPUs 1 goes with it\)$/);
        assert.deepEqual([p.steps[0]?.inverse?.command, p.steps[1]?.inverse?.command], ["iothreadadd", "define"]);
        assert.strictEqual(p.steps[1]?.inverse?.call.args[0], IO_XML, "the definition as read");
    });

    QUnit.test("a missing id is refused; a VM not running cannot change live", assert => {
        const p = plan(input(IO_XML, true, "live", { iothreadsDel: [7] }));
        match(assert, p.refusals[0]?.message ?? "", /IOThread 7 does not exist in the running VM/);
        const off = plan(input(IO_XML, false, "live", { iothreadsAdd: [2] }));
        assert.deepEqual([off.steps.length, fields(off)], [0, ["iothread.2.add"]]);
    });
});

QUnit.module("iothreads: a disk's IOThread for next boot", () => {
    QUnit.test("assign vdb to IOThread 3: one define, only <driver iothread> added to that disk", assert => {
        const p = plan(input(IO_XML, true, "config", { diskIothreads: [{ target: "vdb", iothread: 3 }] }));
        assert.deepEqual(fields(p), []);
        assert.deepEqual(p.steps.map(s => [s.command, s.scope, s.needsRestart]), [["define", "config", true]]);
        const xml = String(p.steps[0]?.call.args[0]);
        assert.deepEqual(readTuning(xml).disks, [
            { target: "vda", bus: "virtio", iothread: 1 }, { target: "vdb", bus: "virtio", iothread: 3 }, { target: "sda", bus: "sata" },
        ]);
        const expected = IO_XML.replace("<source file='/var/lib/b.img'/>", "<driver iothread='3'/>\n      <source file='/var/lib/b.img'/>");
        assert.strictEqual(xml, expected.replace(/'/g, "\""), "the <driver> first in the disk, indented like its siblings; nothing else moved");
        assert.strictEqual(p.steps[0]?.inverse?.call.args[0], IO_XML);
    });

    QUnit.test("none: the attribute goes, other driver attributes stay; an emptied <driver/> goes", assert => {
        const out = editTuning(IO_XML, { disks: [{ target: "vda", iothread: null }] });
        assert.strictEqual(out, IO_XML.replace(" iothread='1'", "").replace(/'/g, "\""));
        const bare = IO_XML.replace("<driver name='qemu' type='raw' iothread='1'/>", "<driver iothread='1'/>");
        const cleared = editTuning(bare, { disks: [{ target: "vda", iothread: null }] });
        assert.strictEqual(canonicalXml(cleared), canonicalXml(bare.replace("<driver iothread='1'/>\n      ", "")));
        assert.strictEqual(editTuning(IO_XML, { disks: [{ target: "vdb", iothread: null }] }), IO_XML.replace(/'/g, "\""), "nothing to remove");
    });

    QUnit.test("refused before sending: a sata disk, an IOThread that will not exist, a disk not there", assert => {
        const sata = plan(input(IO_XML, false, "config", { diskIothreads: [{ target: "sda", iothread: 1 }] }));
        match(assert, sata.refusals.map(r => r.message).join(), /Disk sda is on bus sata: only virtio disks/);
        const missing = plan(input(IO_XML, false, "config", { diskIothreads: [{ target: "vdb", iothread: 2 }] }));
        match(assert, missing.refusals.map(r => r.message).join(), /IOThread 2 does not exist for next boot/);
        const sameChange = plan(input(IO_XML, false, "config", { iothreadsAdd: [2], diskIothreads: [{ target: "vdb", iothread: 2 }] }));
        match(assert, sameChange.refusals.map(r => r.message).join(), /IOThread 2 is added by this same change/);
        const removed = plan(input(IO_XML, false, "config", { iothreadsDel: [3], diskIothreads: [{ target: "vdb", iothread: 3 }] }));
        match(assert, removed.refusals.map(r => r.message).join(), /IOThread 3 is removed by this same change/);
        const none = plan(input(IO_XML, false, "config", { diskIothreads: [{ target: "vdz", iothread: 1 }] }));
        match(assert, none.refusals.map(r => r.message).join(), /no disk vdz/);
        assert.throws(() => editTuning(IO_XML, { disks: [{ target: "vdz", iothread: 1 }] }), /The definition has no disk vdz/);
    });

    QUnit.test("the planner's own input check: a disk without a name, an IOThread id out of range", assert => {
        for (const bad of [{ target: "", iothread: 1 }, { target: "vdb", iothread: 0 }, { target: "vdb", iothread: 1.5 }]) {
            const p = plan(input(IO_XML, false, "config", { diskIothreads: [bad] }));
            assert.deepEqual([p.steps.length, p.refusals.length], [0, 1], JSON.stringify(bad));
        }
    });

    QUnit.test("only for next boot: Live alone is refused", assert => {
        const p = plan(input(IO_XML, true, "live", { diskIothreads: [{ target: "vdb", iothread: 3 }] }));
        assert.deepEqual([p.steps.length, fields(p)], [0, ["disks.iothread"]]);
    });
});

QUnit.module("iothreads: polling, live only through virsh iothreadset", () => {
    const withPoll = (t: { iothreadPoll?: typeof POLL | undefined }) => { t.iothreadPoll = structuredClone(POLL) };

    QUnit.test("the changed keys only, as the exact argument array shown; the inverse sets the old values", assert => {
        const p = plan({ ...input(IO_XML, true, "live", { iothreadPoll: [{ id: 3, maxNs: 1000, grow: 2, shrink: 0 }] }, withPoll), uri: "qemu:///system" });
        assert.deepEqual(fields(p), []);
        assert.strictEqual(p.steps.length, 1);
        const step = p.steps[0];
        assert.deepEqual([step?.command, step?.scope], ["iothreadset", "live"]);
        assert.strictEqual(step?.virsh, `virsh -c qemu:///system iothreadset ${UUID} 3 --poll-max-ns 1000 --poll-grow 2 --live`);
        assert.deepEqual(step?.call, { target: "virsh", method: "iothreadset", signature: "",
                                       args: ["iothreadset", UUID, "3", "--poll-max-ns", "1000", "--poll-grow", "2", "--live"] });
        // the client runs `virsh -c URI` + args: the line shown is that array, word for word
        assert.strictEqual(step?.virsh, ["virsh", "-c", "qemu:///system", ...(step?.call.args ?? [])].join(" "));
        assert.deepEqual(step?.inverse?.call.args, ["iothreadset", UUID, "3", "--poll-max-ns", "32768", "--poll-grow", "0", "--live"]);
        match(assert, step?.description ?? "", /IOThread 3: poll-max-ns 1000, poll-grow 2 \(libvirt-dbus has no method for this: the virsh line shown is what runs\)$/);
    });

    QUnit.test("unchanged plans nothing; not reported, next boot, both and a missing IOThread are refused", assert => {
        assert.deepEqual(plan(input(IO_XML, true, "live", { iothreadPoll: [{ id: 1, maxNs: 32768 }] }, withPoll)).steps, []);
        const unknown = plan(input(IO_XML, true, "live", { iothreadPoll: [{ id: 1, maxNs: 0 }] }));
        match(assert, unknown.refusals[0]?.message ?? "", /did not report the polling of IOThread 1/);
        for (const scope of ["config", "both"] as const) {
            const p = plan(input(IO_XML, true, scope, { iothreadPoll: [{ id: 1, maxNs: 0 }] }, withPoll));
            assert.deepEqual([p.steps.length, fields(p)], [0, ["iothread.poll"]], scope);
            match(assert, p.refusals[0]?.message ?? "", /running VM only.*choose Live/);
        }
        const off = plan(input(IO_XML, false, "config", { iothreadPoll: [{ id: 1, maxNs: 0 }] }));
        match(assert, off.refusals[0]?.message ?? "", /only be set while the VM runs/);
        const gone = plan(input(IO_XML, true, "live", { iothreadPoll: [{ id: 2, maxNs: 0 }] }, withPoll));
        match(assert, gone.refusals[0]?.message ?? "", /IOThread 2 does not exist in the running VM/);
        for (const bad of [{ maxNs: -1 }, { grow: 2 ** 32 }, { shrink: 0.5 }, { maxNs: Number.NaN }]) {
            const p = plan(input(IO_XML, true, "live", { iothreadPoll: [{ id: 1, ...bad }] }, withPoll));
            assert.deepEqual([p.steps.length, fields(p)], [0, ["iothread.1.poll"]], JSON.stringify(bad));
        }
    });

    QUnit.test("GetStats' IOTHREAD group read by id; incomplete or foreign keys are left out", assert => {
        assert.deepEqual(iothreadPollFromStats({
            "iothread.count": 2,
            "iothread.5.poll-max-ns": 1000, "iothread.5.poll-grow": 2, "iothread.5.poll-shrink": 0,
            "iothread.1.poll-max-ns": 32768, "iothread.1.poll-grow": 0, "iothread.1.poll-shrink": 0,
            "iothread.2.poll-max-ns": 5, "iothread.2.poll-grow": "x",
            "vcpu.0.time": 3,
        }), [{ id: 1, maxNs: 32768, grow: 0, shrink: 0 }, { id: 5, maxNs: 1000, grow: 2, shrink: 0 }]);
    });
});

QUnit.module("iothreads: the card's draft as the planner's wish", () => {
    const empty = { add: "", del: [], disks: {}, poll: {} };

    QUnit.test("ids to add as a list, removals, disks (empty = none), polling per key", assert => {
        const { wish, findings } = iothreadWish({
            add: " 2, 4 6", del: [3], disks: { vda: "2", vdb: "" },
            poll: { 1: { maxNs: "1000", grow: "2" }, 3: {} },
        });
        assert.deepEqual(findings, []);
        assert.deepEqual(wish, {
            iothreadsAdd: [2, 4, 6], iothreadsDel: [3],
            diskIothreads: [{ target: "vda", iothread: 2 }, { target: "vdb", iothread: null }],
            iothreadPoll: [{ id: 1, maxNs: 1000, grow: 2 }],
        });
        assert.deepEqual(iothreadWish(empty), { wish: {}, findings: [] }, "nothing typed: nothing wished");
    });

    QUnit.test("what does not parse is a finding on its field, never a value", assert => {
        const { wish, findings } = iothreadWish({
            add: "2, x, 0, 2", del: [], disks: { vda: "1.5" },
            poll: { 1: { maxNs: "-1", grow: "4294967296", shrink: "" } },
        });
        assert.deepEqual(findings.map(f => f.field), ["iothread.add", "iothread.add", "iothread.add", "disk.vda", "iothread.1.maxNs", "iothread.1.grow", "iothread.1.shrink"]);
        assert.true(findings[2]?.message.includes("IOThread 2 is listed twice"), findings[2]?.message);
        assert.deepEqual(wish, { iothreadsAdd: [2] });
    });
});
