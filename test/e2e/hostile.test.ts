// A VM whose name is hostile (quotes, <, &, markup, shell syntax, unicode, 200 characters): it renders
// as text everywhere (list, VM page, review), nothing is injected into the DOM, and the copyable virsh
// line from the review, run by a real shell, changes exactly that VM. A VM named like the ID (or the
// UUID) of another running VM: the review's line, run as shown, changes it and not the other (virsh
// looks a domain argument up as an ID first, then a UUID, then a name; the lines give the UUID).
import QUnit from "qunit";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { closeBrowser, keyValues, newPage, virsh } from "./lib.ts";
import { apply, closeReview, fill, openVm, review } from "./cards.ts";

// libvirt refuses "/" in names (so no closing tags); everything else must survive as text
const BASE = `vmtune-hostile-"'<img src=x onerror=window.vmtuneInjected=1><b>&amp;&lt;<i> $(id) \`id\` ;|\\ ☃ 中文 🙂 é`;
const NAME = (BASE + "x".repeat(200)).slice(0, 200 + (BASE.length - [...BASE].length)); // 200 code points

function xmlEscape(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Nothing the name carries became an element or ran. */
async function notInjected(page: Page): Promise<{ imgs: number; bolds: number; ran: boolean }> {
    return page.evaluate(() => ({
        imgs: document.querySelectorAll("img").length,
        bolds: document.querySelectorAll("#app b").length,
        ran: (window as unknown as { vmtuneInjected?: number }).vmtuneInjected !== undefined,
    }));
}

QUnit.module("hostile names", hooks => {
    hooks.before(() => {
        const file = "/tmp/vmtune-hostile.xml";
        writeFileSync(file, `<domain type='qemu'><name>${xmlEscape(NAME)}</name><memory unit='MiB'>64</memory>` +
            "<vcpu placement='static'>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n");
        virsh("define", file);
    });
    hooks.after(async () => {
        await closeBrowser();
        try { virsh("undefine", NAME) } catch { /* already gone */ }
    });

    QUnit.test("the name is 200 characters and libvirt kept it byte for byte", assert => {
        assert.strictEqual([...NAME].length, 200, "200 characters");
        assert.strictEqual(virsh("domname", virsh("domuuid", NAME).trim()).trim(), NAME, "virsh gives it back unchanged");
    });

    QUnit.test("list, VM page and review show it as text; nothing injected; the virsh line targets it", async assert => {
        const page = await newPage();
        await page.locator("#vm-table").waitFor({ timeout: 30000 });
        const rowText = await page.waitForFunction(name => {
            const cell = [...document.querySelectorAll("#vm-table td[data-field='name']")].find(td => td.textContent === name);
            return cell ? cell.textContent : false;
        }, NAME, { timeout: 30000 });
        assert.strictEqual(await rowText.jsonValue(), NAME, "list: the name cell's text is the name");
        assert.deepEqual(await notInjected(page), { imgs: 0, bolds: 0, ran: false }, "list: no element injected, nothing ran");

        await page.evaluate(name => {
            const cell = [...document.querySelectorAll("#vm-table td[data-field='name']")].find(td => td.textContent === name);
            cell?.querySelector("a")?.click();
        }, NAME);
        await page.locator("#vm-title").waitFor({ timeout: 30000 });
        assert.true((await page.locator("#vm-title").textContent())?.startsWith(NAME), "VM page title");
        assert.true((await page.locator("nav[aria-label='Breadcrumb'], .pf-v6-c-breadcrumb").first().textContent())?.includes(NAME), "breadcrumb");
        assert.deepEqual(await notInjected(page), { imgs: 0, bolds: 0, ran: false }, "VM page: nothing injected");

        await page.locator("#sched-shares").waitFor();
        await fill(page, "sched-shares", "1234");
        const steps = await review(page, "card-scheduler");
        assert.true((await page.locator("#plan-review-title").textContent())?.includes(NAME), "review title");
        assert.deepEqual(await notInjected(page), { imgs: 0, bolds: 0, ran: false }, "review: nothing injected");
        const { outcome, text } = await apply(page);
        assert.strictEqual(outcome, "done", text);
        await closeReview(page);
        assert.strictEqual(keyValues(virsh("schedinfo", NAME, "--config")).cpu_shares, "1234", "virsh: applied to that VM");

        // the copyable line, run by a real shell with another value: quoting keeps $(id), `id`, ; and | inert
        const line = steps[0]?.virsh.replace(/cpu_shares=1234/, "cpu_shares=1235") ?? "";
        assert.true(line.includes("cpu_shares=1235"), `the review's line: ${line}`);
        assert.true(line.startsWith("virsh -c qemu:///system "), "the line names its connection (a non-root virsh defaults to qemu:///session)");
        execFileSync("sh", ["-c", line], { encoding: "utf8" });
        assert.strictEqual(keyValues(virsh("schedinfo", NAME, "--config")).cpu_shares, "1235", "virsh: the shell line hit exactly that VM");
        await page.context().close();
    });
});

const RUNNING = "vmtune-test-plain";

/** Both definitions of a VM, secure: what must not change. */
function definitions(vm: string): { live: string; inactive: string; shares: string | undefined } {
    return {
        live: virsh("dumpxml", "--security-info", vm),
        inactive: virsh("dumpxml", "--inactive", "--security-info", vm),
        shares: keyValues(virsh("schedinfo", vm, "--config")).cpu_shares,
    };
}

/** The UUID of the VM with this exact name (never resolved as an ID or a UUID). */
function uuidOfName(name: string): string {
    const line = virsh("list", "--all", "--uuid", "--name").split("\n").find(l => l.slice(37) === name);
    return line?.slice(0, 36) ?? "";
}

QUnit.module("names that are another VM's ID or UUID", hooks => {
    const made: string[] = []; // by UUID: "virsh undefine NAME" would reach the other VM
    hooks.after(async () => {
        await closeBrowser();
        for (const uuid of made) {
            try { virsh("undefine", uuid) } catch { /* already gone */ }
        }
    });

    QUnit.test("the review's line, run in a shell exactly as shown, changes the named VM and not the running one", async assert => {
        const id = virsh("domid", RUNNING).trim();
        const uuid = virsh("domuuid", RUNNING).trim();
        assert.true(/^\d+$/.test(id), `${RUNNING} runs with ID ${id}`);
        const page = await newPage();
        await page.locator("#vm-table").waitFor({ timeout: 30000 });
        for (const name of [id, uuid]) {
            const file = "/tmp/vmtune-hostile-id.xml";
            writeFileSync(file, `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory>` +
                "<vcpu placement='static'>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n");
            virsh("define", file);
            const ownUuid = uuidOfName(name);
            made.push(ownUuid);
            assert.true(ownUuid !== "" && ownUuid !== uuid, `${name}: defined, with its own UUID ${ownUuid}`);
            const before = definitions(RUNNING);

            await openVm(page, name, "cpu");
            await page.locator("#sched-shares").waitFor();
            await fill(page, "sched-shares", "1234");
            const steps = await review(page, "card-scheduler");
            const line = steps[0]?.virsh ?? "";
            const expected = `virsh -c qemu:///system schedinfo ${ownUuid} --config cpu_shares=1234`;
            assert.strictEqual(line, expected, `${name}: the line names the VM by its UUID`);
            await closeReview(page);
            if (line !== expected)
                continue; // a line naming the VM by name would change the shared fixture ${RUNNING}: not run
            execFileSync("sh", ["-c", line], { encoding: "utf8" });

            const config = virsh("dumpxml", "--inactive", "--security-info", ownUuid);
            assert.true(config.includes("<shares>1234</shares>"), `${name}: the line changed the VM named ${name}`);
            assert.deepEqual(definitions(RUNNING), before, `${name}: ${RUNNING} (ID ${id}, UUID ${uuid}) is untouched, live and next boot`);
        }
        await page.context().close();
    });
});
