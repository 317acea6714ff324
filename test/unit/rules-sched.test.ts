// Thread scheduling: libvirt's rules, the real-time rules against the placement map (a CPU of its own,
// never every host CPU), the host's RT throttling in words, the planner's define and refusals, and the
// writer's minimal edits.
import QUnit from "qunit";
import { checkSchedDefinition, checkThreadSched } from "../../src/model/rules/rules.ts";
import type { SchedHost, SchedSet } from "../../src/model/rules/rules.ts";
import { parseRtThrottle, rtThrottleText } from "../../src/model/host/rt-throttle.ts";
import { editTuning, readTuning } from "../../src/model/domain/domain-xml.ts";
import { plan } from "../../src/model/plan/plan.ts";
import type { Finding, ThreadSched } from "../../src/model/types.ts";
import { planInput, refusedFields, syntheticHost, tuningOf, virshLines } from "./support/tuning-fixture.ts";

// like vmtune-test-off: 4 vCPUs pinned 0,1,0,1, the emulator on 0-1, one IOThread
const OFF_XML = `<domain type='kvm'>
  <name>off</name>
  <uuid>12121212-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>524288</memory>
  <vcpu placement='static' current='2'>4</vcpu>
  <iothreads>1</iothreads>
  <cputune>
    <vcpupin vcpu='0' cpuset='0'/>
    <vcpupin vcpu='1' cpuset='1'/>
    <vcpupin vcpu='2' cpuset='0'/>
    <vcpupin vcpu='3' cpuset='1'/>
    <emulatorpin cpuset='0-1'/>
  </cputune>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices/>
</domain>
`;

const off = tuningOf(OFF_XML);
const twoCpus: SchedHost = { host: syntheticHost(1, 2, 1), vms: [] };
const fourCpus: SchedHost = { host: syntheticHost(1, 4, 1), vms: [] };
const sched = (vcpusched: ThreadSched[], more: Partial<SchedSet> = {}): SchedSet => ({ vcpusched, iothreadsched: [], ...more });
const errors = (f: Finding[]) => f.filter(x => x.severity === "error").map(x => x.message);
const warnings = (f: Finding[]) => f.filter(x => x.severity === "warning").map(x => x.message);

QUnit.module("thread scheduling rules", () => {
    QUnit.test("fifo and rr need a priority 1-99; batch and idle take none", assert => {
        const check = (s: ThreadSched) => errors(checkSchedDefinition(sched([s]), off));
        assert.deepEqual(check({ ids: "1", scheduler: "fifo", priority: 1 }), []);
        assert.deepEqual(check({ ids: "1", scheduler: "rr", priority: 99 }), []);
        assert.deepEqual(check({ ids: "1", scheduler: "batch" }), []);
        for (const priority of [undefined, 0, 100, 1.5]) {
            const s: ThreadSched = priority === undefined ? { ids: "1", scheduler: "fifo" } : { ids: "1", scheduler: "fifo", priority };
            assert.true(check(s).some(m => /needs a priority from 1 \(lowest\) to 99/.test(m)), `fifo priority ${String(priority)} refused`);
        }
        assert.true(check({ ids: "1", scheduler: "idle", priority: 5 }).some(m => /idle takes no priority/.test(m)));
        assert.true(check({ ids: "1", scheduler: "deadline" as ThreadSched["scheduler"] }).some(m => /Unknown scheduler/.test(m)));
    });

    QUnit.test("ids must exist, be named, and have one policy each", assert => {
        assert.true(errors(checkSchedDefinition(sched([{ ids: "3-4", scheduler: "batch" }]), off)).some(m => /no vCPUs 4$/.test(m)));
        assert.true(errors(checkSchedDefinition(sched([{ scheduler: "batch" }]), off)).some(m => /Name the vCPUs/.test(m)));
        assert.true(errors(checkSchedDefinition(sched([{ ids: "0-1", scheduler: "batch" }, { ids: "1", scheduler: "idle" }]), off))
            .some(m => /vCPUs 1 already have a policy/.test(m)));
        assert.deepEqual(errors(checkSchedDefinition(sched([], { iothreadsched: [{ ids: "1", scheduler: "batch" }] }), off)), []);
        assert.true(errors(checkSchedDefinition(sched([], { iothreadsched: [{ ids: "2", scheduler: "batch" }] }), off))
            .some(m => /no IOThreads 2/.test(m)));
    });

    QUnit.test("real-time vCPUs sharing a host CPU are refused; sharing with other threads is a warning", assert => {
        const shared = checkThreadSched("off", sched([{ ids: "0", scheduler: "fifo", priority: 1 }, { ids: "2", scheduler: "fifo", priority: 1 }]), off, twoCpus);
        assert.true(errors(shared).some(m => /Real-time vCPU 0 would share host CPU 0 with real-time vCPU 2 of off:/.test(m)), errors(shared).join());
        assert.strictEqual(errors(shared).filter(m => /would share host CPU 0/.test(m)).length, 1, "said once per host CPU");
        const one = checkThreadSched("off", sched([{ ids: "1", scheduler: "fifo", priority: 1 }]), off, twoCpus);
        assert.deepEqual(errors(one), []);
        assert.true(warnings(one).some(m => /Host CPU 1 of real-time vCPU 1 is not dedicated: vCPU 3 of off, the emulator of off/.test(m)), warnings(one).join());
    });

    QUnit.test("a real-time vCPU must be pinned to exactly one CPU", assert => {
        const floating = tuningOf(OFF_XML.replace("<vcpupin vcpu='1' cpuset='1'/>", ""));
        assert.true(errors(checkThreadSched("off", sched([{ ids: "1", scheduler: "rr", priority: 5 }]), floating, twoCpus))
            .some(m => /vCPU 1 is not pinned/.test(m)));
        const wide = tuningOf(OFF_XML.replace("<vcpupin vcpu='1' cpuset='1'/>", "<vcpupin vcpu='1' cpuset='0-1'/>"));
        assert.true(errors(checkThreadSched("off", sched([{ ids: "1", scheduler: "rr", priority: 5 }]), wide, twoCpus))
            .some(m => /may run on CPUs 0-1: a real-time vCPU needs exactly one/.test(m)));
    });

    QUnit.test("a dedicated CPU: nothing else of this VM, nor another VM (from the placement map)", assert => {
        const dedicated = tuningOf(OFF_XML.replace("<vcpupin vcpu='1' cpuset='1'/>", "<vcpupin vcpu='1' cpuset='2'/>")
            .replace("<emulatorpin cpuset='0-1'/>", "<emulatorpin cpuset='3'/>\n    <iothreadpin iothread='1' cpuset='3'/>"));
        const rt = sched([{ ids: "1", scheduler: "fifo", priority: 10 }]);
        assert.deepEqual(checkThreadSched("off", rt, dedicated, fourCpus), [], "CPU 2 is its own");
        // a floating IOThread may run on it
        const floating = { ...dedicated, cputune: { ...dedicated.cputune, iothreadpin: [] } };
        assert.true(warnings(checkThreadSched("off", rt, floating, fourCpus)).some(m => /IOThread 1 of off may run there/.test(m)));
        const neighbour = tuningOf(OFF_XML.replace("<name>off</name>", "<name>other</name>"));
        const other = { ...neighbour, cputune: { ...neighbour.cputune, vcpupin: [{ id: 0, cpuset: "2" }] } };
        const found = checkThreadSched("off", rt, dedicated, { ...fourCpus, vms: [{ name: "other", running: false, config: other }] });
        assert.true(warnings(found).some(m => /Host CPU 2 of real-time vCPU 1 is not dedicated: vCPU 0 of other/.test(m)), warnings(found).join());
        // this VM's own entry in the list is its old self: the draft's pins count, not those
        const self = checkThreadSched("off", rt, dedicated, { ...fourCpus, vms: [{ name: "off", running: false, config: off }] });
        assert.deepEqual(self, []);
    });

    QUnit.test("never real-time threads on every host CPU", assert => {
        const t = tuningOf(OFF_XML.replace("<vcpupin vcpu='2' cpuset='0'/>", "").replace("<vcpupin vcpu='3' cpuset='1'/>", "")
            .replace("<emulatorpin cpuset='0-1'/>", "<emulatorpin cpuset='0'/>").replace("<vcpu placement='static' current='2'>4</vcpu>", "<vcpu placement='static'>2</vcpu>"));
        const both = checkThreadSched("off", sched([{ ids: "0-1", scheduler: "fifo", priority: 1 }]), t, twoCpus);
        assert.true(errors(both).some(m => /Real-time threads would run on every host CPU \(0-1\)/.test(m)), errors(both).join());
        assert.false(errors(checkThreadSched("off", sched([{ ids: "1", scheduler: "fifo", priority: 1 }]), t, twoCpus))
            .some(m => /every host CPU/.test(m)), "one CPU left");
        // another VM's real-time vCPU on CPU 0 counts too
        const other = { ...t, name: "other", cputune: { ...t.cputune, vcpupin: [{ id: 0, cpuset: "0" }], vcpusched: [{ ids: "0", scheduler: "rr" as const, priority: 1 }] } };
        const withOther = checkThreadSched("off", sched([{ ids: "1", scheduler: "fifo", priority: 1 }]), t,
            { ...twoCpus, vms: [{ name: "other", running: false, config: other }] });
        assert.true(errors(withOther).some(m => /every host CPU/.test(m)), errors(withOther).join());
        // a real-time emulator that floats runs everywhere
        assert.true(errors(checkThreadSched("off", sched([], { emulatorsched: { scheduler: "fifo", priority: 1 } }),
            { ...t, cputune: { ...t.cputune, emulatorpin: undefined } }, twoCpus)).some(m => /every host CPU/.test(m)));
    });

    QUnit.test("the host's RT throttling, in words; unthrottled warns", assert => {
        assert.deepEqual(parseRtThrottle("950000\n", "1000000\n"), { runtimeUs: 950000, periodUs: 1000000 });
        assert.deepEqual(parseRtThrottle("-1", "1000000"), { runtimeUs: -1, periodUs: 1000000 });
        assert.strictEqual(parseRtThrottle("", "1000000"), undefined);
        assert.strictEqual(parseRtThrottle("5", "0"), undefined);
        assert.true(/950000 µs of every 1000000 µs \(95 %\)/.test(rtThrottleText({ runtimeUs: 950000, periodUs: 1000000 })));
        assert.true(/not throttled \(sched_rt_runtime_us is -1\).*starve/.test(rtThrottleText({ runtimeUs: -1, periodUs: 1000000 })));
        const rt = sched([{ ids: "1", scheduler: "fifo", priority: 1 }]);
        assert.true(warnings(checkThreadSched("off", rt, off, { ...twoCpus, rt: { runtimeUs: -1, periodUs: 1000000 } })).some(m => /does not throttle/.test(m)));
        assert.false(warnings(checkThreadSched("off", rt, off, { ...twoCpus, rt: { runtimeUs: 950000, periodUs: 1000000 } })).some(m => /does not throttle/.test(m)));
    });
});

QUnit.module("thread scheduling: planner and writer", () => {
    QUnit.test("a next-boot define with the vcpusched; live is refused", assert => {
        const p = plan(planInput(OFF_XML, false, "config", { sched: { vcpusched: [{ ids: "1", scheduler: "fifo", priority: 1 }] } }));
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(s => s.command), ["define"]);
        const defined = readTuning(String(p.steps[0]?.call.args[0]));
        assert.deepEqual(defined.cputune.vcpusched, [{ scheduler: "fifo", ids: "1", priority: 1 }]);
        assert.true(virshLines(p).some(l => l.startsWith("virsh") && l.includes("define")));
        const live = plan(planInput(OFF_XML, true, "live", { sched: { vcpusched: [{ ids: "1", scheduler: "fifo", priority: 1 }] } }));
        assert.deepEqual(refusedFields(live), ["sched"]);
        assert.deepEqual(plan(planInput(OFF_XML, false, "config", { sched: { vcpusched: [] } })).steps, [], "nothing to remove: nothing planned");
    });

    QUnit.test("bad values and libvirt's refusals stop the plan", assert => {
        const bad = plan(planInput(OFF_XML, false, "config", { sched: { vcpusched: [{ ids: "1", scheduler: "fifo", priority: 0 }] } }));
        assert.deepEqual(bad.steps, []);
        assert.true(bad.refusals.some(r => r.field === "vcpusched.0" && /between 1 and 99/.test(r.message)));
        const missing = plan(planInput(OFF_XML, false, "config", { sched: { vcpusched: [{ ids: "9", scheduler: "batch" }] } }));
        assert.deepEqual(missing.steps, []);
        assert.true(missing.refusals.some(r => /no vCPUs 9/.test(r.message)), JSON.stringify(missing.refusals));
        const emulator = plan(planInput(OFF_XML, false, "config", { sched: { emulatorsched: { scheduler: "idle", priority: 3 } } }));
        assert.true(emulator.refusals.some(r => r.field === "emulatorsched" && /takes no priority/.test(r.message)));
    });

    QUnit.test("the writer: kept entries stay in place and spelling, libvirt's order for new ones", assert => {
        const xml = OFF_XML.replace("<emulatorpin cpuset='0-1'/>",
            "<emulatorpin cpuset='0-1'/>\n    <vcpusched vcpus='0,2' scheduler='batch' extra='x'/>\n    <vcpusched vcpus='3' scheduler='idle'/>");
        const out = editTuning(xml, { cputune: {
            vcpusched: [{ ids: "1", scheduler: "fifo", priority: 2 }, { ids: "0,2", scheduler: "batch" }],
            emulatorsched: { scheduler: "rr", priority: 4 },
        } });
        assert.true(out.includes(`<emulatorpin cpuset="0-1"/>
    <emulatorsched scheduler="rr" priority="4"/>
    <vcpusched vcpus="0,2" scheduler="batch" extra="x"/>
    <vcpusched vcpus="1" scheduler="fifo" priority="2"/>
  </cputune>`), out);
        const cleared = editTuning(out, { cputune: { vcpusched: [], emulatorsched: null } });
        assert.false(/sched/.test(cleared), cleared);
        assert.true(cleared.includes(`<emulatorpin cpuset="0-1"/>\n  </cputune>`), cleared);
        const alone = editTuning(OFF_XML.replace(/<cputune>[\s\S]*<\/cputune>\n {2}/, ""), { cputune: { vcpusched: [{ ids: "0", scheduler: "idle" }] } });
        assert.true(alone.includes(`<iothreads>1</iothreads>\n  <cputune>\n    <vcpusched vcpus="0" scheduler="idle"/>\n  </cputune>\n  <os>`), alone);
        const gone = editTuning(alone, { cputune: { vcpusched: [] } });
        assert.false(gone.includes("cputune"), "an emptied <cputune> goes");
    });
});
