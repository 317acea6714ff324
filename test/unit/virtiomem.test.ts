// virtio-mem: the device as read (live and next boot), the attach/resize/detach rules, the planner's
// steps (AttachDevice, UpdateDevice with only <requested> changed, DetachDevice) with their virsh lines
// and inverses, the card's rows, and libvirt's own test domain with two virtio-mem devices.
import QUnit from "qunit";
import { readFileSync } from "node:fs";
import { plan, rollbackSteps, withRequested } from "../../src/model/plan/plan.ts";
import { findVirtioMem } from "../../src/model/plan/plan-virtiomem.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import type { Finding, MemoryDevice, Plan } from "../../src/model/types.ts";
import {
    checkBlockSize, checkVirtioMemAttach, checkVirtioMemDetach, validateVirtioMemAttach, validateVirtioMemResize,
} from "../../src/model/rules/rules.ts";
import type { RuleContext } from "../../src/model/rules/rules.ts";
import {
    detachScope, guestFollowing, pluggedText, resizeScopes, virtioMemRows, virtioMemSummary,
} from "../../src/model/view/virtiomem-view.ts";
import { dimmRows, validateHotplugLimit } from "../../src/model/view/memory-view.ts";
import { changesSince } from "../../src/model/vm/changes.ts";
import type { Vm } from "../../src/model/vm/vm.ts";
import { CORPUS_CANDIDATES } from "./support/corpus-files.ts";
import { canonical, installXmldom } from "./support/xml-canon.ts";
import { NUMA_XML, PLAIN_XML, planInput, tuningOf, variant } from "./support/tuning-fixture.ts";

installXmldom();

const MiB = 1024;
const GiB = 1024 * 1024;
const UUID = "11111111-2222-3333-4444-555555555555";

/** NUMA_XML (2 cells of 1 GiB, maxMemory 8 GiB) with one virtio-mem device of 1 GiB on cell 1. */
function withDevice(requested: number, extra = "", live = false): string {
    const device = `    <memory model='virtio-mem'>
      <target>
        <size unit='KiB'>1048576</size>
        <node>1</node>
        <block unit='KiB'>2048</block>
        <requested unit='KiB'>${requested}</requested>${live ? `\n        <current unit='KiB'>${Math.max(0, requested - 2048)}</current>` : ""}
      </target>${extra}
      <address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/>
    </memory>
`;
    return NUMA_XML.replace("    <memballoon model='virtio'/>\n", `    <memballoon model='virtio'/>\n${device}`);
}

const ALIASED = "\n      <alias name='ua-vmtune-vmem0'/>";
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({
    driver: "qemu", session: false, running: true, hostCpus: 8, hostNodes: [0], cgroup: "v2", ...over,
});
const fields = (findings: Finding[]) => findings.map(f => `${f.severity} ${f.field}`);
const commands = (p: Plan) => p.steps.map(s => `${s.command} ${s.scope}`);
const numa = tuningOf(NUMA_XML);
const req = { size: 512 * MiB, block: 2 * MiB, node: 0, requested: 128 * MiB };

QUnit.module("virtio-mem: read", () => {
    QUnit.test("block, requested, current, node, alias and PCI address of a live device", assert => {
        const t = readTuning(withDevice(262144, "\n      <alias name='virtiomem0'/>", true));
        const dev = t.memoryDevices[0] as MemoryDevice;
        assert.deepEqual({ ...dev, xml: "" }, {
            model: "virtio-mem", size: GiB, node: 1, block: 2048, requested: 262144, current: 260096,
            alias: "virtiomem0", pci: "0000:00:0a.0", xml: "",
        });
        assert.strictEqual(readTuning(withDevice(0)).memoryDevices[0]?.current, undefined, "next boot: no <current>");
    });

    QUnit.test("units are converted to KiB; a DIMM has none of them", assert => {
        const xml = withDevice(0).replace("<block unit='KiB'>2048</block>", "<block unit='MiB'>4</block>")
            .replace("<requested unit='KiB'>0</requested>", "<requested unit='GiB'>1</requested>");
        const dev = readTuning(xml).memoryDevices[0] as MemoryDevice;
        assert.deepEqual([dev.block, dev.requested], [4096, GiB]);
        const dimm = readTuning(NUMA_XML.replace("<memballoon model='virtio'/>",
            "<memballoon model='virtio'/><memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target><address type='dimm' slot='0'/></memory>"))
            .memoryDevices[0] as MemoryDevice;
        assert.deepEqual([dimm.block, dimm.requested, dimm.current, dimm.pci, dimm.slot], [undefined, undefined, undefined, undefined, 0]);
    });

    QUnit.test("libvirt's test domain with two virtio-mem devices (one with its own page size and nodemask)", assert => {
        const dir = CORPUS_CANDIDATES.find(d => { try { readFileSync(`${d}/memory-hotplug-virtio-mem.xml`); return true } catch { return false } });
        if (dir === undefined) {
            assert.ok(false, "corpus file memory-hotplug-virtio-mem.xml not found");
            return;
        }
        const xml = readFileSync(`${dir}/memory-hotplug-virtio-mem.xml`, "utf8");
        const t = readTuning(xml);
        assert.deepEqual(t.memoryDevices.map(d => [d.model, d.size, d.node, d.block, d.requested, d.pci]), [
            ["virtio-mem", GiB, 0, 2048, 512 * MiB, "0000:00:02.0"],
            ["virtio-mem", 2 * GiB, 0, 2048, GiB, "0000:01:01.0"],
        ]);
        // a resize of each sends the device exactly as read but for <requested>, on each side
        for (const [i, dev] of t.memoryDevices.entries()) {
            const p = plan({
                name: t.name, uuid: t.uuid, running: false, config: t, inactiveXml: xml, hostCpus: 2, scope: "config",
                desired: { resizeVirtioMem: [{ device: dev, requested: 256 * MiB }] },
            });
            assert.deepEqual(commands(p), ["update-memory-device config"], `device ${i}`);
            const sent = String(p.steps[0]?.call.args[0]);
            assert.strictEqual(canonical(sent.replace(/>262144</, `>${dev.requested ?? 0}<`)), canonical(dev.xml), `device ${i}: only <requested> differs`);
            assert.strictEqual(p.steps[0]?.virsh, `virsh update-memory-device ${t.uuid} --requested-size 262144KiB --config`,
                               `device ${i}: no alias, two devices on node 0: virsh is given neither`);
        }
    });
});

QUnit.module("virtio-mem: rules", () => {
    QUnit.test("a VM that can take the device: no finding", assert => {
        assert.deepEqual(checkVirtioMemAttach(numa, req, 2048), []);
        assert.deepEqual(validateVirtioMemAttach({ size: "512 MiB", block: "2 MiB", requested: "128", node: 1 }, numa, ctx(), "both", 2048),
                         { value: { size: 512 * MiB, block: 2048, requested: 128 * MiB, node: 1 }, findings: [] });
        assert.deepEqual(validateVirtioMemAttach({ size: "512 MiB", block: "2 MiB", requested: "0", node: 1 }, numa, ctx(), "live").findings, [],
                         "requested 0: a device with nothing plugged yet");
    });

    QUnit.test("maxMemory, guest NUMA cells (x86), the cell", assert => {
        const plain = tuningOf(PLAIN_XML);
        assert.deepEqual(fields(checkVirtioMemAttach(plain, req)), ["error virtiomem", "error virtiomem"], "no <maxMemory>, no cell");
        assert.true(checkVirtioMemAttach(plain, req)[0]?.message.includes("<maxMemory>"));
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, node: 2 })), ["error virtiomem.node"]);
        const ppc = variant(plain, t => { t.arch = "ppc64le"; t.maxMemory = { size: 8 * GiB, slots: 4 } });
        assert.deepEqual(checkVirtioMemAttach(ppc, req), [], "cells are needed on x86 only");
    });

    QUnit.test("no slot needed, but room under maxMemory for the device's full size", assert => {
        const full = variant(numa, t => {
            t.memoryDevices = Array.from({ length: 4 }, (_x, i) => ({ model: "dimm", size: GiB, node: 0, slot: i, xml: "<memory/>" }));
        });
        assert.deepEqual(checkVirtioMemAttach(full, { ...req, size: 2 * GiB }), [], "4 of 4 slots used, 2 GiB left: fits");
        const f = checkVirtioMemAttach(full, { ...req, size: 2 * GiB + 2 * MiB });
        assert.deepEqual(fields(f), ["error virtiomem.size", "warning virtiomem.size"], "and not a multiple of 128 MiB");
        assert.true(f[0]?.message.startsWith("Only 2 GiB is left under the hotplug limit of 8 GiB"), f[0]?.message);
    });

    QUnit.test("block size: power of two, ≥ 2 MiB, ≥ THP, ≥ the cell's hugepages", assert => {
        for (const block of [1024, 3072, 0, 6144])
            assert.deepEqual(fields(checkBlockSize(block, undefined, undefined)), ["error virtiomem.block"], `${block} KiB`);
        assert.deepEqual(checkBlockSize(2048, 2048, undefined), []);
        assert.true(checkBlockSize(2048, 4096, undefined)[0]?.message.includes("transparent hugepage size, 4 MiB (libvirt: \"block size too small, must be at least 4096KiB\")"));
        assert.deepEqual(checkBlockSize(GiB, 2048, GiB), []);
        assert.true(checkBlockSize(2048, 2048, GiB)[0]?.message.includes("1 GiB hugepages"));
        const huge = variant(numa, t => { t.hugepages = [{ size: GiB, nodeset: "0" }] });
        assert.deepEqual(fields(checkVirtioMemAttach(huge, req)), ["error virtiomem.block"], "cell 0 on 1 GiB pages");
        assert.deepEqual(checkVirtioMemAttach(huge, { ...req, node: 1 }), [], "cell 1 is not");
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, block: 3072 })), ["error virtiomem.block"],
                         "a bad block size alone: size and requested are not judged against it");
    });

    QUnit.test("size and requested: multiples of the block, requested ≤ size; Linux's 128 MiB sections", assert => {
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, size: 513 * MiB })), ["error virtiomem.size"]);
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, size: 514 * MiB, requested: 0 })), ["warning virtiomem.size"]);
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, requested: 129 * MiB })), ["error virtiomem.requested"]);
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, requested: 1024 * MiB })), ["error virtiomem.requested"]);
        assert.deepEqual(fields(checkVirtioMemAttach(numa, { ...req, size: 0 })), ["error virtiomem.size"]);
    });

    QUnit.test("a memtune hard limit below what the VM would have plugged: warned", assert => {
        const hard = variant(numa, t => { t.memtune.hard_limit = 2 * GiB + 256 * MiB });
        assert.deepEqual(fields(checkVirtioMemAttach(hard, req)), ["warning virtiomem"]);
        assert.deepEqual(checkVirtioMemAttach(hard, { ...req, size: 256 * MiB }), [], "fits under it");
    });

    QUnit.test("the attach dialog: sizes as typed, scope, connection", assert => {
        const bad = validateVirtioMemAttach({ size: "lots", block: "", requested: "-1", node: 0 }, numa, ctx(), "both");
        assert.deepEqual(fields(bad.findings), ["error virtiomem.size", "error virtiomem.block", "error virtiomem.requested"]);
        assert.strictEqual(bad.value, undefined);
        assert.deepEqual(fields(validateVirtioMemAttach({ size: "512", block: "2", requested: "0", node: 0 }, numa, ctx({ running: false }), "live").findings),
                         ["error virtiomem"], "live on a shut-off VM");
        for (const driver of ["lxc", "test"] as const) {
            const r = validateVirtioMemAttach({ size: "512", block: "2", requested: "0", node: 0 }, numa, ctx({ driver }), "config");
            assert.deepEqual([fields(r.findings), r.value], [["error virtiomem"], undefined], driver);
        }
    });

    QUnit.test("resize: a multiple of the block, ≤ size, 0 allowed; shrinking live is warned", assert => {
        const dev = readTuning(withDevice(262144)).memoryDevices[0] as MemoryDevice;
        assert.deepEqual(validateVirtioMemResize("512 MiB", dev, "live", true), { value: 512 * MiB, findings: [] });
        assert.deepEqual(validateVirtioMemResize("0", dev, "config", true), { value: 0, findings: [] });
        assert.deepEqual(fields(validateVirtioMemResize("0", dev, "live", true).findings), ["warning virtiomem.requested"]);
        assert.deepEqual(fields(validateVirtioMemResize("3 KiB", dev, "live", true).findings), ["error virtiomem.requested"]);
        assert.deepEqual(fields(validateVirtioMemResize("2 GiB", dev, "live", true).findings), ["error virtiomem.requested"]);
        assert.deepEqual(fields(validateVirtioMemResize("", dev, "live", true).findings), ["error virtiomem.requested"]);
        assert.deepEqual(fields(validateVirtioMemResize("2 GiB", dev, "config", true).findings), ["error virtiomem.requested"]);
        assert.deepEqual(fields(validateVirtioMemResize("512", dev, "live", false).findings), ["error virtiomem.requested"], "not running");
    });

    QUnit.test("detach: next boot always; live not before QEMU 8.2, and only with nothing plugged", assert => {
        const dev = readTuning(withDevice(262144, "", true)).memoryDevices[0] as MemoryDevice;
        assert.deepEqual(checkVirtioMemDetach(dev, false, 7002000), []);
        const old = checkVirtioMemDetach(dev, true, 7002000);
        assert.deepEqual(fields(old), ["error virtiomem"]);
        assert.true(old[0]?.message.includes("QEMU 7.2.0 cannot unplug") && old[0].message.includes("virtio based memory devices cannot be unplugged"), old[0]?.message);
        assert.deepEqual(fields(checkVirtioMemDetach(dev, true, 8002000)), ["error virtiomem"], "8.2: still plugged");
        assert.deepEqual(checkVirtioMemDetach({ ...dev, requested: 0, current: 0 }, true, 8002000), []);
        assert.deepEqual(fields(checkVirtioMemDetach({ ...dev, requested: 0, current: 2048 }, true, undefined)), ["error virtiomem"]);
    });
});

QUnit.module("virtio-mem: plan", () => {
    QUnit.test("attach to a running VM, both: one AttachDevice with the alias, detach as its inverse", assert => {
        const p = plan(planInput(NUMA_XML, true, "both", { attachVirtioMem: [{ ...req, node: 1 }] }));
        assert.deepEqual([commands(p), p.refusals], [["attach-device both"], []]);
        const step = p.steps[0];
        const xml = `<memory model="virtio-mem"><target><size unit="KiB">524288</size><node>1</node><block unit="KiB">2048</block><requested unit="KiB">131072</requested></target><alias name="ua-vmtune-vmem0"/></memory>`;
        assert.deepEqual(step?.call, { target: "domain", method: "AttachDevice", signature: "su", args: [xml, 3] });
        assert.strictEqual(step?.virsh.split("\n")[0], `virsh attach-device ${UUID} /dev/stdin --live --config <<'VMTUNE_XML'`);
        assert.strictEqual(step?.description, "Add a virtio-mem device of 512 MiB on guest NUMA cell 1, 128 MiB of it plugged");
        assert.deepEqual(step?.inverse?.call, { target: "domain", method: "DetachDevice", signature: "su", args: [xml, 3] });
        assert.strictEqual(step?.inverse?.description, "Undo: Remove the virtio-mem device of 512 MiB on guest NUMA cell 1");
    });

    QUnit.test("attach: the alias is free on both sides; what the rules refuse is not planned", assert => {
        const taken = planInput(withDevice(0, ALIASED), true, "both", { attachVirtioMem: [req] });
        assert.true(String(plan(taken).steps[0]?.call.args[0]).includes(`<alias name="ua-vmtune-vmem1"/>`));
        const p = plan(planInput(PLAIN_XML, false, "config", { attachVirtioMem: [req] }));
        assert.deepEqual([p.steps, p.refusals.map(r => r.field)], [[], ["virtiomem", "virtiomem"]]);
        const odd = plan(planInput(NUMA_XML, false, "config", { attachVirtioMem: [{ ...req, size: 0.5 }] }));
        assert.deepEqual(odd.refusals.map(r => r.field), ["virtiomem"]);
    });

    QUnit.test("resize live: UpdateDevice with only <requested> changed, the old size as its inverse", assert => {
        const xml = withDevice(262144, ALIASED);
        const dev = tuningOf(xml).memoryDevices[0] as MemoryDevice;
        const p = plan(planInput(xml, true, "live", { resizeVirtioMem: [{ device: dev, requested: 512 * MiB }] },
                                 t => { (t.memoryDevices[0] as MemoryDevice).current = 262144 }));
        assert.deepEqual(commands(p), ["update-memory-device live"]);
        const step = p.steps[0];
        assert.strictEqual(step?.virsh, `virsh update-memory-device ${UUID} --alias ua-vmtune-vmem0 --requested-size 524288KiB --live`);
        assert.strictEqual(step?.description, "Ask the guest to plug 512 MiB of the virtio-mem device ua-vmtune-vmem0");
        assert.deepEqual([step?.call.method, step?.call.signature, step?.call.args[1]], ["UpdateDevice", "su", 1]);
        assert.strictEqual(canonical(String(step?.call.args[0])), canonical(withRequested(dev.xml, 512 * MiB)));
        assert.strictEqual(canonical(String(step?.call.args[0]).replace(">524288<", ">262144<")), canonical(dev.xml), "nothing else changed");
        assert.strictEqual(step?.inverse?.virsh, `virsh update-memory-device ${UUID} --alias ua-vmtune-vmem0 --requested-size 262144KiB --live`);
        assert.deepEqual(rollbackSteps(p.steps).map(s => s.call.args[0]), [withRequested(dev.xml, 262144)]);
    });

    QUnit.test("withRequested drops the guest's <current> and writes KiB", assert => {
        const live = readTuning(withDevice(262144, ALIASED, true)).memoryDevices[0] as MemoryDevice;
        const sent = withRequested(live.xml, GiB);
        assert.false(sent.includes("<current"), sent);
        assert.true(sent.includes(`<requested unit="KiB">1048576</requested>`), sent);
        assert.throws(() => withRequested("<memory model='dimm'><target><size>1</size></target></memory>", 0), /no <requested>/);
    });

    QUnit.test("resize both: one step when both sides have the same device, one per side when they differ", assert => {
        const xml = withDevice(262144, ALIASED);
        const dev = tuningOf(xml).memoryDevices[0] as MemoryDevice;
        const same = plan(planInput(xml, true, "both", { resizeVirtioMem: [{ device: dev, requested: 512 * MiB }] }));
        assert.deepEqual(commands(same), ["update-memory-device both"]);
        assert.strictEqual(same.steps[0]?.virsh, `virsh update-memory-device ${UUID} --alias ua-vmtune-vmem0 --requested-size 524288KiB --live --config`);
        const differ = plan(planInput(xml, true, "both", { resizeVirtioMem: [{ device: dev, requested: 512 * MiB }] },
                                      t => { (t.memoryDevices[0] as MemoryDevice).requested = 393216 }));
        assert.deepEqual(commands(differ), ["update-memory-device live", "update-memory-device config"]);
        assert.deepEqual(differ.steps.map(s => s.inverse?.virsh.split(" --requested-size ")[1]), ["393216KiB --live", "262144KiB --config"]);
        const unchanged = plan(planInput(xml, true, "both", { resizeVirtioMem: [{ device: dev, requested: 262144 }] }));
        assert.deepEqual(unchanged, { steps: [], refusals: [] });
    });

    QUnit.test("resize: a side without the device, a bad size, identical devices without alias are refused", assert => {
        const xml = withDevice(262144, ALIASED);
        const dev = tuningOf(xml).memoryDevices[0] as MemoryDevice;
        const liveOnly = plan(planInput(NUMA_XML, true, "both", { resizeVirtioMem: [{ device: dev, requested: 0 }] },
                                        t => { t.memoryDevices = [dev] }));
        assert.deepEqual([liveOnly.steps, liveOnly.refusals.map(r => r.message)],
                         [[], ["The next-boot definition does not have this virtio-mem device: choose Live"]]);
        const bad = plan(planInput(xml, false, "config", { resizeVirtioMem: [{ device: dev, requested: 3 * MiB }] }));
        assert.deepEqual(bad.refusals.map(r => r.field), ["virtiomem.requested"]);
        const negative = plan(planInput(xml, false, "config", { resizeVirtioMem: [{ device: dev, requested: -2048 }] }));
        assert.deepEqual(negative.refusals.map(r => r.field), ["virtiomem.requested"]);
        const twins = withDevice(0).replace(/(    <memory model='virtio-mem'>[\s\S]*?<\/memory>\n)/, "$1$1").replace(/ *<address type='pci'[^>]*\/>\n/g, "");
        const twin = tuningOf(twins).memoryDevices[0] as MemoryDevice;
        assert.strictEqual(findVirtioMem(tuningOf(twins), twin), "ambiguous");
        assert.true(/Several identical virtio-mem devices/.test(plan(planInput(twins, false, "config", { resizeVirtioMem: [{ device: twin, requested: 2048 }] })).refusals[0]?.message ?? ""));
    });

    QUnit.test("resize next boot of a device without alias: virsh finds it by its node", assert => {
        const xml = withDevice(0);
        const dev = tuningOf(xml).memoryDevices[0] as MemoryDevice;
        const p = plan(planInput(xml, false, "config", { resizeVirtioMem: [{ device: dev, requested: 64 * MiB }] }));
        assert.strictEqual(p.steps[0]?.virsh, `virsh update-memory-device ${UUID} --node 1 --requested-size 65536KiB --config`);
        assert.strictEqual(p.steps[0]?.description, "Ask the guest to plug 64 MiB of the virtio-mem device on guest NUMA cell 1");
        // found by PCI address on the other side, whatever its alias there
        const live = plan(planInput(xml, true, "live", { resizeVirtioMem: [{ device: dev, requested: 64 * MiB }] },
                                    t => { (t.memoryDevices[0] as MemoryDevice).alias = "virtiomem0" }));
        assert.strictEqual(live.steps[0]?.virsh, `virsh update-memory-device ${UUID} --alias virtiomem0 --requested-size 65536KiB --live`);
    });

    QUnit.test("detach for next boot: DetachDevice with the device as read, attach as its inverse", assert => {
        const xml = withDevice(262144, ALIASED);
        const dev = tuningOf(xml).memoryDevices[0] as MemoryDevice;
        const p = plan(planInput(xml, true, "config", { detachVirtioMem: [dev] }));
        assert.deepEqual(commands(p), ["detach-device config"]);
        assert.strictEqual(p.steps[0]?.description, "Remove the virtio-mem device of 1 GiB on guest NUMA cell 1");
        assert.strictEqual(canonical(String(p.steps[0]?.call.args[0])), canonical(dev.xml));
        assert.deepEqual([p.steps[0]?.inverse?.call.method, p.steps[0]?.needsRestart], ["AttachDevice", true]);
        const none = plan(planInput(NUMA_XML, false, "config", { detachVirtioMem: [dev] }));
        assert.deepEqual(none, { steps: [], refusals: [] }, "not there: nothing to do");
    });
});

QUnit.module("virtio-mem: card and conflicts", () => {
    QUnit.test("rows: live matched to next boot, requested against plugged, following", assert => {
        const live = readTuning(withDevice(262144, ALIASED, true));
        const config = readTuning(withDevice(131072, ALIASED));
        const rows = virtioMemRows(live, config);
        assert.deepEqual(rows.map(r => [r.key, r.requested, r.plugged, r.nextRequested, r.following, r.live !== undefined, r.config !== undefined]),
                         [["ua-vmtune-vmem0", 262144, 260096, 131072, true, true, true]]);
        assert.strictEqual(pluggedText(rows[0] as (typeof rows)[0]), "254 MiB of 256 MiB");
        assert.true(guestFollowing(rows));
        const caught = virtioMemRows(variant(live, t => { (t.memoryDevices[0] as MemoryDevice).current = 262144 }), config);
        assert.false(guestFollowing(caught));
        const off = virtioMemRows(undefined, config);
        assert.deepEqual(off.map(r => [r.key, pluggedText(r), r.following]), [["ua-vmtune-vmem0", "128 MiB", false]]);
        // without a user alias: matched by PCI address; a live-only device and a next-boot-only one stay apart
        const a = readTuning(withDevice(0, "\n      <alias name='virtiomem0'/>", true));
        const b = readTuning(withDevice(0).replace("slot='0x0a'", "slot='0x0b'"));
        assert.deepEqual(virtioMemRows(a, b).map(r => [r.key, r.live !== undefined, r.config !== undefined]),
                         [["virtiomem0", true, false], ["0000-00-0b-0", false, true]]);
        assert.deepEqual(virtioMemRows(a, readTuning(withDevice(0))).length, 1);
    });

    QUnit.test("resize and detach offer the sides that have the device; QEMU 7.2 keeps it in the running VM", assert => {
        const live = readTuning(withDevice(65536, ALIASED, true));
        const config = readTuning(withDevice(131072, ALIASED));
        const [both] = virtioMemRows(live, config);
        const [liveOnly] = virtioMemRows(live, readTuning(NUMA_XML));
        const [configOnly] = virtioMemRows(undefined, config);
        if (!both || !liveOnly || !configOnly) throw new Error("rows");
        const running = { active: true, persistent: true };
        assert.deepEqual([resizeScopes(both, running), resizeScopes(liveOnly, running), resizeScopes(configOnly, { active: false, persistent: true }),
                          resizeScopes(liveOnly, { active: true, persistent: false })],
                         [["live", "config", "both"], ["live"], ["config"], ["live"]]);
        assert.deepEqual(resizeScopes(configOnly, { active: true, persistent: false }), [], "a transient VM has no next boot");
        const old = detachScope(both, running, 7002022);
        assert.deepEqual([old.scope, old.live.length], ["config", 1], "QEMU 7.2: next boot only, and why");
        assert.deepEqual(detachScope(liveOnly, running, 7002022), { live: old.live }, "nothing to detach");
        const unplugged = { ...both, live: { ...(both.live as MemoryDevice), requested: 0, current: 0 } };
        assert.deepEqual(detachScope(unplugged, running, 8002000), { scope: "both", live: [] }, "QEMU 8.2, nothing plugged: both");
        assert.deepEqual(detachScope(configOnly, { active: false, persistent: true }, undefined), { scope: "config", live: [] });
    });

    QUnit.test("the DIMM list leaves virtio-mem to its card; the summary speaks of room, not slots", assert => {
        const t = readTuning(withDevice(0));
        assert.deepEqual(dimmRows(t, t), []);
        assert.strictEqual(virtioMemSummary(t), "5 GiB left for memory devices under the hotplug limit of 8 GiB (virtio-mem takes no slot)");
        assert.true(virtioMemSummary(tuningOf(PLAIN_XML)).startsWith("No hotplug limit"));
        assert.deepEqual(validateHotplugLimit({ size: "", slots: "" }, t).findings.map(f => f.message),
                         ["The VM has 1 virtio-mem devices: they need a hotplug limit (libvirt: \"cannot use/hotplug a memory device when domain 'maxMemory' is not defined\")"],
                         "the hotplug limit cannot go while a virtio-mem device needs it");
        assert.deepEqual(validateHotplugLimit({ size: "4 GiB", slots: "1" }, t).findings, [], "and it needs no slot");
    });

    QUnit.test("the guest plugging (<current>, <currentMemory>) is no conflict; a requested size changed by someone is", assert => {
        const vm = (xml: string): Vm => ({
            connection: { uri: "qemu:///system", driver: "qemu", session: false }, path: "/d", name: "vm1", uuid: UUID,
            state: "running", active: true, persistent: true, liveXml: xml, live: readTuning(xml), configXml: NUMA_XML, config: numa,
        });
        const seen = withDevice(262144, ALIASED, true);
        const plugged = seen.replace("<current unit='KiB'>260096</current>", "<current unit='KiB'>262144</current>")
            .replace("<currentMemory unit='KiB'>2097152</currentMemory>", "<currentMemory unit='KiB'>2359296</currentMemory>");
        assert.deepEqual(changesSince(vm(seen), vm(plugged)), []);
        const other = seen.replace("<requested unit='KiB'>262144</requested>", "<requested unit='KiB'>524288</requested>");
        assert.strictEqual(changesSince(vm(seen), vm(other)).length, 1);
    });
});
