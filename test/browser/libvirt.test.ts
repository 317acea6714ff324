// src/libvirt against the real libvirt-dbus, compared with what virsh says on the same host.
import "./harness.ts";
import QUnit from "qunit";
import cockpit from "cockpit";
import { openLibvirt } from "../../src/libvirt/client.ts";
import { listDomains, readDomain } from "../../src/libvirt/domain.ts";
import { applyPlan } from "../../src/libvirt/apply.ts";
import type { Vm as DomainSnapshot } from "../../src/model/vm/vm.ts";
import { CallError } from "../../src/libvirt/errors.ts";
import { parseCpuset } from "../../src/model/values/cpuset.ts";
import { keyValues, pinTable, vcpuCount, virsh, virshOn } from "./virsh.ts";
import type { Connection, DriverPath } from "../../src/libvirt/connections.ts";
import { LXC } from "../../src/libvirt/connections.ts";
import { openInventory } from "../../src/libvirt/inventory.ts";
import { readHostInfo } from "../../src/libvirt/host-info.ts";
import { readThpSizeKiB } from "../../src/host/thp.ts";

const FIXTURES = ["vmtune-test-numa", "vmtune-test-off", "vmtune-test-plain"];
const libvirt = openLibvirt();

async function snapshots(): Promise<Map<string, DomainSnapshot>> {
    // as the inventory reads them: shut-off VMs with the shorter read
    const listed = await listDomains(libvirt);
    const all = await Promise.all(listed.map(d => readDomain(libvirt, d.path, !d.active)));
    return new Map(all.map(s => [s.name, s]));
}

const KIB = (text: string | undefined) => Number(/^(\d+)/.exec(text ?? "")?.[1]);
const cpus = (text: string | undefined) => parseCpuset(text ?? "");

QUnit.module("libvirt adapter on the real stack", () => {
    QUnit.test("ListDomains returns every fixture", async assert => {
        const vms = await snapshots();
        for (const name of FIXTURES)
            assert.true(vms.has(name), `${name} listed`);
    });

    for (const name of FIXTURES) {
        QUnit.test(`${name}: state, vCPUs and memory match virsh`, async assert => {
            const vm = (await snapshots()).get(name);
            assert.ok(vm, "found");
            if (!vm) return;
            const state = (await virsh("domstate", name)).trim();
            assert.strictEqual(vm.state === "shutoff" ? "shut off" : vm.state, state, "state");
            const count = vcpuCount(await virsh("vcpucount", name));
            assert.strictEqual(vm.config?.vcpu.max, count["maximum config"], "maximum vCPUs (config)");
            assert.strictEqual(vm.config?.vcpu.current, count["current config"], "current vCPUs (config)");
            if (vm.active) {
                assert.strictEqual(vm.live?.vcpu.current, count["current live"], "current vCPUs (live)");
                assert.strictEqual(vm.live?.vcpu.max, count["maximum live"], "maximum vCPUs (live)");
            }
            const info = keyValues(await virsh("dominfo", name));
            const tuning = vm.live ?? vm.config;
            assert.strictEqual(tuning?.memory, KIB(info["Max memory"]), "maximum memory");
            assert.strictEqual(tuning?.currentMemory, KIB(info["Used memory"]), "current memory");
        });

        QUnit.test(`${name}: cpu_shares and periods match virsh schedinfo`, async assert => {
            const vm = (await snapshots()).get(name);
            const sched = keyValues(await virsh("schedinfo", name));
            // a shut-off VM's values are its definition's (virsh shows 0 for what is unset)
            const values = vm?.active ? vm.sched : vm?.config?.cputune;
            const shares = vm?.active ? values?.shares : values?.shares ?? 1024;
            assert.strictEqual(shares, Number(sched.cpu_shares), "cpu_shares");
            assert.strictEqual(values?.period ?? 0, Number(sched.vcpu_period), "vcpu_period");
            assert.strictEqual(values?.quota ?? 0, Number(sched.vcpu_quota), "vcpu_quota");
            assert.strictEqual(values?.emulator_quota ?? 0, Number(sched.emulator_quota), "emulator_quota");
        });
    }

    QUnit.test("a shut-off VM is read with one call on the listing's word, and reads the same as the full read", async assert => {
        const listed = await listDomains(libvirt);
        const full = await Promise.all(listed.map(d => readDomain(libvirt, d.path)));
        const off = full.find(s => s.name === "vmtune-test-off");
        assert.ok(off, "listed");
        if (!off) return;
        assert.false(listed.find(d => d.path === off.path)?.active, "listed as not running");
        const stats = window.vmtuneDbusStats as { calls: number };
        const before = stats.calls;
        const short = await readDomain(libvirt, off.path, true);
        assert.strictEqual(stats.calls - before, 1, "GetXMLDesc only");
        assert.deepEqual({ ...short, sched: undefined }, { ...off, sched: undefined }, "same snapshot (no live scheduler values when shut off)");
    });

    QUnit.test("a VM started after it was listed shut off is a conflict at apply: nothing is written", async assert => {
        const name = "vmtune-test-plain";
        const path = (await snapshots()).get(name)?.path ?? "";
        await virsh("destroy", name);
        try {
            // what the page holds: the listing's one-call read of a shut-off VM
            const seen = await readDomain(libvirt, path, true);
            assert.strictEqual(seen.state, "shutoff", "read as shut off");
            await virsh("start", name);
            const outcome = await applyPlan(libvirt, seen, []);
            assert.strictEqual(outcome.kind, "conflict", "apply reads the VM itself and finds it running");
            assert.true(outcome.kind === "conflict" && outcome.changes.some(c => c.includes("running")), `the change is named: ${outcome.kind === "conflict" ? outcome.changes.join("; ") : ""}`);
        } finally {
            if ((await virsh("domstate", name)).trim() !== "running") await virsh("start", name);
        }
    });

    QUnit.test("lxc:///: the shut-off container is read, in full or short, and libvirtd survives it", async assert => {
        const lxc = openLibvirt(LXC);
        try {
            const listed = await listDomains(lxc);
            const full = await Promise.all(listed.map(d => readDomain(lxc, d.path)));
            const ct = full.find(s => s.name === "vmtune-test-lxc");
            assert.ok(ct, "the fixture container is listed");
            assert.deepEqual([ct?.active, ct?.config?.memory, ct?.sched], [false, 131072, undefined], "shut off, 128 MiB, no scheduler call");
            const short = ct && await readDomain(lxc, ct.path, true);
            assert.deepEqual(short?.config, ct?.config, "the short read agrees");
            // GetSchedulerParameters on a shut-off container takes libvirtd 9.0 down: it is still here
            assert.true((await virshOn("lxc:///", "list", "--all", "--name")).includes("vmtune-test-lxc"), "virsh -c lxc:/// still answers");
        } finally {
            lxc.close();
        }
    });

    QUnit.test("vmtune-test-off: pins, memtune and numatune match virsh --config", async assert => {
        const vm = (await snapshots()).get("vmtune-test-off");
        const t = vm?.config;
        assert.ok(t, "config read");
        if (!t) return;
        const pins = pinTable(await virsh("vcpupin", "vmtune-test-off", "--config"));
        for (const pin of t.cputune.vcpupin)
            assert.deepEqual(cpus(pin.cpuset), cpus(pins[String(pin.id)]), `vCPU ${pin.id} affinity`);
        assert.true(t.cputune.vcpupin.length > 0, "fixture has vCPU pins");
        const emu = pinTable(await virsh("emulatorpin", "vmtune-test-off", "--config"));
        assert.deepEqual(cpus(t.cputune.emulatorpin), cpus(emu["*"]), "emulator affinity");
        const memtune = keyValues(await virsh("memtune", "vmtune-test-off", "--config"));
        assert.strictEqual(t.memtune.hard_limit, Number(memtune.hard_limit), "hard_limit");
        assert.strictEqual(t.memtune.soft_limit, Number(memtune.soft_limit), "soft_limit");
        assert.strictEqual(t.memtune.swap_hard_limit, Number(memtune.swap_hard_limit), "swap_hard_limit");
        const numa = keyValues(await virsh("numatune", "vmtune-test-off", "--config"));
        assert.strictEqual(t.numatune.nodeset, numa.numa_nodeset, "numa_nodeset");
        assert.strictEqual(t.numatune.mode, numa.numa_mode, "numa_mode");
    });

    QUnit.test("vmtune-test-numa: guest NUMA cells and maxMemory match the inactive XML", async assert => {
        const vm = (await snapshots()).get("vmtune-test-numa");
        const xml = await virsh("dumpxml", "--inactive", "vmtune-test-numa");
        const doc = new DOMParser().parseFromString(xml, "application/xml");
        const cells = [...doc.querySelectorAll("domain > cpu > numa > cell")];
        assert.strictEqual(vm?.config?.cpu.cells.length, cells.length, "cell count");
        cells.forEach((cell, i) => {
            assert.deepEqual(cpus(vm?.config?.cpu.cells[i]?.cpus), cpus(cell.getAttribute("cpus") ?? ""), `cell ${i} cpus`);
        });
        const max = doc.querySelector("domain > maxMemory");
        assert.strictEqual(vm?.config?.maxMemory?.slots, Number(max?.getAttribute("slots")), "maxMemory slots");
        assert.strictEqual(vm?.config?.acpi, true, "ACPI");
        assert.strictEqual(vm?.live?.memballoon?.model, "virtio", "balloon");
    });

    QUnit.test("inventories: lxc:/// ready with the container; a connection libvirt does not offer is absent and not retried", async assert => {
        const settle = (inv: ReturnType<typeof openInventory>) => new Promise<void>(resolve => {
            const check = () => { if (inv.getState().status.kind !== "connecting") resolve() };
            inv.subscribe(check);
            check();
        });
        const lxc = openInventory(LXC);
        // a driver path libvirt-dbus has no object for: what an optional connection meets when the
        // driver is not installed (libvirt-dbus answers with an error, as for lxc:/// without its driver)
        const missing: Connection = { ...LXC, path: "/org/libvirt/VMTuneNoSuchDriver" as DriverPath };
        const absent = openInventory(missing);
        try {
            await Promise.all([settle(lxc), settle(absent)]);
            assert.strictEqual(lxc.getState().status.kind, "ready", "lxc:/// is offered here");
            assert.true(lxc.getState().domains.some(d => d.name === "vmtune-test-lxc"), "the container is in it");
            assert.strictEqual(absent.getState().status.kind, "absent", "the missing connection is absent, not failed");
            lxc.close();   // its heartbeat would count below
            const stats = window.vmtuneDbusStats as { calls: number };
            const revision = absent.getState().revision;
            const before = stats.calls;
            await new Promise(resolve => setTimeout(resolve, 6000));   // longer than the retry and heartbeat periods
            assert.strictEqual(absent.getState().revision, revision, "nothing published after");
            assert.strictEqual(stats.calls - before, 0, "no retry loop, no heartbeat");
        } finally {
            lxc.close();
            absent.close();
        }
    });

    QUnit.test("a failed call carries libvirt's own message", async assert => {
        try {
            await libvirt.domain("/org/libvirt/QEMU/domain/_00000000_0000_0000_0000_000000000000", "GetXMLDesc", "u", [0]);
            assert.true(false, "the call should fail");
        } catch (error) {
            assert.true(error instanceof CallError, "CallError");
            assert.true(/domain/i.test((error as Error).message), `message names the domain: ${(error as Error).message}`);
        }
    });

    QUnit.test("the QEMU version and the host's THP size, as the virtio-mem rules use them", async assert => {
        // `Running hypervisor: QEMU 7.2.22` → 7002022: QEMU before 8.2 cannot unplug virtio-mem
        const running = /Running hypervisor: QEMU (\d+)\.(\d+)\.(\d+)/.exec(await virsh("version"));
        const expected = running ? Number(running[1]) * 1000000 + Number(running[2]) * 1000 + Number(running[3]) : undefined;
        assert.strictEqual((await readHostInfo(libvirt)).hypervisorVersion, expected, running?.[0] ?? "no QEMU version in virsh version");
        const bytes = Number((await cockpit.spawn(["cat", "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"], { err: "message" })).trim());
        assert.strictEqual(await readThpSizeKiB(), bytes / 1024, `hpage_pmd_size ${bytes} bytes`);
    });

    QUnit.test("a bad typed parameter is refused by libvirt with its reason", async assert => {
        const vm = (await snapshots()).get("vmtune-test-numa");
        try {
            await libvirt.domain(vm?.path ?? "", "SetSchedulerParameters", "a{sv}u", [{ cpu_shares: { t: "u", v: 512 } }, 1]);
            assert.true(false, "the call should fail");
        } catch (error) {
            assert.true(/invalid type|expected/i.test((error as Error).message), (error as Error).message);
        }
        const sched = keyValues(await virsh("schedinfo", "vmtune-test-numa"));
        assert.notStrictEqual(sched.cpu_shares, "512", "value unchanged");
    });
});
