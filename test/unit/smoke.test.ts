import QUnit from "qunit";
import { format } from "../../src/model/i18n.ts";

QUnit.module("i18n", () => {
    QUnit.test("format fills placeholders", assert => {
        assert.strictEqual(format("$0 of $1", 3, "x"), "3 of x");
        assert.strictEqual(format("$2 left", 1), "$2 left");
    });
});
