// src/libvirt/domain-caps.ts against the real libvirt-dbus: the domain capabilities of the shut-off
// fixture's hypervisor (TCG) as `virsh domcapabilities` gives them, the host's features from
// BaselineCPU as `virsh cpu-baseline --features` gives them, one read per connection and query.
import "./harness.ts";
import QUnit from "qunit";
import { openLibvirt } from "../../src/libvirt/client.ts";
import { readDomainCpuCaps, readModelBlockers } from "../../src/libvirt/domain-caps.ts";
import { domainCapsQuery, parseDomainCpuCaps } from "../../src/model/host/domain-caps.ts";
import { virsh } from "./virsh.ts";

const OFF = "vmtune-test-off";
const libvirt = openLibvirt();

QUnit.module("domain capabilities on the real stack", () => {
    QUnit.test("the fixture's hypervisor: modes, models and migratable values as virsh domcapabilities says", async assert => {
        const query = domainCapsQuery(await virsh("dumpxml", "--inactive", OFF));
        assert.ok(query, "the fixture names its emulator, arch and machine");
        if (!query) return;
        assert.strictEqual(query.virttype, "qemu");
        const caps = await readDomainCpuCaps(libvirt, query);
        const witness = parseDomainCpuCaps(await virsh("domcapabilities", "--emulatorbin", query.emulatorbin, "--arch", query.arch,
            "--machine", query.machine, "--virttype", query.virttype));
        assert.deepEqual(caps.modes, witness.modes, "modes");
        assert.deepEqual(caps.migratable, witness.migratable, "migratable values");
        assert.deepEqual(caps.models, witness.models, "custom models and their usability");
        assert.deepEqual(caps.hostModel, witness.hostModel, "host-model");
        assert.strictEqual(caps.hostFeaturesError, undefined, "BaselineCPU answered");
        assert.true(caps.hostFeatures?.includes("pdpe1gb") === true && caps.hostFeatures.includes("topoext") === false,
            "pdpe1gb provided, topoext not (TCG's host-model disables it)");
        assert.strictEqual(readDomainCpuCaps(libvirt, query), readDomainCpuCaps(libvirt, query), "one read per connection and query");
        const blockers = await readModelBlockers(libvirt, caps, "EPYC");
        assert.true(blockers?.includes("rdseed") === true, `EPYC lacks ${JSON.stringify(blockers)}`);
        assert.deepEqual(await readModelBlockers(libvirt, caps, "qemu64"), [], "a usable model lacks nothing");
    });

    QUnit.test("a bad query is libvirt's error, and is not kept", async assert => {
        const bad = { emulatorbin: "/nonexistent/qemu", arch: "x86_64", machine: "pc", virttype: "qemu" };
        const first = readDomainCpuCaps(libvirt, bad);
        await first.then(() => assert.ok(false, "answered"), (e: unknown) => assert.true(e instanceof Error && e.message !== "", String(e)));
        const second = readDomainCpuCaps(libvirt, bad);
        second.catch(() => undefined);
        assert.notStrictEqual(second, first, "asked again next time");
    });
});
