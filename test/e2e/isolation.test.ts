// The host's CPU isolation on the real stack: the card shows what /proc/cmdline and sysfs say on this
// host and whether systemd runs (PID 1), the placement map's isolation legend says the same, nothing
// on the map is marked when nothing is isolated, and looking writes nothing (definitions and the
// host's CPU files byte-identical afterwards).
import { existsSync, readFileSync } from "node:fs";
import QUnit from "qunit";
import { closeBrowser, eventually, newPage, stack, text, virsh } from "./lib.ts";
import { describe, seriousViolations } from "./a11y.ts";

const QEMU_VMS = ["vmtune-test-numa", "vmtune-test-off", "vmtune-test-plain"];
const ISOLATED = "/sys/devices/system/cpu/isolated";
const NOHZ = "/sys/devices/system/cpu/nohz_full";
const PARAMS = ["isolcpus", "nohz_full", "rcu_nocbs", "irqaffinity"];

function read(path: string): string | undefined {
    return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** The kernel's own words of /proc/cmdline (what follows "--" goes to init). */
function kernelWords(): string[] {
    const words = readFileSync("/proc/cmdline", "utf8").trim().split(/\s+/);
    const end = words.indexOf("--");
    return end < 0 ? words : words.slice(0, end);
}

function snapshot(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const vm of QEMU_VMS) {
        out[`${vm} inactive`] = virsh("dumpxml", "--inactive", "--security-info", vm);
        out[`${vm} live`] = virsh("dumpxml", "--security-info", vm);
    }
    for (const path of ["/proc/cmdline", ISOLATED, NOHZ]) out[path] = read(path);
    return out;
}

QUnit.module("host CPU isolation", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", ...QEMU_VMS) });
    hooks.after(async () => { await closeBrowser() });

    QUnit.test("the card shows /proc/cmdline, sysfs and systemd as this host has them; the map's legend; nothing written", async assert => {
        const before = snapshot();
        const page = await newPage("/host");
        const table = page.locator("#isolation-table");
        await table.waitFor({ timeout: 60000 });
        assert.strictEqual(await text(page.locator("#host-isolation .pf-v6-c-card__title")), "CPU isolation");

        const given = kernelWords().map(w => w.split("=")[0] ?? "").filter(n => PARAMS.includes(n));
        const rows = await table.locator("tbody tr").evaluateAll(trs => trs.map(tr => (tr as HTMLElement).dataset.key));
        for (const name of PARAMS)
            assert.strictEqual(rows.includes(name), given.includes(name), `${name}: a row only where /proc/cmdline sets it`);
        if (given.length === 0)
            assert.true(await page.locator("#isolation-cmdline-none").isVisible(), "none of the four on the command line: said");

        const isolated = read(ISOLATED)?.trim() ?? "";
        const isoRow = table.locator('tr[data-key="sysfs-isolated"]');
        assert.strictEqual(await text(isoRow.locator("td").nth(1)), isolated === "" ? "none" : isolated, "isolated as sysfs says");
        assert.strictEqual(await text(isoRow.locator("td").nth(3)), ISOLATED, "its source named");
        const nohz = read(NOHZ);
        assert.strictEqual(await text(table.locator('tr[data-key="sysfs-nohz_full"] td').nth(1)),
                           nohz === undefined ? "none (no such file)" : nohz.trim() === "" ? "none" : nohz.trim(), "nohz_full as sysfs says");
        assert.true((await text(isoRow.locator("td").nth(2))).length > 20, "what it means, in a sentence");

        const systemd = readFileSync("/proc/1/comm", "utf8").trim() === "systemd";
        assert.strictEqual(await page.locator("#isolation-no-systemd").isVisible(), !systemd, "systemd's absence said where PID 1 is not systemd");
        assert.strictEqual(await table.locator('tr[data-key="system.slice"]').count(), systemd ? 1 : 0, "slices only where systemd runs");
        if (isolated === "")
            assert.true((await text(page.locator("#isolation-summary"))).startsWith("No CPU is isolated"), "summary: none isolated");

        // the placement map: its legend says what the map marks; with nothing isolated or restricted, nothing is marked
        const legend = page.locator("#placement-isolation-legend");
        await legend.waitFor({ timeout: 60000 });
        const keys = await eventually(() => legend.locator("[data-key]").evaluateAll(els => els.map(e => (e as HTMLElement).dataset.key)),
                                      k => !k.includes("reading"));
        if (!systemd && isolated === "") {
            assert.deepEqual(keys, ["none"], "legend: nothing isolated, nothing restricted");
            assert.strictEqual(await page.locator("#placement-map [data-isolation]").count(), 0, "no cell marked");
            assert.strictEqual(await page.locator("#placement-isolation-findings").count(), 0, "no finding: every pin would be flagged");
        } else {
            assert.deepEqual(keys, ["isolated", "host"], "legend: both marks");
        }
        const violations = (await seriousViolations(page)).filter(v => v.nodes.some(n => n.includes("isolation")));
        assert.deepEqual(violations, [], describe(violations));

        await new Promise(resolve => setTimeout(resolve, 6000));
        await page.context().close();
        const after = snapshot();
        for (const key of Object.keys(before))
            assert.strictEqual(after[key], before[key], `${key}: unchanged by looking`);
    });
});
