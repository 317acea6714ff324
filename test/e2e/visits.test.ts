// A long login: the page visited again and again on one cockpit-ws. Each visit opens D-Bus channels
// with signal subscriptions; leaving the page must give their match rules back, or the bridge reaches
// dbus-daemon's limit (512 per connection) and every later visit waits forever (seen at ~20 visits).
import { execFileSync } from "node:child_process";
import QUnit from "qunit";
import { closeBrowser, newPage } from "./lib.ts";
import { openVm } from "./cards.ts";

const VISITS = 30;

/** Match rules held on the system bus by every cockpit-bridge (dbus-daemon's Debug.Stats). */
function bridgeMatchRules(): number {
    const pids = execFileSync("pgrep", ["-x", "cockpit-bridge"], { encoding: "utf8" }).trim().split("\n");
    const names = execFileSync("busctl", ["--system", "list", "--no-legend"], { encoding: "utf8" }).split("\n");
    let total = 0;
    for (const line of names) {
        const [name, pid] = line.trim().split(/\s+/);
        if (!name?.startsWith(":") || pid === undefined || !pids.includes(pid)) continue;
        const stats = execFileSync("busctl", ["--system", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                              "org.freedesktop.DBus.Debug.Stats", "GetConnectionStats", "s", name], { encoding: "utf8" });
        const rules = /"MatchRules" u (\d+)/.exec(stats)?.[1];
        if (rules === undefined) throw new Error(`no MatchRules in dbus-daemon's stats for ${name}: ${stats}`);
        total += Number(rules);
    }
    return total;
}

QUnit.module("visits", hooks => {
    hooks.after(closeBrowser);

    QUnit.test(`the VM page visited ${VISITS} times on one login: each visit gives its bus subscriptions back`, async assert => {
        const first = await newPage();
        await openVm(first, "vmtune-test-numa", "cpu");
        const open = bridgeMatchRules();
        await first.context().close();
        for (let i = 2; i <= VISITS; i++) {
            const page = await newPage();
            await openVm(page, "vmtune-test-numa", i % 2 ? "memory" : "numa");
            await page.context().close();
        }
        const last = await newPage();
        await openVm(last, "vmtune-test-numa", "cpu");
        assert.true(await last.locator("#vm-title").isVisible(), `visit ${VISITS + 1} shows the VM`);
        const after = bridgeMatchRules();
        // one open page's own rules, plus a margin: a leak of even one subscription per visit exceeds it
        assert.true(after <= open + VISITS / 2, `match rules with one page open: ${open} at the first visit, ${after} after ${VISITS} more`);
        await last.context().close();
    });
});
