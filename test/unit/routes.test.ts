// Addresses: which page each one names; everything else is "not found" (issue 12, finding 12), and
// every VM link carries its connection (finding 7).
import QUnit from "qunit";
import { hrefOf, pageOf, vmHref } from "../../src/ui/routes.ts";

QUnit.module("routes", () => {
    QUnit.test("the pages", assert => {
        assert.deepEqual(pageOf([]), { kind: "overview" });
        assert.deepEqual(pageOf(["host"]), { kind: "host" });
        assert.deepEqual(pageOf(["vm", "a b"]), { kind: "vm", connection: "system", name: "a b", tab: "cpu" });
        assert.deepEqual(pageOf(["lxc", "c", "memory"]), { kind: "vm", connection: "lxc", name: "c", tab: "memory" });
        assert.deepEqual(pageOf(["session", "s", "numa"]), { kind: "vm", connection: "session", name: "s", tab: "numa" });
        assert.deepEqual(pageOf(["vm", "p", "perf"]), { kind: "vm", connection: "system", name: "p", tab: "perf" });
        assert.deepEqual(pageOf(["lxc", "c", "perf"]), { kind: "vm", connection: "lxc", name: "c", tab: "perf" });
    });

    QUnit.test("malformed or unknown addresses are not found", assert => {
        for (const route of [null, ["x"], ["vm"], ["vm", ""], ["vm", "a", "bogus"], ["vm", "a", "cpu", "more"], ["host", "x"],
            ["qemu", "a"], ["..", "x"]])
            assert.deepEqual(pageOf(route), { kind: "not-found" }, JSON.stringify(route));
    });

    QUnit.test("hrefs round-trip through decoding and keep the connection", assert => {
        for (const name of ["plain", "a b", "100%", "a/b", "#x", "-z", "名"]) {
            const href = vmHref("session", name, "numa");
            const parts = href.slice(2).split("/").map(decodeURIComponent);
            assert.deepEqual(pageOf(parts), { kind: "vm", connection: "session", name, tab: "numa" }, href);
        }
        assert.strictEqual(vmHref("system", "v"), "#/vm/v");
        assert.strictEqual(vmHref("lxc", "v", "memory"), "#/lxc/v/memory");
        assert.strictEqual(hrefOf([]), "#/");
    });
});
