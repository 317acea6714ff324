// The model's messages go through the translator the UI injects (cockpit.gettext) at start-up.
import QUnit from "qunit";
import { _, format, setGettext } from "../../src/model/i18n.ts";
import { plan } from "../../src/model/plan/plan.ts";
import { PLAIN_XML, tuningOf } from "./support/tuning-fixture.ts";

QUnit.module("i18n: injected translator", () => {
    QUnit.test("model messages are translated, placeholders filled after translation", assert => {
        const zh: Record<string, string> = {
            "A VM needs at least 1 vCPU": "虚拟机至少需要 1 个 vCPU",
            "$0 vCPUs is more than the maximum of $1: raise the maximum first (next boot) or choose fewer": "$0 个 vCPU 超过上限 $1",
        };
        const config = tuningOf(PLAIN_XML);
        const refusalFor = (current: number) => plan({
            name: "plain", uuid: config.uuid, running: false, config, inactiveXml: PLAIN_XML, hostCpus: 4, scope: "config", desired: { vcpus: { current } },
        }).refusals[0]?.message;
        setGettext(text => zh[text] ?? text);
        try {
            assert.strictEqual(_("A VM needs at least 1 vCPU"), "虚拟机至少需要 1 个 vCPU");
            assert.strictEqual(refusalFor(0), "虚拟机至少需要 1 个 vCPU");
            assert.strictEqual(refusalFor(3), "3 个 vCPU 超过上限 2");
            assert.strictEqual(_("no translation"), "no translation", "untranslated text stays as written");
        } finally {
            setGettext(text => text);
        }
        assert.strictEqual(refusalFor(0), "A VM needs at least 1 vCPU", "identity again: other tests see English");
        assert.strictEqual(format("$1 $0 $1", "a", "b"), "b a b", "placeholders in any order, repeated");
    });
});
