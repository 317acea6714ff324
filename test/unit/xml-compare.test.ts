// The whole-definition comparison behind the conflict check and the rollback check: canonical
// equality, every difference named in words, secrets never written out, live volatile items only.
import QUnit from "qunit";
import { canonicalXml, diffDomainXml } from "../../src/model/domain/xml-compare.ts";
import { changesSince, liveVolatile } from "../../src/model/vm/changes.ts";
import type { Vm as DomainSnapshot } from "../../src/model/vm/vm.ts";
import { installXmldom } from "./support/xml-canon.ts";

installXmldom();

const BASE = `<domain type='qemu'>
  <name>vm</name>
  <description>web server</description>
  <memory unit='KiB'>524288</memory>
  <currentMemory unit='KiB'>524288</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <cputune>
    <shares>1024</shares>
  </cputune>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/a.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/>
    </channel>
    <graphics type='vnc' port='5900' autoport='yes' passwd='hunter2'/>
    <memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>
    <memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>
  </devices>
</domain>
`;

const edit = (from: string, to: string) => {
    if (!BASE.includes(from)) throw new Error(`fixture has no ${from}`);
    return BASE.replace(from, to);
};

QUnit.module("xml-compare", () => {
    QUnit.test("layout, attribute order and quotes do not count", assert => {
        const relaid = `<domain type="qemu"><name>vm</name><description>web server</description>
            <memory unit="KiB">524288</memory><currentMemory unit="KiB">524288</currentMemory>
            <vcpu current="2" placement="static">4</vcpu><cputune><shares>1024</shares></cputune><devices>
            <disk device="disk" type="file"><source file="/var/lib/a.img"/><target bus="virtio" dev="vda"/></disk>
            <channel type="unix"><target name="org.qemu.guest_agent.0" type="virtio" state="disconnected"/></channel>
            <graphics autoport="yes" passwd="hunter2" port="5900" type="vnc"/>
            <memory model="dimm"><target><size unit="KiB">131072</size><node>0</node></target></memory>
            <memory model="dimm"><target><size unit="KiB">131072</size><node>0</node></target></memory>
            </devices></domain>`;
        assert.deepEqual(diffDomainXml(BASE, relaid), []);
        assert.strictEqual(canonicalXml(BASE), canonicalXml(relaid));
    });

    QUnit.test("each kind of change is named where it is", assert => {
        assert.deepEqual(diffDomainXml(BASE, edit("web server", "db server")),
                         ["<description> changed: \"web server\" → \"db server\""]);
        assert.deepEqual(diffDomainXml(BASE, edit("<shares>1024", "<shares>900")), ["<cputune><shares> changed: \"1024\" → \"900\""]);
        assert.deepEqual(diffDomainXml(BASE, edit("current='2'", "current='3'")), ["<vcpu> current changed: \"2\" → \"3\""]);
        assert.deepEqual(diffDomainXml(BASE, edit("  </devices>", "    <disk type='file' device='disk'><source file='/b.img'/><target dev='vdb' bus='virtio'/></disk>\n  </devices>")),
                         ["device <disk vdb> added"]);
        assert.deepEqual(diffDomainXml(BASE, edit("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='sata'/>")),
                         ["device <disk vda> <target> bus changed: \"virtio\" → \"sata\""]);
        assert.deepEqual(diffDomainXml(BASE, edit("  <description>web server</description>\n", "")), ["<description> removed"]);
        assert.deepEqual(diffDomainXml(BASE, edit("<name>vm</name>", "<name>vm</name><metadata><x:y xmlns:x='urn:x'/></metadata>")),
                         ["<metadata> added"]);
    });

    QUnit.test("of two identical DIMMs, one removed: one line", assert => {
        const one = edit("    <memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>\n", "");
        assert.deepEqual(diffDomainXml(BASE, one), ["device <memory dimm> removed"]);
        assert.deepEqual(diffDomainXml(one, BASE), ["device <memory dimm> added"]);
    });

    QUnit.test("a reordering counts (libvirt keeps the order it is given)", assert => {
        const swapped = edit("    <graphics type='vnc' port='5900' autoport='yes' passwd='hunter2'/>\n", "")
            .replace("    <disk type='file'", "    <graphics type='vnc' port='5900' autoport='yes' passwd='hunter2'/>\n    <disk type='file'");
        const lines = diffDomainXml(BASE, swapped);
        assert.strictEqual(lines.length, 1, lines.join(" | "));
        assert.true(/<devices>: order/.test(lines[0] ?? ""), lines[0]);
        assert.notStrictEqual(canonicalXml(BASE), canonicalXml(swapped));
    });

    QUnit.test("a changed password is reported without its values", assert => {
        const lines = diffDomainXml(BASE, edit("hunter2", "letmein"));
        assert.deepEqual(lines, ["device <graphics vnc> passwd changed (a secret: not shown)"]);
        const gone = diffDomainXml(BASE, edit(" passwd='hunter2'", ""));
        assert.false(gone.join("").includes("hunter2"), gone.join(""));
        assert.strictEqual(gone.length, 1);
    });

    QUnit.test("ignore: only the named path", assert => {
        const ballooned = edit("<currentMemory unit='KiB'>524288", "<currentMemory unit='KiB'>500000");
        const agent = edit("state='disconnected'", "state='connected'");
        assert.deepEqual(diffDomainXml(BASE, ballooned, liveVolatile), [], "balloon movement ignored live");
        assert.deepEqual(diffDomainXml(BASE, agent, liveVolatile), [], "guest agent state ignored live");
        assert.strictEqual(diffDomainXml(BASE, ballooned).length, 1, "… but counted without the filter (next boot)");
        const both = edit("state='disconnected'", "state='connected'").replace("web server", "x");
        assert.deepEqual(diffDomainXml(BASE, both, liveVolatile), ["<description> changed: \"web server\" → \"x\""]);
    });
});

function snapshot(over: Partial<DomainSnapshot>): DomainSnapshot {
    return {
        connection: { id: "system", uri: "qemu:///system", path: "/org/libvirt/QEMU", bus: "system", driver: "qemu" } as unknown as DomainSnapshot["connection"],
        path: "/p", name: "vm", uuid: "u", state: "running", active: true, persistent: true,
        liveXml: BASE, configXml: BASE, sched: { shares: 1024 }, ...over,
    };
}

QUnit.module("changesSince", () => {
    QUnit.test("both definitions as whole documents, with the side named", assert => {
        const seen = snapshot({});
        assert.deepEqual(changesSince(seen, snapshot({})), []);
        const now = snapshot({
            configXml: edit("web server", "db").replace("  </devices>", "    <disk type='file' device='cdrom'><target dev='sda' bus='sata'/></disk>\n  </devices>"),
            liveXml: edit("<currentMemory unit='KiB'>524288", "<currentMemory unit='KiB'>400000").replace("<shares>1024", "<shares>900"),
            sched: { shares: 900 },
        });
        assert.deepEqual(changesSince(seen, now), [
            "live: <cputune><shares> changed: \"1024\" → \"900\"",
            "next boot: <description> changed: \"web server\" → \"db\"",
            "next boot: device <disk sda> added",
            "live scheduler.shares: 1024 → 900",
        ]);
    });

    QUnit.test("the balloon is volatile live only; a lost next-boot definition counts", assert => {
        const seen = snapshot({});
        const ballooned = edit("<currentMemory unit='KiB'>524288", "<currentMemory unit='KiB'>400000");
        assert.deepEqual(changesSince(seen, snapshot({ liveXml: ballooned })), []);
        assert.strictEqual(changesSince(seen, snapshot({ configXml: ballooned })).length, 1);
        assert.deepEqual(changesSince(seen, snapshot({ configXml: undefined })), ["next boot: definition removed"]);
        assert.deepEqual(changesSince(seen, snapshot({ state: "paused" })), ["state: running → paused"]);
    });
});

QUnit.module("xml-compare: list items", () => {
    QUnit.test("a pin added or changed names its vCPU; a cell its id", assert => {
        const pinned = edit("<shares>1024</shares>", "<shares>1024</shares><vcpupin vcpu='3' cpuset='0-1'/>");
        assert.deepEqual(diffDomainXml(BASE, pinned), ["<cputune><vcpupin 3> added"]);
        const moved = pinned.replace("cpuset='0-1'", "cpuset='1'");
        assert.deepEqual(diffDomainXml(pinned, moved), ["<cputune><vcpupin 3> cpuset changed: \"0-1\" → \"1\""]);
    });
});
