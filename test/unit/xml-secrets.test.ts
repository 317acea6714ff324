// Secure-only data is masked wherever vmtune shows XML, and only there: the masked document equals
// the original except the secret values; the copied line (Step.virsh) keeps them.
import QUnit from "qunit";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MASK, hasSecrets, maskSecrets } from "../../src/model/domain/xml-secrets.ts";
import { displayedLine, withMaskedLines } from "../../src/model/view/step-display.ts";
import type { Step } from "../../src/model/types.ts";
import { canonical, factDiff, facts, installXmldom } from "./support/xml-canon.ts";

installXmldom();

// as libvirt 9.0 formats them with --security-info (test:///default, from its own test domains)
const GRAPHICS = `<domain type='qemu'>
  <name>g</name>
  <memory unit='KiB'>219136</memory>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='s3cr&quot;t&apos;pw'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <graphics type='spice' port='5900' autoport='no' passwd='sercet' passwdValidTo='2011-05-31T16:11:22' connected='disconnect'/>
  </devices>
</domain>
`;
const COOKIES = `<domain type='qemu'>
  <name>c</name>
  <devices>
    <disk type='network' device='disk'>
      <source protocol='http' name='test3.img'>
        <host name='example.org' port='1234'/>
        <cookies>
          <cookie name='test'>testcookievalue</cookie>
          <cookie name='test2'>&quot;blurb&quot;</cookie>
        </cookies>
      </source>
      <backingStore type='network'>
        <source protocol='https' name='base.img'>
          <host name='example.org'/>
          <cookies>
            <cookie name='deep'>deepvalue</cookie>
          </cookies>
        </source>
      </backingStore>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

QUnit.module("xml-secrets", () => {
    QUnit.test("graphics passwords of every type are masked; nothing else differs", assert => {
        const masked = maskSecrets(GRAPHICS);
        assert.false(masked.includes("s3cr"), "the VNC password is gone");
        assert.false(masked.includes("sercet"), "the SPICE password is gone");
        assert.deepEqual(factDiff(facts(GRAPHICS), facts(masked)), [
            `/domain/devices/graphics autoport="yes" listen="127.0.0.1" passwd="s3cr\\"t'pw" port="-1" type="vnc"`,
            `/domain/devices/graphics autoport="no" connected="disconnect" passwd="sercet" passwdValidTo="2011-05-31T16:11:22" port="5900" type="spice"`,
        ], "only the two graphics elements differ");
        assert.deepEqual(factDiff(facts(masked), facts(GRAPHICS)), [
            `/domain/devices/graphics autoport="yes" listen="127.0.0.1" passwd="${MASK}" port="-1" type="vnc"`,
            `/domain/devices/graphics autoport="no" connected="disconnect" passwd="${MASK}" passwdValidTo="2011-05-31T16:11:22" port="5900" type="spice"`,
        ], "… and only by their passwd");
    });

    QUnit.test("disk cookies are masked at any depth; their names stay", assert => {
        const masked = maskSecrets(COOKIES);
        for (const secret of ["testcookievalue", "blurb", "deepvalue"])
            assert.false(masked.includes(secret), `${secret} is gone`);
        assert.deepEqual(factDiff(facts(COOKIES), facts(masked)).sort(), [
            `/domain/devices/disk/backingStore/source/cookies/cookie#text "deepvalue"`,
            `/domain/devices/disk/source/cookies/cookie#text "\\"blurb\\""`,
            `/domain/devices/disk/source/cookies/cookie#text "testcookievalue"`,
        ]);
        assert.true(masked.includes("name=\"test2\"") || masked.includes("name='test2'"), "cookie names are shown");
    });

    QUnit.test("a document without secrets comes back as the same string", assert => {
        const plain = GRAPHICS.replace(/ passwd='[^']*'/g, "");
        assert.strictEqual(maskSecrets(plain), plain);
        assert.false(hasSecrets(plain));
        assert.true(hasSecrets(GRAPHICS));
        const dimm = "<memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>";
        assert.strictEqual(maskSecrets(dimm, "memory"), dimm, "a DIMM has nothing secret");
        // passwd is secret only on <devices><graphics>: elsewhere it is shown as it is
        const other = "<domain><metadata><x passwd='shown'/></metadata></domain>";
        assert.strictEqual(maskSecrets(other), other);
    });

    QUnit.test("over libvirt's 1070 test domains: only passwd and cookies change, the rest is identical", assert => {
        const here = path.dirname(fileURLToPath(import.meta.url));
        const dir = [path.resolve(process.cwd(), "../shared/data/libvirt-domains"), path.resolve(here, "../../../shared/data/libvirt-domains")]
            .find(d => existsSync(d));
        const names = dir ? readdirSync(dir).filter(f => f.endsWith(".xml")) : [];
        assert.true(names.length > 1000, `corpus found (${names.length} files)`);
        let withSecrets = 0;
        for (const name of names) {
            const xml = readFileSync(path.join(dir as string, name), "utf8");
            let masked: string;
            try { masked = maskSecrets(xml) } catch { continue } // not a <domain> (the corpus has a few)
            if (masked === xml) continue;
            withSecrets++;
            const gone = factDiff(facts(xml), facts(masked));
            const bad = gone.filter(f => !/^\/domain\/devices\/graphics .*passwd=/.test(f) && !/\/source\/cookies\/cookie#text /.test(f));
            assert.deepEqual(bad, [], `${name}: only secrets differ`);
            assert.false(/passwd="(?!\*{8}")/.test(facts(masked).join("\n")), `${name}: no password left`);
        }
        assert.true(withSecrets >= 2, `the two test domains with secrets are among them (${withSecrets})`);
    });
});

function defineStep(xml: string): Step {
    const line = `virsh -c qemu:///system define /dev/stdin <<'VMTUNE_XML'\n${xml}VMTUNE_XML`;
    return {
        command: "define", scope: "config", virsh: line, description: "Save",
        call: { target: "connect", method: "DomainDefineXML", signature: "s", args: [xml] },
        inverse: {
            command: "define", scope: "config", virsh: line, description: "Undo",
            call: { target: "connect", method: "DomainDefineXML", signature: "s", args: [xml] },
        },
    };
}

QUnit.module("step-display", () => {
    QUnit.test("a define with a password: shown is masked, virsh (copied) keeps it; the inverse too", assert => {
        const step = withMaskedLines(defineStep(GRAPHICS));
        assert.true(step.virsh.includes("passwd='s3cr&quot;t&apos;pw'"), "virsh keeps the exact XML");
        assert.strictEqual(step.call.args[0], GRAPHICS, "the call sends the exact XML");
        const shown = displayedLine(step);
        assert.false(shown.includes("s3cr") || shown.includes("sercet"), "the displayed line has no password");
        const head = "virsh -c qemu:///system define /dev/stdin <<'VMTUNE_XML'\n";
        assert.true(shown.startsWith(head) && shown.endsWith("VMTUNE_XML"), "same command around the document");
        const body = shown.slice(head.length, shown.length - "VMTUNE_XML".length);
        assert.strictEqual(canonical(body), canonical(maskSecrets(GRAPHICS)), "the document shown is the masked one");
        assert.false(displayedLine(step.inverse as Step).includes("s3cr"), "the undo line is masked too");
    });

    QUnit.test("lines without secrets have no separate display", assert => {
        const plain = GRAPHICS.replace(/ passwd='[^']*'/g, "");
        const step = withMaskedLines(defineStep(plain));
        assert.strictEqual(step.shown, undefined);
        assert.strictEqual(displayedLine(step), step.virsh);
        const sched: Step = { command: "schedinfo", scope: "live", virsh: "virsh schedinfo x --live cpu_shares=5", description: "",
                              call: { target: "domain", method: "SetSchedulerParameters", signature: "a{sv}u", args: [{}, 1] } };
        assert.deepEqual(withMaskedLines(sched), sched);
    });
});

QUnit.module("step-display: unknown documents", () => {
    QUnit.test("an attach of a device the mask does not know shows the command without its XML", assert => {
        const xml = "<graphics type='vnc' passwd='s3cr'/>";
        const step: Step = { command: "attach-device", scope: "live", virsh: `virsh attach-device u /dev/stdin --live <<'VMTUNE_XML'\n${xml}\nVMTUNE_XML`,
                             description: "", call: { target: "domain", method: "AttachDevice", signature: "su", args: [xml, 1] } };
        assert.strictEqual(displayedLine(withMaskedLines(step)), "virsh attach-device u /dev/stdin --live <<'VMTUNE_XML'");
    });
});
