// The balloon's policy (autodeflate, freePageReporting): read, minimal edit, the define the planner
// makes of it (next boot only), the rules before sending, the conflict check seeing it, and a round
// trip over libvirt's test domains that have a balloon.
import QUnit from "qunit";
import { canonical, factDiff, facts, installXmldom } from "./support/xml-canon.ts";
import { editTuning, readTuning } from "../../src/model/domain/domain-xml.ts";
import { diffTuning } from "../../src/model/domain/diff.ts";
import { plan, rollbackSteps } from "../../src/model/plan/plan.ts";
import { checkBalloonPolicy, isVirtioBalloon, parseVersion } from "../../src/model/rules/rules.ts";
import { PLAIN_XML, planInput as input, refusedFields as fields } from "./support/tuning-fixture.ts";
import { loadCorpus } from "./support/corpus-files.ts";

installXmldom();

const NO_BALLOON = PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='none'/>");
const WITHOUT = PLAIN_XML.replace("    <memballoon model='virtio'/>\n", "");
const DEFLATE_ON = PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='virtio' autodeflate='on'><stats period='5'/></memballoon>");
const XEN = PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='xen'/>");

QUnit.module("balloon policy", () => {
    QUnit.test("read: on, off, not written", assert => {
        assert.deepEqual(readTuning(PLAIN_XML).memballoon, { model: "virtio", statsPeriod: undefined, autodeflate: undefined, freePageReporting: undefined });
        assert.deepEqual(readTuning(DEFLATE_ON).memballoon, { model: "virtio", statsPeriod: 5, autodeflate: true, freePageReporting: undefined });
        const off = readTuning(PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='virtio' autodeflate='off' freePageReporting='on'/>"));
        assert.deepEqual([off.memballoon?.autodeflate, off.memballoon?.freePageReporting], [false, true]);
        assert.strictEqual(readTuning(WITHOUT).memballoon, undefined);
    });

    QUnit.test("edit: only the attributes named change; null removes one; the rest of the document is as it was", assert => {
        const on = editTuning(DEFLATE_ON, { memballoon: { freePageReporting: true } });
        assert.deepEqual(factDiff(facts(on), facts(DEFLATE_ON)), ['/domain/devices/memballoon autodeflate="on" freePageReporting="on" model="virtio"']);
        assert.deepEqual(factDiff(facts(DEFLATE_ON), facts(on)), ['/domain/devices/memballoon autodeflate="on" model="virtio"']);
        const cleared = editTuning(DEFLATE_ON, { memballoon: { autodeflate: null } });
        assert.strictEqual(canonical(cleared), canonical(PLAIN_XML.replace("<memballoon model='virtio'/>", "<memballoon model='virtio'><stats period='5'/></memballoon>")),
                           "autodeflate removed, the statistics period kept");
        assert.true(editTuning(PLAIN_XML, { memballoon: { autodeflate: false } }).includes('autodeflate="off"'), "false writes off");
        assert.strictEqual(canonical(editTuning(PLAIN_XML, { memballoon: {} })), canonical(PLAIN_XML), "an empty policy changes nothing");
    });

    QUnit.test("edit: a VM without a balloon (none, or no element) is refused, never given a model-less <memballoon>", assert => {
        for (const xml of [NO_BALLOON, WITHOUT])
            assert.throws(() => editTuning(xml, { memballoon: { freePageReporting: true } }), /no balloon device/);
        // removing what is not there is no edit
        assert.strictEqual(canonical(editTuning(WITHOUT, { memballoon: { autodeflate: null } })), canonical(WITHOUT));
    });

    QUnit.test("plan: one define for next boot, inverse the definition as read; a running VM's live side untouched", assert => {
        for (const [running, scope] of [[false, "config"], [true, "config"], [true, "both"]] as const) {
            const p = plan(input(PLAIN_XML, running, scope, { memballoon: { autodeflate: true, freePageReporting: true } }));
            assert.deepEqual(fields(p), [], `${scope}, running ${running}: nothing refused`);
            assert.deepEqual(p.steps.map(s => [s.command, s.scope]), [["define", "config"]], `${scope}: one define`);
            const xml = p.steps[0]?.call.args[0];
            assert.true(typeof xml === "string" && /<memballoon model="virtio" autodeflate="on" freePageReporting="on"\/>/.test(xml), "the new definition");
            assert.true(p.steps[0]?.virsh.startsWith("virsh define"), "virsh define");
            assert.deepEqual(rollbackSteps(p.steps).map(s => s.call.args[0]), [PLAIN_XML], "rollback defines the XML as read");
        }
    });

    QUnit.test("plan: the same setting plans nothing (absent is off); live only is refused", assert => {
        assert.deepEqual(plan(input(DEFLATE_ON, false, "config", { memballoon: { autodeflate: true } })).steps, [], "already on");
        assert.deepEqual(plan(input(PLAIN_XML, false, "config", { memballoon: { autodeflate: null, freePageReporting: false } })).steps, [], "absent is off");
        const off = plan(input(DEFLATE_ON, false, "config", { memballoon: { autodeflate: null } }));
        assert.deepEqual(off.steps.map(s => s.command), ["define"], "on → off is a change");
        const live = plan(input(PLAIN_XML, true, "live", { memballoon: { autodeflate: true } }));
        assert.deepEqual([live.steps.length, fields(live)], [0, ["memballoon.policy"]], "the policy has no live change");
    });

    QUnit.test("plan: no virtio balloon, or a container: refused with the reason", assert => {
        for (const xml of [NO_BALLOON, WITHOUT, XEN]) {
            const p = plan(input(xml, false, "config", { memballoon: { freePageReporting: true } }));
            assert.deepEqual([p.steps.length, fields(p)], [0, ["memballoon.freePageReporting"]], "refused");
        }
        const lxc = plan({ ...input(WITHOUT, false, "config", { memballoon: { autodeflate: true } }), driver: "lxc" });
        assert.deepEqual([lxc.steps.length, fields(lxc)], [0, ["memballoon.autodeflate"]]);
        // switching off what a balloon of another model has is no refusal
        assert.deepEqual(fields(plan(input(XEN, false, "config", { memballoon: { autodeflate: null } }))), []);
    });

    QUnit.test("rules: a virtio balloon, QEMU, and libvirt 6.9 for free page reporting", assert => {
        const virtio = readTuning(PLAIN_XML);
        const on = { autodeflate: true, freePageReporting: true };
        assert.deepEqual(checkBalloonPolicy(on, virtio, "qemu", "9.0.0"), [], "libvirt 9.0.0, virtio");
        assert.deepEqual(checkBalloonPolicy(on, virtio, "qemu", "6.9.0"), [], "exactly 6.9.0");
        assert.deepEqual(checkBalloonPolicy(on, virtio, "qemu", "10.0.0"), [], "10 > 6 (numeric, not text)");
        assert.deepEqual(checkBalloonPolicy(on, virtio, "qemu", ""), [], "version unknown: libvirt judges");
        const old = checkBalloonPolicy(on, virtio, "qemu", "6.8.99");
        assert.deepEqual(old.map(f => f.field), ["memballoon.freePageReporting"], "6.8: free page reporting only");
        assert.true(/6\.9\.0 or newer.*6\.8\.99/.test(old[0]?.message ?? ""), old[0]?.message);
        assert.deepEqual(checkBalloonPolicy(on, virtio, "qemu", "5.10.0").length, 1, "5.10 < 6.9 (numeric, not text)");
        for (const xml of [NO_BALLOON, WITHOUT, XEN]) {
            const f = checkBalloonPolicy(on, readTuning(xml), "qemu", "9.0.0");
            assert.deepEqual(f.map(x => [x.field, x.severity]), [["memballoon.autodeflate", "error"], ["memballoon.freePageReporting", "error"]]);
            assert.true(/virtio balloon/.test(f[0]?.message ?? ""), f[0]?.message);
        }
        assert.deepEqual(checkBalloonPolicy(on, virtio, "lxc").length, 2, "a container has no balloon");
        assert.deepEqual(checkBalloonPolicy({ autodeflate: null, freePageReporting: false }, readTuning(NO_BALLOON), "qemu"), [], "off is always fine");
        assert.deepEqual(checkBalloonPolicy({ autodeflate: true }, readTuning(DEFLATE_ON), "qemu"), [], "unchanged on is no new finding");
        assert.deepEqual([isVirtioBalloon("virtio-non-transitional"), isVirtioBalloon("xen"), isVirtioBalloon(undefined)], [true, false, false]);
        assert.deepEqual([parseVersion("9.0.0"), parseVersion("9.0"), parseVersion(undefined)], [[9, 0, 0], undefined, undefined]);
    });

    QUnit.test("diffTuning names a policy changed by someone else (a conflict at apply)", assert => {
        const lines = diffTuning(readTuning(PLAIN_XML), readTuning(DEFLATE_ON));
        assert.true(lines.includes("memballoon.autodeflate: ∅ → true"), lines.join("\n"));
        assert.true(lines.includes("memballoon.statsPeriod: ∅ → 5"), lines.join("\n"));
    });

    QUnit.test("libvirt's test domains with a balloon: each policy set, read back, cleared; nothing else moves", assert => {
        const { files } = loadCorpus();
        let seen = 0;
        const problems: string[] = [];
        for (const f of files) {
            let t;
            try { t = readTuning(f.xml) } catch { continue }
            if (!t.memballoon || t.memballoon.model === "none") continue;
            seen++;
            for (const key of ["autodeflate", "freePageReporting"] as const) {
                const want = !(t.memballoon[key] ?? false);
                const set = editTuning(f.xml, { memballoon: { [key]: want } });
                if (readTuning(set).memballoon?.[key] !== want) problems.push(`${f.name}: ${key} set ${want}, read ${readTuning(set).memballoon?.[key]}`);
                const others = factDiff(facts(set), facts(f.xml)).filter(l => !l.startsWith("/domain/devices/memballoon "));
                if (others.length > 0) problems.push(`${f.name}: ${key}: also changed ${others.join("; ")}`);
                const cleared = editTuning(f.xml, { memballoon: { [key]: null } });
                if (readTuning(cleared).memballoon?.[key] !== undefined) problems.push(`${f.name}: ${key} not cleared`);
            }
        }
        assert.true(seen > 100, `${seen} domains with a balloon`);
        assert.deepEqual(problems, []);
    });
});
