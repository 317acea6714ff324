import QUnit from "qunit";
import type { PlacedVm } from "../../src/model/placement/placement.ts";
import { fitDedicated, floatingOver } from "../../src/model/placement/profile-fit.ts";
import type { ProfileFit } from "../../src/model/placement/profile-fit.ts";
import { dedicatedCpus, detectProfile } from "../../src/model/placement/profile-detect.ts";
import { dedicatedDesired, sharedDesired } from "../../src/model/placement/profile-desired.ts";
import { editTuning, readTuning } from "../../src/model/domain/domain-xml.ts";
import { plan } from "../../src/model/plan/plan.ts";
import type { DesiredTuning } from "../../src/model/plan/plan-types.ts";
import type { HostTopology } from "../../src/model/host/capabilities.ts";
import type { Tuning } from "../../src/model/types.ts";
import { planProfile } from "../../src/model/vm/plan-profile.ts";
import type { Vm } from "../../src/model/vm/vm.ts";
import { bigVms } from "./support/placement-big.ts";
import { NUMA_XML, PLAIN_XML, planInput, syntheticHost, tuningOf, variant } from "./support/tuning-fixture.ts";

const GiB = 1024 * 1024;

function vm(name: string, edit: (t: Tuning) => void, running = false): PlacedVm {
    const config = variant(tuningOf(PLAIN_XML), t => {
        t.name = name;
        edit(t);
    });
    return { name, running, config, live: running ? config : undefined };
}

function fitted(fit: ProfileFit): Extract<ProfileFit, { fits: true }> {
    if (!fit.fits)
        throw new Error(`expected a fit: ${fit.reason}`);
    return fit;
}

/** The 256-CPU host (8 nodes × 16 cores × 2 threads; siblings n and n+128) with CPUs taken offline. */
function bigHost(offline: number[] = []): HostTopology {
    const host = syntheticHost(8, 16, 2, 64 * GiB);
    for (const cell of host.cells)
        cell.cpus = cell.cpus.map(c => (offline.includes(c.id) ? { id: c.id, online: false } : c));
    host.onlineCpus = host.onlineCpus.filter(c => !offline.includes(c));
    return host;
}

const nodeOf = (host: HostTopology, cpu: number) => host.cells.find(c => c.cpus.some(x => x.id === cpu))?.id;
const siblingsOf = (host: HostTopology, cpu: number) => host.cells.flatMap(c => c.cpus).find(c => c.id === cpu)?.siblings ?? [cpu];

QUnit.module("profiles: fitting over the 256-CPU host", () => {
    QUnit.test("Dedicated next to the 240-vCPU VM: only node 7's free CPUs, offline ones skipped, isolated ones first", assert => {
        // big pins CPUs 0-239 to vCPUs and 250-255 to its emulator; small (shut off) pins 0, 128, 240-241
        const host = bigHost([242, 243]);
        const four = vm("four", t => { t.vcpu.max = 4; t.vcpu.current = 4; });
        const fit = fitted(fitDedicated(four, host, bigVms(), { isolatedThreads: false, hostIsolated: [248, 249] }));
        assert.deepEqual(fit.nodes, [7]);
        assert.deepEqual(fit.vcpuCpus.slice(0, 2), [248, 249], "host-isolated CPUs first");
        assert.strictEqual(new Set(fit.vcpuCpus).size, 4, "one CPU per vCPU");
        for (const c of fit.vcpuCpus) {
            assert.true(c >= 244 && c <= 249, `CPU ${c}: free and online`);
            assert.strictEqual(nodeOf(host, c), 7);
        }
        assert.false(fit.housekeeping.some(c => fit.vcpuCpus.includes(c)), "the emulator is off the vCPUs");
        assert.false(fit.housekeeping.some(c => c < 242 || c === 242 || c === 243), "housekeeping: node 7, online, no VM's vCPU there");
        assert.true(fit.housekeeping.includes(250), "a CPU only another VM's emulator uses is housekeeping");
    });

    QUnit.test("isolated threads next to the 240-vCPU VM: refused with the reason (every free thread has a busy sibling)", assert => {
        const four = vm("four", t => { t.vcpu.max = 4; t.vcpu.current = 4; });
        const fit = fitDedicated(four, bigHost(), bigVms(), { isolatedThreads: true });
        assert.false(fit.fits);
        assert.true(!fit.fits && /node \d has 0 wholly free cores, room for 0 vCPUs; needed: one CPU per vCPU \(4\) and one for the emulator/.test(fit.reason), !fit.fits ? fit.reason : "");
    });

    QUnit.test("all maximum vCPUs are pinned (hot-plug), one node when it fits", assert => {
        const host = bigHost();
        const a = vm("a", t => { t.vcpu.max = 12; t.vcpu.current = 2; });
        const fit = fitted(fitDedicated(a, host, [], { isolatedThreads: false }));
        assert.strictEqual(fit.vcpuCpus.length, 12);
        assert.deepEqual(fit.nodes, [0]);
        assert.deepEqual(fit.vcpuCpus.slice(0, 4), [0, 128, 1, 129], "whole cores, sibling threads together");
    });

    QUnit.test("isolated threads: whole cores, other VMs' siblings avoided, idle siblings kept free", assert => {
        const host = bigHost([3]);
        const other = vm("other", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "129" }]; });
        const a = vm("a", t => { t.vcpu.max = 4; t.vcpu.current = 4; });
        const fit = fitted(fitDedicated(a, host, [other], { isolatedThreads: true }));
        assert.deepEqual(fit.vcpuCpus, [0, 2, 4, 5], "one vCPU per core (guest threads 1); core 1 (other's sibling) and core 3 (CPU 3 offline) skipped");
        for (const c of fit.vcpuCpus)
            assert.false(fit.housekeeping.some(h => siblingsOf(host, c).includes(h)), `no helper on the siblings of ${c}`);
        const smt = vm("smt", t => {
            t.vcpu.max = 4; t.vcpu.current = 4;
            t.cpu.topology = { sockets: 1, dies: 1, cores: 2, threads: 2 };
        });
        assert.deepEqual(fitted(fitDedicated(smt, host, [other], { isolatedThreads: true })).vcpuCpus, [0, 128, 2, 130], "guest thread pairs on host sibling pairs");
        const many = vm("many", t => { t.vcpu.max = 29; t.vcpu.current = 29; });
        assert.false(fitDedicated(many, host, [other], { isolatedThreads: true }).fits, "29 vCPUs: more than node 0's wholly free cores");
        const shared = fitted(fitDedicated(many, host, [other], { isolatedThreads: false }));
        assert.true(shared.vcpuCpus.includes(1), "without isolation a free thread beside another VM's vCPU is used");
        assert.false(shared.vcpuCpus.includes(3) || shared.vcpuCpus.includes(129), "never an offline CPU or another VM's");
    });

    QUnit.test("another VM pinned to every online CPU holds none (a live unpin leaves that); it is named as floating", assert => {
        const host = syntheticHost(2, 2, 1, 16 * GiB); // node 0: CPUs 0-1, node 1: CPUs 2-3
        const widened = vm("widened", t => { t.vcpu.max = 2; t.cputune.vcpupin = [{ id: 0, cpuset: "0-3" }, { id: 1, cpuset: "0-3" }]; }, true);
        const a = vm("a", t => { t.vcpu.max = 1; t.vcpu.current = 1; });
        const fit = fitted(fitDedicated(a, host, [widened], { isolatedThreads: false }));
        assert.deepEqual(fit.nodes, [0]);
        assert.deepEqual(floatingOver("a", fit.vcpuCpus, [widened], 4).map(f => f.vm), ["widened"], "still named: its vCPUs may run there");
        const part = vm("part", t => { t.vcpu.max = 1; t.cputune.vcpupin = [{ id: 0, cpuset: "0-1" }]; }, true);
        assert.deepEqual(fitted(fitDedicated(a, host, [part], { isolatedThreads: false })).nodes, [1], "a pin over part of the host holds it");
    });

    QUnit.test("too big for one node: one node per guest cell, else the reason", assert => {
        const host = syntheticHost(2, 4, 2, 16 * GiB); // 8 CPUs per node
        const cells = vm("cells", t => {
            t.vcpu.max = 12; t.vcpu.current = 12;
            t.cpu.cells = [{ id: 0, cpus: "0-5", memory: GiB, distances: [] }, { id: 1, cpus: "6-11", memory: GiB, distances: [] }];
        });
        const fit = fitted(fitDedicated(cells, host, [], { isolatedThreads: false }));
        assert.deepEqual(fit.nodes, [0, 1]);
        assert.deepEqual([...fit.cellNodes ?? []].sort(), [[0, 0], [1, 1]]);
        assert.deepEqual(fit.vcpuCpus.slice(0, 6).map(c => nodeOf(host, c)), [0, 0, 0, 0, 0, 0]);
        assert.deepEqual(fit.vcpuCpus.slice(6).map(c => nodeOf(host, c)), [1, 1, 1, 1, 1, 1]);
        const d = dedicatedDesired(fit, cells.config);
        assert.deepEqual(d.nextBoot.memnodes, [{ cellid: 0, mode: "strict", nodeset: "0" }, { cellid: 1, mode: "strict", nodeset: "1" }]);
        assert.deepEqual(d.nextBoot.numatune, { mode: "strict", nodeset: "0-1" });

        const flat = vm("flat", t => { t.vcpu.max = 12; t.vcpu.current = 12; });
        const refused = fitDedicated(flat, host, [], { isolatedThreads: false });
        assert.strictEqual(refused.fits ? "" : refused.reason,
                           "No host node has room for the VM's 12 vCPUs and its emulator (node 0 has 8 free CPUs, 13 are needed: one per vCPU (12) and one for the emulator): give the VM guest NUMA cells to spread it, or free CPUs");
        const crowded = fitDedicated(cells, host, [vm("busy", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "0-2,4-6,8-10,12-14" }] })], { isolatedThreads: false });
        assert.strictEqual(crowded.fits ? "" : crowded.reason,
                           "No host node has room for the VM's 12 vCPUs, and its guest cell 0 fits on none: node 0 has 2 free CPUs, 7 are needed: one per vCPU (6) and one for the emulator (CPUs there are pinned by busy)");
        const exact = vm("exact", t => { t.vcpu.max = 8; t.vcpu.current = 8; });
        assert.false(fitDedicated(exact, host, [], { isolatedThreads: false }).fits, "8 vCPUs on an 8-CPU node leave no CPU for the emulator");
    });
});

QUnit.module("profiles: as desired tuning, detected back", () => {
    const host = syntheticHost(2, 4, 2, 16 * GiB);
    function applied(t: Tuning, d: DesiredTuning): Tuning {
        const xml = editTuning(PLAIN_XML.replace("<name>plain</name>", `<name>${t.name}</name>`), {
            vcpu: { max: t.vcpu.max, current: t.vcpu.current },
            cputune: { vcpupin: (d.vcpupin ?? []).map(p => ({ id: p.id, cpuset: p.cpuset ?? "" })), emulatorpin: d.emulatorpin ?? null },
            numatune: { mode: d.numatune?.mode ?? null, nodeset: d.numatune?.nodeset ?? null },
            memoryBacking: { nosharepages: d.memoryBacking?.nosharepages ?? false },
        });
        return readTuning(xml);
    }

    QUnit.test("Dedicated: the desired parts, the hint only with host-passthrough", assert => {
        const a = vm("a", t => { t.vcpu.max = 2; t.vcpu.current = 1; });
        const fit = fitted(fitDedicated(a, host, [], { isolatedThreads: false }));
        const d = dedicatedDesired(fit, a.config);
        assert.deepEqual(d.pins, { vcpupin: [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "8" }], emulatorpin: "1-3,9-11" });
        assert.deepEqual(d.nextBoot, { numatune: { mode: "strict", nodeset: "0" }, memoryBacking: { nosharepages: true } });
        assert.strictEqual(d.notes.length, 1, "the hint left out, said why");
        const hp = dedicatedDesired(fit, variant(a.config, t => { t.cpu.mode = "host-passthrough" }));
        assert.strictEqual(hp.nextBoot.kvmHintDedicated, true);
        assert.deepEqual(hp.notes, []);
    });

    QUnit.test("detection: shared, dedicated, dedicated-isolated, custom", assert => {
        const plain = tuningOf(PLAIN_XML);
        assert.strictEqual(detectProfile(plain, host), "shared");
        const a = vm("a", t => { t.vcpu.max = 2; t.vcpu.current = 2; });
        const dedicated = applied(a.config, { ...dedicatedDesired(fitted(fitDedicated(a, host, [], { isolatedThreads: false })), a.config).pins,
                                              ...dedicatedDesired(fitted(fitDedicated(a, host, [], { isolatedThreads: false })), a.config).nextBoot });
        assert.strictEqual(detectProfile(dedicated, host), "dedicated", "sibling threads packed");
        assert.strictEqual(detectProfile(dedicated), "dedicated", "without the host's topology too");
        const fitIso = fitted(fitDedicated(a, host, [], { isolatedThreads: true }));
        const iso = dedicatedDesired(fitIso, a.config);
        const isolated = applied(a.config, { ...iso.pins, ...iso.nextBoot });
        assert.strictEqual(detectProfile(isolated, host), "dedicated-isolated");
        assert.strictEqual(detectProfile(isolated), "dedicated", "siblings unknown: not claimed isolated");
        assert.strictEqual(detectProfile(variant(isolated, t => { t.cputune.emulatorpin = "8" }), host), "dedicated", "emulator on a vCPU's sibling: dedicated, not isolated");
        assert.strictEqual(detectProfile(variant(dedicated, t => { t.memoryBacking.nosharepages = false }), host), "custom", "no nosharepages");
        assert.strictEqual(detectProfile(variant(dedicated, t => { t.numatune.nodeset = "0-1" }), host), "custom", "memory not on exactly the pins' nodes");
        assert.strictEqual(detectProfile(variant(dedicated, t => { t.cputune.emulatorpin = "0" }), host), "custom", "emulator on a vCPU's CPU");
        assert.strictEqual(detectProfile(variant(dedicated, t => { t.cputune.vcpupin = t.cputune.vcpupin.slice(0, 1) }), host), "custom", "a vCPU of the maximum unpinned");
        assert.strictEqual(detectProfile(variant(plain, t => { t.cputune.emulatorpin = "0" }), host), "custom");
    });

    QUnit.test("Shared: pins and the hint go; numatune only when it is Dedicated's", assert => {
        const a = vm("a", t => { t.vcpu.max = 2; t.vcpu.current = 2; });
        const d = dedicatedDesired(fitted(fitDedicated(a, host, [], { isolatedThreads: false })), a.config);
        const dedicated = applied(a.config, { ...d.pins, ...d.nextBoot });
        const s = sharedDesired(dedicated, dedicated, host);
        assert.deepEqual(s.live, { vcpupin: [{ id: 0, cpuset: null }, { id: 1, cpuset: null }], emulatorpin: null });
        assert.deepEqual(s.nextBoot, { clearPins: true, memoryBacking: { nosharepages: false }, kvmHintDedicated: null, clearNumatune: true });
        const theirs = variant(dedicated, t => { t.numatune.nodeset = "0-1" });
        assert.strictEqual(sharedDesired(undefined, theirs, host).nextBoot.clearNumatune, undefined, "a numatune not Dedicated's stays");
        assert.strictEqual(sharedDesired(undefined, theirs, host).notes.length, 1, "and says so");
    });

    QUnit.test("planned: Dedicated for next boot, then Shared's one define gives the definition back", assert => {
        const base = tuningOf(PLAIN_XML);
        const placed: PlacedVm = { name: "plain", running: false, config: base };
        const d = dedicatedDesired(fitted(fitDedicated(placed, host, [], { isolatedThreads: false })), base);
        const p = plan({ ...planInput(PLAIN_XML, false, "config", { ...d.nextBoot, ...d.pins }), hostCpus: 16 });
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(s => s.command), ["define", "numatune", "vcpupin", "vcpupin", "emulatorpin"]);
        assert.true(p.steps.every(s => s.inverse !== undefined), "each step has its undo");
        // the definition Dedicated leaves (the define's XML with the calls' effect written in)
        const defined = p.steps[0]?.call.args[0] as string;
        const after = editTuning(defined, {
            cputune: { vcpupin: (d.pins.vcpupin ?? []).map(x => ({ id: x.id, cpuset: x.cpuset ?? "" })), emulatorpin: d.pins.emulatorpin ?? null },
            numatune: { mode: "strict", nodeset: "0" },
        });
        assert.strictEqual(detectProfile(readTuning(after), host), "dedicated");
        const s = sharedDesired(undefined, readTuning(after), host);
        const back = plan({ ...planInput(PLAIN_XML, false, "config", s.nextBoot), config: readTuning(after), inactiveXml: after, hostCpus: 16 });
        assert.deepEqual(back.refusals, []);
        assert.deepEqual(back.steps.map(x => x.command), ["define"], "one define: pins, numatune and nosharepages out");
        const restored = readTuning(back.steps[0]?.call.args[0] as string);
        assert.deepEqual(restored.cputune, base.cputune);
        assert.deepEqual(restored.numatune, base.numatune);
        assert.deepEqual(restored.memoryBacking, base.memoryBacking);
        assert.strictEqual(detectProfile(restored, host), "shared");
    });

    QUnit.test("the planner refuses a non-boolean clear", assert => {
        const p = plan(planInput(NUMA_XML, false, "config", { clearPins: "yes" as unknown as boolean }));
        assert.strictEqual(p.steps.length, 0);
        assert.strictEqual(p.refusals[0]?.field, "clearPins");
    });
});

QUnit.module("profiles: one plan for a running VM", () => {
    const host = syntheticHost(1, 2, 1, 4 * GiB); // CPUs 0-1, no SMT: this test stack's shape
    const XML = PLAIN_XML.replace("<uuid>66666666-2222-3333-4444-555555555555</uuid>", "<uuid>7d1d3f1e-3c55-4b5a-9a58-3f4a2f0f6b11</uuid>")
        .replace("<vcpu placement='static' current='1'>2</vcpu>", "<vcpu placement='static'>1</vcpu>");
    function running(xml: string): Vm {
        return {
            connection: { id: "system", uri: "qemu:///system", path: "/org/libvirt/QEMU", bus: "system", driver: "qemu" } as unknown as Vm["connection"],
            path: "/p", name: "plain", uuid: "7d1d3f1e-3c55-4b5a-9a58-3f4a2f0f6b11", state: "running", active: true, persistent: true,
            liveXml: xml, live: readTuning(xml), configXml: xml, config: readTuning(xml),
        };
    }

    QUnit.test("Dedicated, Both: next boot's define and numatune first, then the pins live and for next boot", assert => {
        const v = running(XML);
        const fit = fitted(fitDedicated({ name: "plain", running: true, live: v.live, config: v.config as Tuning }, host, [], { isolatedThreads: false }));
        const d = dedicatedDesired(fit, v.config as Tuning);
        const p = planProfile(v, "both", 2, { pins: d.pins, nextBoot: d.nextBoot });
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(s => `${s.command} ${s.scope}`),
                         ["define config", "numatune config", "vcpupin live", "vcpupin config", "emulatorpin live", "emulatorpin config"]);
        assert.true(p.steps.every(s => s.inverse !== undefined), "each with its undo");
        const cfg = planProfile(v, "config", 2, { pins: d.pins, nextBoot: d.nextBoot });
        assert.deepEqual(cfg.steps.map(s => `${s.command} ${s.scope}`), ["define config", "numatune config", "vcpupin config", "emulatorpin config"]);
    });

    QUnit.test("Shared, Both: the running VM's pins widened live, the definition's taken out by the define", assert => {
        const pinned = editTuning(XML, { cputune: { vcpupin: [{ id: 0, cpuset: "0" }], emulatorpin: "1" }, numatune: { mode: "strict", nodeset: "0" },
                                         memoryBacking: { nosharepages: true } });
        const v = running(pinned);
        const s = sharedDesired(v.live, v.config as Tuning, host);
        const p = planProfile(v, "both", 2, { pins: s.live, nextBoot: s.nextBoot, pinsLiveOnly: true });
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(x => `${x.command} ${x.scope}`), ["define config", "vcpupin live", "emulatorpin live"], "no pin call for next boot");
        const defined = readTuning(p.steps[0]?.call.args[0] as string);
        assert.deepEqual([defined.cputune.vcpupin, defined.cputune.emulatorpin, defined.numatune.nodeset, defined.memoryBacking.nosharepages],
                         [[], undefined, undefined, false]);
        assert.strictEqual(s.notes.length, 1, "says the running VM lists pins to every CPU until it restarts");
        const cfg = planProfile(v, "config", 2, { pins: s.live, nextBoot: s.nextBoot, pinsLiveOnly: true });
        assert.deepEqual(cfg.steps.map(x => `${x.command} ${x.scope}`), ["define config"], "next boot only: the live pins stay");
    });

    QUnit.test("a refusal of either part refuses the whole profile", assert => {
        const v = running(XML);
        const p = planProfile(v, "both", 2, { pins: { vcpupin: [{ id: 5, cpuset: "0" }] }, nextBoot: { memoryBacking: { nosharepages: true } } });
        assert.deepEqual(p.steps, []);
        assert.strictEqual(p.refusals.length, 1);
        const live = planProfile(v, "live", 2, { pins: { vcpupin: [{ id: 0, cpuset: "0" }] }, nextBoot: { memoryBacking: { nosharepages: true } } });
        assert.deepEqual([live.steps, live.refusals.map(r => r.message)], [[], ["The memory backing change only for next boot: choose Next boot or Both"]],
                         "live alone: the next-boot part refused with its reason, nothing half done");
        const transient = planProfile({ ...v, persistent: false }, "config", 2, { pins: {}, nextBoot: { memoryBacking: { nosharepages: true } } });
        assert.deepEqual(transient.steps, [], "a transient VM: refused (no next boot)");
        assert.strictEqual(transient.refusals.length, 1);
    });
});

QUnit.module("profiles: map and findings", () => {
    const host = syntheticHost(2, 4, 2, 16 * GiB);
    const dedicated = (name: string, running: boolean): PlacedVm => {
        const t = variant(tuningOf(PLAIN_XML), x => {
            x.name = name;
            x.vcpu.max = 2;
            x.cputune.vcpupin = [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "8" }];
            x.cputune.emulatorpin = "1";
            x.numatune = { mode: "strict", nodeset: "0", memnodes: [] };
            x.memoryBacking.nosharepages = true;
        });
        return { name, running, config: t, live: running ? tuningOf(PLAIN_XML) : undefined };
    };

    QUnit.test("dedicated CPUs per side: a Dedicated VM's vCPU CPUs, not its emulator's", assert => {
        const a = dedicated("a", true);
        const other = vm("b", t => { t.cputune.vcpupin = [{ id: 0, cpuset: "2-3" }] });
        assert.deepEqual([...dedicatedCpus([a, other], host, "config")], [[0, { vm: "a", kind: "dedicated" }], [8, { vm: "a", kind: "dedicated" }]]);
        assert.deepEqual([...dedicatedCpus([a, other], host, "live")], [], "live: the running VM floats until it restarts");
        assert.deepEqual([...dedicatedCpus([dedicated("c", false)], host, "live")], [], "live: a shut-off VM has none");
    });

    QUnit.test("other VMs floating over the chosen CPUs are named with the CPUs", assert => {
        const floating = vm("float", () => undefined);
        const cpuset = vm("cpuset", t => { t.vcpu.cpuset = "4-7" });
        const pinnedAway = vm("away", t => { t.vcpu.max = 1; t.cputune.vcpupin = [{ id: 0, cpuset: "5" }] });
        const wide = vm("wide", t => { t.vcpu.max = 1; t.cputune.vcpupin = [{ id: 0, cpuset: "0-1" }] });
        assert.deepEqual(floatingOver("me", [0, 8], [floating, cpuset, pinnedAway, wide, vm("me", () => undefined)], 16),
                         [{ vm: "float", cpus: [0, 8] }, { vm: "wide", cpus: [0] }]);
        assert.strictEqual(detectProfile(variant(tuningOf(PLAIN_XML), t => { t.cputune.emulatorpin = "x" }), host), "custom", "an unreadable pin");
    });
});
