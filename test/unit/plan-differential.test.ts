// The planner against libvirt itself: each plan's steps, as their virsh lines say, are sent to the test
// driver (virsh -c test:///default, in process): every step is accepted and the definition ends where the
// plan says; then the undo steps (rollbackSteps) bring the definition back, canonically as it was.
// And the other way round: what the planner refuses (finding 8), libvirt refuses or applies differently.
// The test driver has no scheduler parameters, no device attach, no vCPU pins (only on a running domain,
// without flags), no cgroups, takes --live and --config only one at a time (virsh-session.ts splits
// them) and keeps <memory> as written beside guest cells (QEMU sums the cells); scheduler, vCPU pins,
// DIMMs and live limits are proven on the real stack (e2e) instead.
import QUnit from "qunit";
import { plan, rollbackSteps } from "../../src/model/plan/plan.ts";
import type { DesiredTuning } from "../../src/model/plan/plan-types.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import type { Plan, Scope, Step, Tuning } from "../../src/model/types.ts";
import { canonical, installXmldom } from "./support/xml-canon.ts";
import { stepCommands, tempFile, virshSession } from "./support/virsh-session.ts";
import { SCATTERED_VCPUS } from "./support/tuning-fixture.ts";

installXmldom();

const UUID = "66666666-2222-3333-4444-555555555555";
const GiB = 1024 * 1024;
const HOST_CPUS = 16; // virsh -c test:///default nodeinfo

/** A test-driver domain: 2 of 4 vCPUs, 1 of 2 GiB, one IOThread (listed: a pin call would list it);
 *  `extra` goes before <os>, `cpu` after. */
function domain(extra = "", opts: { vcpu?: string; memory?: number; cpu?: string } = {}): string {
    return `<domain type='test'>
  <name>vmtune-diff</name>
  <uuid>${UUID}</uuid>
  <memory unit='KiB'>${opts.memory ?? 2 * GiB}</memory>
  <currentMemory unit='KiB'>${GiB}</currentMemory>
  ${opts.vcpu ?? "<vcpu placement='static' current='2'>4</vcpu>"}
  <iothreads>1</iothreads>
  <iothreadids><iothread id='1'/></iothreadids>
  ${extra}
  <os><type arch='x86_64'>hvm</type></os>
  ${opts.cpu ?? ""}
</domain>
`;
}

const CELLS = `<cpu><numa>
    <cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>
    <cell id='1' cpus='2-3' memory='1048576' unit='KiB'/>
  </numa></cpu>`;

interface Read {
    config: string;
    live?: string | undefined;
}

/** The domain as libvirt keeps it: define (and start), then read both definitions. */
function asDefined(xml: string, running: boolean): Read {
    const file = tempFile(xml);
    const a = virshSession([`define ${file}`, ...(running ? [`start ${UUID}`] : []), `dumpxml --inactive --security-info ${UUID}`,
                            ...(running ? [`dumpxml --security-info ${UUID}`] : [])]);
    const errors = a.flatMap(x => x.errors);
    if (errors.length > 0)
        throw new Error(`the scenario's domain: ${errors.join("; ")}`);
    return { config: a[running ? 2 : 1]?.output ?? "", live: running ? a[3]?.output : undefined };
}

function planFor(read: Read, scope: Scope, desired: DesiredTuning, driver?: "lxc"): Plan {
    const config = readTuning(read.config);
    return plan({
        name: "vmtune-diff", uuid: UUID, running: read.live !== undefined, driver,
        live: read.live === undefined ? undefined : readTuning(read.live),
        config, inactiveXml: read.config, hostCpus: HOST_CPUS, scope, desired,
    });
}

interface Run {
    steps: { command: string; errors: string[] }[];
    after: Read;
    undo: { command: string; errors: string[] }[];
    restored: Read;
}

/** Define (and start) `xml`, run the steps, read, run their undo steps, read again. */
function runPlan(xml: string, running: boolean, steps: Step[]): Run {
    const forward = steps.flatMap(s => stepCommands(s));
    const undo = rollbackSteps(steps).flatMap(s => stepCommands(s));
    const dumps = (r: boolean) => [`dumpxml --inactive --security-info ${UUID}`, ...(r ? [`dumpxml --security-info ${UUID}`] : [])];
    const head = [`define ${tempFile(xml)}`, ...(running ? [`start ${UUID}`] : [])];
    const a = virshSession([...head, ...forward, ...dumps(running), ...undo, ...dumps(running)]);
    let i = head.length;
    const take = (n: number) => a.slice(i, (i += n));
    const f = take(forward.length);
    const afterDumps = take(running ? 2 : 1);
    const u = take(undo.length);
    const restoredDumps = take(running ? 2 : 1);
    const read = (d: typeof afterDumps): Read => ({ config: d[0]?.output ?? "", live: running ? d[1]?.output : undefined });
    return {
        steps: f.map(x => ({ command: x.command, errors: x.errors })),
        after: read(afterDumps),
        undo: u.map(x => ({ command: x.command, errors: x.errors })),
        restored: read(restoredDumps),
    };
}

const limits = (t: Tuning) => [t.memtune.hard_limit, t.memtune.soft_limit, t.memtune.swap_hard_limit];

interface Scenario {
    name: string;
    xml: string;
    running?: boolean;
    scope: Scope;
    desired: DesiredTuning;
    /** plan as for a container (next-boot scheduler, numatune and vCPUs by define) */
    driver?: "lxc";
    /** the values the plan promises, read back from the definitions after the steps */
    got: (config: Tuning, live: Tuning | undefined) => unknown;
    want: unknown;
}

function scenario(s: Scenario): void {
    QUnit.test(s.name, assert => {
        const running = s.running ?? false;
        const before = asDefined(s.xml, running);
        const p = planFor(before, s.scope, s.desired, s.driver);
        assert.deepEqual(p.refusals, [], "planned without refusals");
        assert.true(p.steps.length > 0, `steps: ${p.steps.map(x => x.virsh.split("\n")[0]).join(" | ")}`);
        const run = runPlan(s.xml, running, p.steps);
        assert.deepEqual(run.steps.filter(x => x.errors.length > 0), [], "libvirt accepted every step");
        assert.deepEqual(s.got(readTuning(run.after.config), run.after.live === undefined ? undefined : readTuning(run.after.live)), s.want,
                         "the definitions hold what the plan says");
        assert.deepEqual(run.undo.filter(x => x.errors.length > 0), [], "libvirt accepted every undo step");
        assert.strictEqual(canonical(run.restored.config), canonical(before.config), "next boot: canonically as before after the undo");
        if (running)
            assert.strictEqual(canonical(run.restored.live ?? ""), canonical(before.live ?? ""), "live: canonically as before after the undo");
    });
}

QUnit.module("differential: plans against virsh -c test:///default", () => {
    QUnit.test("virsh and the test driver are here (the suite fails, never skips, without them)", assert => {
        const a = virshSession(["uri", "nodeinfo"]);
        assert.strictEqual(a[0]?.output.trim(), "test:///default");
        assert.true(new RegExp(`CPU\\(s\\):\\s+${HOST_CPUS}\\b`).test(a[1]?.output ?? ""), a[1]?.output);
    });

    // ---- memory ----
    scenario({ name: "memory: raise maximum and current (next boot), maximum first", xml: domain(), scope: "config",
               desired: { memory: { max: 3 * GiB, current: 2.5 * GiB } },
               got: c => [c.memory, c.currentMemory], want: [3 * GiB, 2.5 * GiB] });
    scenario({ name: "memory: lower both (next boot), current first", xml: domain(), scope: "config",
               desired: { memory: { max: 1.5 * GiB, current: 0.5 * GiB } },
               got: c => [c.memory, c.currentMemory], want: [1.5 * GiB, 0.5 * GiB] });
    scenario({ name: "memory: running, balloon live and next boot, maximum next boot", xml: domain(), running: true, scope: "both",
               desired: { memory: { max: 3 * GiB, current: 1.5 * GiB } },
               got: (c, l) => [c.memory, c.currentMemory, l?.memory, l?.currentMemory], want: [3 * GiB, 1.5 * GiB, 2 * GiB, 1.5 * GiB] });

    // ---- vCPUs ----
    scenario({ name: "vCPUs: raise maximum and current (next boot)", xml: domain(), scope: "config",
               desired: { vcpus: { max: 6, current: 5 } }, got: c => [c.vcpu.max, c.vcpu.current], want: [6, 5] });
    scenario({ name: "vCPUs: lower the maximum below a pinned vCPU: the undo brings the pin back", scope: "config",
               xml: domain("<cputune><vcpupin vcpu='3' cpuset='2'/></cputune>"),
               desired: { vcpus: { max: 2 } },
               got: c => [c.vcpu.max, c.vcpu.current, c.cputune.vcpupin], want: [2, 2, []] });
    scenario({ name: "vCPUs: running, hot-plug live and next boot", xml: domain(), running: true, scope: "both",
               desired: { vcpus: { current: 3 } }, got: (c, l) => [c.vcpu.current, l?.vcpu.current], want: [3, 3] });

    // ---- memtune ----
    scenario({ name: "memtune: all three from unlimited (next boot), swap hard first", xml: domain(), scope: "config",
               desired: { memtune: { hard_limit: 3 * GiB, soft_limit: GiB, swap_hard_limit: 4 * GiB } },
               got: c => limits(c), want: [3 * GiB, GiB, 4 * GiB] });
    scenario({ name: "memtune: lower all three, soft first", scope: "config",
               xml: domain("<memtune><hard_limit unit='KiB'>4194304</hard_limit><soft_limit unit='KiB'>3145728</soft_limit><swap_hard_limit unit='KiB'>5242880</swap_hard_limit></memtune>"),
               desired: { memtune: { hard_limit: 2 * GiB, soft_limit: GiB, swap_hard_limit: 3 * GiB } },
               got: c => limits(c), want: [2 * GiB, GiB, 3 * GiB] });
    scenario({ name: "memtune: running, live and next boot (checked against the running limits)", xml: domain(), running: true, scope: "both",
               desired: { memtune: { hard_limit: 3 * GiB, swap_hard_limit: 4 * GiB } },
               got: (c, l) => [limits(c), l && limits(l)], want: [[3 * GiB, undefined, 4 * GiB], [3 * GiB, undefined, 4 * GiB]] });

    // ---- numatune ----
    scenario({ name: "numatune: none before, mode and nodeset (next boot): undone by the definition as read", xml: domain(), scope: "config",
               desired: { numatune: { mode: "interleave", nodeset: "0-1" } },
               got: c => [c.numatune.mode, c.numatune.nodeset], want: ["interleave", "0-1"] });
    scenario({ name: "numatune: nodeset of a restrictive running VM, live and next boot", running: true, scope: "both",
               xml: domain("<numatune><memory mode='restrictive' nodeset='0'/></numatune>"),
               desired: { numatune: { nodeset: "1" } },
               got: (c, l) => [c.numatune.nodeset, l?.numatune.nodeset], want: ["1", "1"] });

    // ---- pins ----
    scenario({ name: "pins: emulator (none before) and IOThread (pinned before), next boot", scope: "config",
               xml: domain("<cputune><iothreadpin iothread='1' cpuset='0'/></cputune>"),
               desired: { emulatorpin: "1", iothreadpin: [{ id: 1, cpuset: "2-3" }] },
               got: c => [c.cputune.emulatorpin, c.cputune.iothreadpin], want: ["1", [{ id: 1, cpuset: "2-3" }]] });
    scenario({ name: "pins: emulator and IOThread on a running VM, live only (pinned before: restored by pins)", running: true, scope: "live",
               xml: domain("<cputune><emulatorpin cpuset='0-3'/><iothreadpin iothread='1' cpuset='0'/></cputune>"),
               desired: { emulatorpin: "1", iothreadpin: [{ id: 1, cpuset: "2-3" }] },
               got: (_c, l) => [l?.cputune.emulatorpin, l?.cputune.iothreadpin], want: ["1", [{ id: 1, cpuset: "2-3" }]] });

    // ---- IOThreads (polling: the test driver has no iothreadset; proven on the real stack) ----
    scenario({ name: "IOThreads: add on a running VM, live and next boot", xml: domain(), running: true, scope: "both",
               desired: { iothreadsAdd: [3] }, got: (c, l) => [c.iothreadIds, l?.iothreadIds], want: [[1, 3], [1, 3]] });
    scenario({ name: "IOThreads: remove a pinned one for next boot: its pin goes with it, the undo restores both", scope: "config",
               xml: domain("<cputune><iothreadpin iothread='1' cpuset='0'/></cputune>"),
               desired: { iothreadsDel: [1] }, got: c => [c.iothreadIds, c.cputune.iothreadpin], want: [[], []] });
    scenario({ name: "IOThreads: a disk's IOThread for next boot (define)", scope: "config",
               xml: domain("", { cpu: "<devices><disk type='file' device='disk'><source file='/tmp/vmtune-diff.img'/><target dev='vda' bus='virtio'/></disk></devices>" }),
               desired: { diskIothreads: [{ target: "vda", iothread: 1 }] }, got: c => c.disks, want: [{ target: "vda", bus: "virtio", iothread: 1 }] });

    // ---- define: topology, cells, maxMemory, memnodes ----
    scenario({ name: "define: topology and maximum vCPUs together", xml: domain(), scope: "config",
               desired: { topology: { sockets: 2, dies: 1, cores: 3, threads: 1 }, vcpus: { max: 6 } },
               got: c => [c.cpu.topology, c.vcpu.max, c.vcpu.current], want: [{ sockets: 2, dies: 1, cores: 3, threads: 1 }, 6, 2] });
    scenario({ name: "define: guest cells and current memory", xml: domain("", { cpu: CELLS }), scope: "config",
               desired: { cells: [{ id: 0, cpus: "0-2", memory: 1.5 * GiB, distances: [] }, { id: 1, cpus: "3", memory: GiB, distances: [] }],
                          memory: { current: 2 * GiB } },
               got: c => [c.cpu.cells.map(x => [x.cpus, x.memory]), c.currentMemory],
               want: [[["0-2", 1.5 * GiB], ["3", GiB]], 2 * GiB] });
    scenario({ name: "define: memory hotplug limit and slots", xml: domain("", { cpu: CELLS }), scope: "config",
               desired: { maxMemory: { size: 8 * GiB, slots: 4 } }, got: c => c.maxMemory, want: { size: 8 * GiB, slots: 4 } });
    scenario({ name: "define: per-cell memory nodes", scope: "config",
               xml: domain("<numatune><memory mode='strict' nodeset='0-1'/></numatune>", { cpu: CELLS }),
               desired: { memnodes: [{ cellid: 0, mode: "strict", nodeset: "0" }, { cellid: 1, mode: "preferred", nodeset: "1" }] },
               got: c => c.numatune.memnodes, want: [{ cellid: 0, mode: "strict", nodeset: "0" }, { cellid: 1, mode: "preferred", nodeset: "1" }] });
    scenario({ name: "define: lower the maximum with the cells in the same plan", xml: domain("", { cpu: CELLS }), scope: "config",
               desired: { vcpus: { max: 2 }, cells: [{ id: 0, cpus: "0", memory: GiB, distances: [] }, { id: 1, cpus: "1", memory: GiB, distances: [] }] },
               got: c => [c.vcpu.max, c.cpu.cells.map(x => x.cpus)], want: [2, ["0", "1"]] });

    // ---- the container planner's define (its XML judged by libvirt's parser) ----
    scenario({ name: "LXC-style define: scheduler, vCPUs and a nodeset beside placement='auto' (written static)", driver: "lxc", scope: "config",
               xml: domain("<numatune><memory mode='strict' placement='auto'/></numatune>"),
               desired: { scheduler: { shares: 512, period: 100000, quota: 50000 }, vcpus: { max: 3, current: 3 }, numatune: { nodeset: "1" } },
               got: c => [c.cputune.shares, c.cputune.period, c.cputune.quota, c.vcpu.max, c.vcpu.current, c.numatune.nodeset, c.numatune.placement ?? "static"],
               want: [512, 100000, 50000, 3, 3, "1", "static"] });
});

/** What the planner refuses; the commands a naive plan would send; the libvirt answer that proves it. */
interface Refused {
    name: string;
    xml: string;
    running?: boolean;
    scope: Scope;
    desired: DesiredTuning;
    field: string;
    /** commands after define (and start); `$XML(text)` is written to a file */
    naive: (read: Read) => string[];
    /** libvirt's answer to the last naive command(s) */
    libvirt: (answers: { output: string; errors: string[] }[]) => boolean;
}

function refusedByBoth(s: Refused): void {
    QUnit.test(s.name, assert => {
        const running = s.running ?? false;
        const before = asDefined(s.xml, running);
        const p = planFor(before, s.scope, s.desired);
        assert.deepEqual([p.steps.length, p.refusals.map(r => r.field)], [0, [s.field]], `the planner refuses: ${p.refusals.map(r => r.message).join(" | ")}`);
        const head = [`define ${tempFile(s.xml)}`, ...(running ? [`start ${UUID}`] : [])];
        const answers = virshSession([...head, ...s.naive(before)]).slice(head.length);
        assert.true(s.libvirt(answers), `libvirt: ${answers.map(a => `${a.command} → ${a.output.trim()}`).join(" | ")}`);
    });
}

function defineWith(xml: string, edit: (xml: string) => string): string[] {
    return [`define ${tempFile(edit(xml))}`];
}

const errorSays = (words: string) => (a: { errors: string[] }[]) => a.some(x => x.errors.some(e => e.includes(words)));

QUnit.module("differential: refused by the planner, refused (or applied otherwise) by libvirt", () => {
    // (a disk on a missing IOThread, or on a sata disk: the QEMU driver's define refuses them, "Disk iothread
    // '2' not defined in iothreadid", "IOThreads not available for bus sata"; the test driver takes them,
    // so the planner's refusal is proven in the e2e test and iothreads.test.ts)
    refusedByBoth({
        name: "an IOThread a disk uses, removed for next boot", scope: "config",
        xml: domain("", { cpu: "<devices><disk type='file' device='disk'><source file='/tmp/vmtune-diff.img'/><driver iothread='1'/><target dev='vda' bus='virtio'/></disk></devices>" }),
        desired: { iothreadsDel: [1] }, field: "iothread.1",
        naive: () => [`iothreaddel ${UUID} 1 --config`],
        libvirt: errorSays("cannot remove IOThread 1 since it is being used by disk 'vda'"),
    });
    refusedByBoth({
        name: "next-boot hard limit above the RUNNING swap hard limit", running: true, scope: "config",
        xml: domain("<memtune><hard_limit unit='KiB'>2097152</hard_limit><swap_hard_limit unit='KiB'>3145728</swap_hard_limit></memtune>"),
        desired: { memtune: { hard_limit: 4 * GiB, swap_hard_limit: 5 * GiB } }, field: "memtune",
        naive: () => [`memtune ${UUID} --swap-hard-limit ${5 * GiB} --config`, `memtune ${UUID} --hard-limit ${4 * GiB} --config`],
        libvirt: errorSays("memory hard_limit tunable value must be lower than or equal to swap_hard_limit"),
    });
    refusedByBoth({
        name: "maximum vCPUs below what the guest cells name", xml: domain("", { cpu: CELLS }), scope: "config",
        desired: { vcpus: { max: 3 } }, field: "cells",
        naive: r => defineWith(r.config, x => x.replace(/(<vcpu[^>]*>)4</, "$13<").replace("current='2'", "current='2'")),
        libvirt: errorSays("Number of CPUs in <numa> exceeds the <vcpu> count"),
    });
    refusedByBoth({
        name: "per-cell memory nodes beside placement='auto'", scope: "config",
        xml: domain("<numatune><memory mode='strict' placement='auto'/></numatune>", { cpu: CELLS }),
        desired: { memnodes: [{ cellid: 0, mode: "strict", nodeset: "0" }] }, field: "memnode",
        naive: r => defineWith(r.config, x => x.replace(/(<memory mode='strict' placement='auto'\/>)/, "$1<memnode cellid='0' mode='strict' nodeset='0'/>")),
        libvirt: errorSays("Per-node binding is not compatible with automatic NUMA placement"),
    });
    refusedByBoth({
        name: "strict memory node under mode restrictive", scope: "config",
        xml: domain("<numatune><memory mode='restrictive' nodeset='0-1'/></numatune>", { cpu: CELLS }),
        desired: { memnodes: [{ cellid: 0, mode: "strict", nodeset: "0" }] }, field: "memnode",
        naive: r => defineWith(r.config, x => x.replace(/(<memory mode='restrictive' nodeset='0-1'\/>)/, "$1<memnode cellid='0' mode='strict' nodeset='0'/>")),
        libvirt: errorSays("'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element"),
    });
    refusedByBoth({
        name: "vCPUs listed in order: a define with a lower maximum keeps the list, and libvirt refuses it", scope: "config",
        xml: domain(`<vcpus>
    <vcpu id='0' enabled='yes' hotpluggable='no'/>
    <vcpu id='1' enabled='yes' hotpluggable='yes'/>
    <vcpu id='2' enabled='no' hotpluggable='yes'/>
    <vcpu id='3' enabled='no' hotpluggable='yes'/>
  </vcpus>`, { cpu: CELLS }),
        desired: { vcpus: { max: 2 }, cells: [{ id: 0, cpus: "0", memory: GiB, distances: [] }, { id: 1, cpus: "1", memory: GiB, distances: [] }] },
        field: "vcpu.max",
        naive: r => defineWith(r.config, x => x.replace(/(<vcpu placement='static' current='2'>)4</, "$12<").replace("cpus='0-1'", "cpus='0'").replace("cpus='2-3'", "cpus='1'")),
        libvirt: errorSays("is out of range of maximum vcpu count"),
    });
    refusedByBoth({
        name: "enabled vCPUs 0, 4, 5: setvcpus --maximum --config also changes the current count", scope: "config",
        xml: domain(SCATTERED_VCPUS, { vcpu: "<vcpu placement='static' current='3'>6</vcpu>" }),
        desired: { vcpus: { max: 5 } }, field: "vcpu.current",
        naive: () => [`setvcpus ${UUID} 5 --maximum --config`, `vcpucount ${UUID} --config --active`],
        libvirt: a => a[0]?.errors.length === 0 && /^\s*2\s*$/.test(a[1]?.output ?? ""),
    });
    refusedByBoth({
        name: "enabled vCPUs 0, 4, 5: a define setting another current count is ignored", scope: "config",
        xml: domain(SCATTERED_VCPUS, { vcpu: "<vcpu placement='static' current='3'>6</vcpu>" }),
        desired: { vcpus: { current: 4 } }, field: "vcpu.current",
        naive: r => [...defineWith(r.config, x => x.replace("current='3'", "current='4'")), `vcpucount ${UUID} --config --active`],
        libvirt: a => a[0]?.errors.length === 0 && /^\s*3\s*$/.test(a[1]?.output ?? ""),
    });
});
