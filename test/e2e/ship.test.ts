// What shipping needs beyond features: the page in zh_CN with no English left, the shell's light
// and dark theme followed live, access rights over the PAM login (no access, read only by bus
// policy, full; switching live when administrative access is turned on), keyboard use and axe-core
// on every page and tab. Nothing here changes a VM: Review is opened, never applied.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import QUnit from "qunit";
// @ts-expect-error plain ES module shared with the browser-suite runner
import { ensureSession, launchBrowser, pageUrl } from "./browser.mjs";
import { PAM, ROOT, eventually, pamLogin, virsh } from "./lib.ts";
import { describe, seriousViolations } from "./a11y.ts";
import { apply, fill, review, scope } from "./cards.ts";
import type { Cockpit } from "cockpit";

// the page's global, inside page.evaluate callbacks
declare const cockpit: Cockpit;

const VM = "vmtune-test-numa";
const TABS = ["cpu", "memory", "numa"];
const VIEWPORT = { width: 1400, height: 900 };
// an account that logs in, may read libvirt but not change it (bus policy), and may use sudo
const READONLY = "vmtune-readonly";
const POLICY = `/etc/dbus-1/system.d/${READONLY}.conf`;
const SUDOERS = `/etc/sudoers.d/${READONLY}`;
// what an administrator would deny for read-only users (dbus-daemon needs send_interface beside send_member,
// else the deny rule matches every call)
const CHANGING: [string, string[]][] = [
    ["org.freedesktop.DBus.Properties", ["Set"]],
    ["org.libvirt.Connect", ["DomainCreateXML", "DomainDefineXML", "NodeSetMemoryParameters"]],
    ["org.libvirt.Domain", ["AttachDevice", "DetachDevice", "UpdateDevice", "Create", "Destroy", "Shutdown", "Reboot",
        "Reset", "Suspend", "Resume", "Undefine", "Rename", "PinEmulator", "PinIOThread", "PinVcpu", "SetGuestVcpus",
        "SetMemory", "SetMemoryParameters", "SetMemoryStatsPeriod", "SetNumaParameters", "SetSchedulerParameters",
        "SetVcpus", "AddIOThread", "DelIOThread", "SetMetadata"]],
];

let browser: Browser | undefined;

async function context(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
    browser ??= await (launchBrowser() as Promise<Browser>);
    await (ensureSession(browser) as Promise<void>);
    return browser.newContext({ viewport: VIEWPORT, ...options });
}

async function open(ctx: BrowserContext, hash: string, base = pageUrl("vmtune") as string): Promise<Page> {
    const page = await ctx.newPage();
    page.on("pageerror", error => console.log(`# page error: ${error.message}`));
    await page.goto(`${base}#${hash}`);
    return page;
}

/** Waits until the route shows its content: the VM table, a VM's tab, or the host page. */
async function settled(page: Page, hash: string): Promise<void> {
    if (/^\/(vm|lxc)\//.test(hash)) {
        const tab = hash.split("/")[3] ?? "cpu";
        await page.locator(`[role="tab"][aria-selected="true"][id$="-tab-${tab}"]`).waitFor();
        await page.locator(".pf-v6-c-tab-content:not([hidden]) .pf-v6-c-card").first().waitFor();
    } else if (hash === "/host") {
        await page.locator(".pf-v6-c-card").first().waitFor();
    } else {
        await page.locator("#vm-table").waitFor();
    }
    // spinners of cards still loading (numactl, statistics) would hide text
    await eventually(() => page.locator(".pf-v6-c-spinner").count(), n => n === 0, 10000);
}

// the container's tabs show the cards LXC cannot use, with their reasons
const ROUTES = ["/", "/host", ...TABS.map(t => `/vm/${VM}/${t}`), ...TABS.map(t => `/lxc/vmtune-test-lxc/${t}`)];

// ---- zh_CN ----------------------------------------------------------------------------------
/** Technical names that Chinese documentation keeps in Latin letters, and what is not text. */
const KEPT = new RegExp([
    String.raw`vmtune-[\w.-]+`, String.raw`qemu:///\w+`, String.raw`--[\w-]+`,
    // libvirt's own message after the translated "libvirt says:", shown verbatim by design
    String.raw`libvirt 报告：.*$`, String.raw`lxc:///`, String.raw`cpu\.weight`,
    // XML elements, package and channel names, libvirt parameter and driver names, the host's CPU model
    String.raw`<[^<>]+>`, String.raw`qemu-guest-agent`, String.raw`org\.qemu\.guest_agent\.\d`, String.raw`\b\w+_\w+\b`,
    String.raw`\b(?:ESX|OpenVZ)\b`, String.raw`(?<=型号 )[\w-]+`,
    // the host's memory: kernel and daemon names as their documentation writes them
    String.raw`\b(?:KSM|ksmd|hugetlbfs|hugetlb|libvirtd|virtqemud|systemctl|systemd|nosharepages|tmpfs|memfd|Linux|root)\b`,
    // device and backend names: virtio-mem, the virtio balloon, vhost-user and virtiofs need shared memory
    String.raw`\b(?:virtio(?:-mem)?|vhost-user|virtiofs)\b`,
    // CPU isolation: kernel parameters, systemd's property and units, kernel mechanisms as written
    String.raw`\b(?:isolcpus|irqaffinity|AllowedCPUs|system\.slice|user\.slice|init\.scope|set-property|systemctl show|RCU|PID|v[12])\b`,
    // virsh subcommands, file paths, kernel thread names (qemu-system-x86_64 → "qemu-system-x86")
    String.raw`virsh [\w-]+`, String.raw`/[\w/*.-]+`, String.raw`qemu-system-[\w-]+`,
    String.raw`\b(?:vCPUs?|CPUs?|NUMA|KiB|MiB|GiB|TiB|kB|libvirt(?:-dbus)?|QEMU|LXC|cgroup|DIMMs?|IOThreads?|memtune|numatune|autodeflate|cpuset|virsh|numactl|Cockpit|RSS|ACPI|XML|strict|preferred|interleave|restrictive|unlimited|qemu64|kvm64|io)\b`,
    // CPU model and thread scheduling: libvirt's mode, policy and scheduler keywords as the XML takes them,
    // machine types, and libvirt's "capabilities" documents (last: longer names such as
    // qemu-system-x86 above must match before the bare word qemu)
    String.raw`\b(?:host-passthrough|host-model|custom|maximum|require|force|optional|disable|forbid|migratable|topoext|normal|other|fifo|rr|batch|idle|capabilities|qemu|kvm|KVM|TCG|SMT)\b`,
    String.raw`\bpc-[\w.-]+`,
].join("|"), "g");

// code (virsh lines, paths) and what the user typed; screen-reader-only text counts (Notice.tsx
// translates PatternFly's "Info alert:" prefixes)
const SKIP = "code, pre, .pf-v6-c-code-block, script, style, input, textarea, [data-untranslated]";

/** Visible text, labels for screen readers, placeholders and titles: everything a user meets. */
async function userStrings(page: Page): Promise<string[]> {
    // no named inner functions: the test bundler would wrap them in a helper the page does not have
    return page.evaluate(skip => {
        const out: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            const text = node.textContent?.trim() ?? "";
            if (text && el && !el.closest(skip) && el.checkVisibility())
                out.push(text);
        }
        for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]"))
            for (const attr of ["aria-label", "placeholder", "title"]) {
                const value = el.getAttribute(attr);
                if (value && !el.closest(skip))
                    out.push(value);
            }
        return out;
    }, SKIP);
}

function english(strings: string[]): string[] {
    return [...new Set(strings.filter(s => /[A-Za-z]{3,}/.test(s.replace(KEPT, ""))))];
}

QUnit.module("ship", hooks => {
    hooks.after(async () => {
        await browser?.close();
        browser = undefined;
    });

    QUnit.test("zh_CN: no English left on the overview, the host page and every VM tab", async assert => {
        const origin = new URL(pageUrl("vmtune") as string);
        const ctx = await context();
        await ctx.addCookies([{ name: "CockpitLang", value: "zh-cn", domain: origin.hostname, path: "/" }]);
        let screenReaderOnly = 0;
        for (const route of ROUTES) {
            const page = await open(ctx, route);
            await settled(page, route);
            assert.strictEqual(await page.evaluate(() => cockpit.language), "zh_CN", `${route}: cockpit loaded zh_CN`);
            screenReaderOnly += await page.locator(".pf-v6-screen-reader").count();
            const left = english(await userStrings(page));
            assert.deepEqual(left, [], `${route}: English left: ${JSON.stringify(left)}`);
            if (route === `/vm/${VM}/cpu`)
                await page.screenshot({ path: `${ROOT}/doc/screenshot-zh_CN.png` });
            await page.close();
        }
        assert.true(screenReaderOnly > 0, `screen-reader-only text was among what was checked (${screenReaderOnly} elements)`);
        await ctx.close();
    });

    // ---- theme ------------------------------------------------------------------------------
    QUnit.test("theme: follows shell:style from another frame, the cockpit-style event and the system preference", async assert => {
        const ctx = await context();
        const page = await open(ctx, "/");
        await settled(page, "/");
        const dark = () => page.evaluate(() => document.documentElement.classList.contains("pf-v6-theme-dark"));
        // the shell is another document of the same origin: its localStorage write reaches us as a storage event
        const shell = await open(ctx, "/");
        await shell.evaluate(() => localStorage.setItem("shell:style", "dark"));
        assert.true(await eventually(dark, d => d, 5000), "dark after the shell chose dark");
        await page.screenshot({ path: `${ROOT}/doc/screenshot-dark.png`, fullPage: true });
        const pageBackground = () => page.evaluate(() => getComputedStyle(document.querySelector(".vmtune-page") ?? document.body).backgroundColor);
        const background = await pageBackground();
        await shell.evaluate(() => localStorage.setItem("shell:style", "light"));
        assert.false(await eventually(dark, d => !d, 5000), "light after the shell chose light");
        assert.notStrictEqual(await pageBackground(), background,
                              "the background really changed");
        await page.screenshot({ path: `${ROOT}/doc/screenshot-light.png`, fullPage: true });

        await page.evaluate(() => window.dispatchEvent(new CustomEvent("cockpit-style", { detail: { style: "dark" } })));
        assert.true(await eventually(dark, d => d, 5000), "dark on the cockpit-style event");
        await shell.evaluate(() => localStorage.setItem("shell:style", "auto"));
        await page.emulateMedia({ colorScheme: "light" });
        assert.false(await eventually(dark, d => !d, 5000), "auto + light system preference: light");
        await page.emulateMedia({ colorScheme: "dark" });
        assert.true(await eventually(dark, d => d, 5000), "auto + dark system preference: dark, live");
        await shell.evaluate(() => localStorage.removeItem("shell:style"));
        await ctx.close();
    });

    // ---- accessibility ------------------------------------------------------------------------
    QUnit.test("axe-core: no serious or critical violations on any page or tab, light and dark", async assert => {
        const ctx = await context();
        for (const colorScheme of ["light", "dark"] as const) {
            for (const route of ROUTES) {
                const page = await open(ctx, route);
                await page.emulateMedia({ colorScheme });
                await settled(page, route);
                const violations = await seriousViolations(page);
                assert.deepEqual(violations.map(v => v.id), [], `${colorScheme} ${route}:\n${describe(violations)}`);
                // the README's CPU tab and host page pictures (the other tabs' come from their own suites)
                const picture = { [`/vm/${VM}/cpu`]: "cpu", "/host": "host" }[route];
                if (colorScheme === "light" && picture)
                    await page.screenshot({ path: `${ROOT}/doc/screenshot-${picture}.png`, fullPage: true });
                await page.close();
            }
        }
        await ctx.close();
    });

    QUnit.test("keyboard: through the pin table to Review and back, without a mouse", async assert => {
        const ctx = await context();
        // what Escape must leave alone: both definitions, read with the secure flag
        const definitions = () => [virsh("dumpxml", "--security-info", VM), virsh("dumpxml", "--inactive", "--security-info", VM)];
        const before = definitions();
        const page = await open(ctx, `/vm/${VM}/cpu`);
        await settled(page, `/vm/${VM}/cpu`);
        await page.locator("#pin-table").waitFor();
        const inputs = await page.locator("#pin-table input").evaluateAll(els => els.map(e => e.id));
        await page.locator("#pin-bulk-reset").focus();
        const visited: string[] = [];
        for (let i = 0; i < 60 && visited.length < inputs.length; i++) {
            await page.keyboard.press("Tab");
            const id = await page.evaluate(() => document.activeElement?.id ?? "");
            if (inputs.includes(id) && !visited.includes(id)) visited.push(id);
        }
        assert.deepEqual(visited, inputs, "Tab reaches every affinity field, row by row");
        // type into the first vCPU's field from the keyboard, then Tab on to Review and press Enter
        await page.locator(`#${inputs[0]}`).focus();
        await page.keyboard.press("Control+A");
        await page.keyboard.type("0");
        let onReview = false;
        for (let i = 0; i < 80 && !onReview; i++) {
            await page.keyboard.press("Tab");
            onReview = await page.evaluate(() => document.activeElement?.id === "card-pinning-review");
        }
        assert.true(onReview, "Tab reaches the pinning card's Review button");
        await page.keyboard.press("Enter");
        await page.locator("#plan-review").waitFor();
        const commands = await page.locator("#plan-steps > li").evaluateAll(items => items.map(i => i.getAttribute("data-command")));
        assert.true(commands.includes("vcpupin"), `the review lists a vcpupin step: ${JSON.stringify(commands)}`);
        await page.keyboard.press("Escape");
        await page.locator("#plan-review").waitFor({ state: "detached" });
        assert.strictEqual(await page.locator("#apply-done, #apply-failed, #apply-conflict, #apply-error").count(), 0, "no outcome: nothing ran");
        const after = definitions();
        assert.strictEqual(after[0], before[0], "Escape applied nothing: the live definition is unchanged (dumpxml --security-info)");
        assert.strictEqual(after[1], before[1], "Escape applied nothing: the next-boot definition is unchanged (dumpxml --inactive --security-info)");
        await ctx.close();
    });

    // ---- access -------------------------------------------------------------------------------
    QUnit.module("access over the PAM login", access => {
        access.before(() => {
            execFileSync(`${ROOT}/test/stack/start.sh`, ["demo"], { stdio: "ignore" });
            try { execFileSync("id", [READONLY], { stdio: "ignore" }) } catch { execFileSync("useradd", ["-m", "-s", "/bin/bash", READONLY]) }
            execFileSync("chpasswd", { input: `${READONLY}:${READONLY}\n` });
            writeFileSync(SUDOERS, `${READONLY} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
            writeFileSync(POLICY, [
                `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">`,
                `<busconfig><policy user="${READONLY}">`,
                `<allow send_destination="org.libvirt"/>`,
                ...CHANGING.flatMap(([iface, members]) => members.map(m =>
                    `<deny send_destination="org.libvirt" send_interface="${iface}" send_member="${m}"/>`)),
                `</policy></busconfig>`, "",
            ].join("\n"));
            reloadBus();
        });
        access.after(() => {
            rmSync(POLICY, { force: true });
            rmSync(SUDOERS, { force: true });
            reloadBus();
        });

        QUnit.test("an account outside group libvirt gets the state that explains it", async assert => {
            const page = await login("vmtune-noaccess", "/");
            await page.locator("#state-access-denied").waitFor();
            const says = await page.locator("#state-access-denied").innerText();
            assert.true(/group libvirt/.test(says) && /administrative access/.test(says), "names the group and administrative access");
            assert.strictEqual(await page.locator("#vm-table").count(), 0, "no VM list");
            await page.context().close();
        });

        QUnit.test("an account's own qemu:///session VM, running: listed and pinned live where session mode allows", async assert => {
            const NOACCESS = "vmtune-noaccess";
            const SESSION_VM = "vmtune-test-session";
            const guest = process.env.VMTUNE_GUEST_DIR ?? "/var/cache/vmtune-guest";
            // as the account itself: its session libvirtd (started on demand), its own VM, its own QEMU
            const sessionVirsh = (...args: string[]) => execFileSync("runuser", ["-u", NOACCESS, "--", "env", `HOME=/home/${NOACCESS}`,
                "virsh", "-q", "-c", "qemu:///session", ...args], { encoding: "utf8", cwd: "/tmp" });
            const remove = () => {
                try { sessionVirsh("destroy", SESSION_VM) } catch { /* not running */ }
                try { sessionVirsh("undefine", SESSION_VM) } catch { /* not defined */ }
            };
            remove();
            writeFileSync(`/tmp/${SESSION_VM}.xml`, `<domain type='qemu'><name>${SESSION_VM}</name><memory unit='MiB'>128</memory>` +
                "<vcpu placement='static'>2</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>" +
                `<kernel>${guest}/vmlinuz</kernel><initrd>${guest}/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>` +
                "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator><controller type='usb' model='none'/>" +
                "<memballoon model='none'/></devices></domain>", { mode: 0o644 });
            sessionVirsh("define", `/tmp/${SESSION_VM}.xml`);
            sessionVirsh("start", SESSION_VM);
            try {
                const page = await login(NOACCESS, "/");
                const row = page.locator(`#vm-table-session tr[data-vm="${SESSION_VM}"]`);
                await row.waitFor();
                assert.strictEqual(await page.locator("#state-access-denied").count(), 1, "the system connection still explains the missing access");
                assert.true(/2 \/ 2/.test(await row.locator('[data-field="vcpus"]').innerText()), "vCPUs as libvirt has them");
                await row.locator('a[data-link="vm"]').click();
                await page.locator("#card-scheduler").waitFor();
                assert.true((await page.locator("#card-scheduler").innerText()).includes("qemu:///session"), "scheduler: the session-mode reason");
                assert.strictEqual(await page.locator("#sched-shares").count(), 0, "no scheduler fields");
                assert.strictEqual(await page.locator(".vmtune-readonly").count(), 0, "the account's own VMs are not read-only");

                await fill(page, "pin-vcpu-1", "0");
                await scope(page, "card-pinning", "both");
                const steps = await review(page, "card-pinning");
                // vCPU 1 had no pin: the next-boot undo is the definition as read, so one step per side (issue 12, finding 9)
                assert.deepEqual(steps.map(s => s.scope), ["live", "config"], "live and next boot, one step each");
                assert.true(steps.every(s => s.virsh.startsWith("virsh -c qemu:///session vcpupin")), `virsh lines name the connection: ${steps.map(s => s.virsh).join(" | ")}`);
                assert.strictEqual((await apply(page)).outcome, "done", "applied");
                for (const flag of ["--live", "--config"])
                    assert.true(/^\s*1\s+0\s*$/m.test(sessionVirsh("vcpupin", SESSION_VM, flag)), `virsh -c qemu:///session vcpupin ${flag}: vCPU 1 on CPU 0`);

                await page.evaluate(() => { window.location.hash = "#/session/vmtune-test-session/memory" });
                await page.locator("#card-memtune").waitFor();
                assert.true((await page.locator("#card-memtune").innerText()).includes("qemu:///session"), "memtune: the session-mode reason");
                await page.context().close();
            } finally {
                remove();
            }
        });

        QUnit.test("a member of group libvirt may change: cards are editable", async assert => {
            const page = await login("vmtune-demo", `/vm/${VM}/cpu`);
            await page.locator("#card-scheduler").waitFor();
            await page.locator("#card-scheduler-review").waitFor();
            assert.strictEqual(await page.locator(".vmtune-readonly").count(), 0, "no read-only notice");
            assert.true(await page.locator("#sched-shares").isEnabled(), "CPU shares can be edited");
            await page.context().close();
        });

        QUnit.test("read only: every control that changes a VM is disabled on every tab (DIMM attach/detach, guest vCPUs, statistics period)", async assert => {
            // a next-boot DIMM so that the table has a Detach button to check
            const dimm = `/tmp/vmtune-readonly-dimm.xml`;
            writeFileSync(dimm, "<memory model='dimm'><target><size unit='MiB'>128</size><node>0</node></target></memory>");
            virsh("attach-device", VM, dimm, "--config");
            try {
                const page = await login(READONLY, `/vm/${VM}/memory`);
                await page.locator("#card-balloon .vmtune-readonly").waitFor();
                await page.locator("#dimm-table").waitFor();
                assert.true(await page.locator(".vmtune-dimm-detach").count() > 0, "a Detach button is listed");
                assert.false(await page.locator("#dimm-attach").isEnabled(), "Attach memory is disabled");
                for (const detach of await page.locator(".vmtune-dimm-detach").all())
                    assert.false(await detach.isEnabled(), "Detach is disabled");
                assert.false(await page.locator("#memory-stats-period").isEnabled(), "the statistics period field is disabled");
                assert.true(/administrative access/.test(await page.locator("#card-dimms .vmtune-readonly").innerText()), "the DIMM card says why");
                for (const tab of TABS) {
                    await page.evaluate(t => { window.location.hash = `#/vm/vmtune-test-numa/${t}` }, tab);
                    await page.locator(`[role="tab"][aria-selected="true"][id$="-tab-${tab}"]`).waitFor();
                    await page.locator(".pf-v6-c-tab-content:not([hidden]) .vmtune-readonly").first().waitFor();
                    assert.deepEqual(await enabledControls(page), [], `${tab} tab: no control that changes the VM is enabled`);
                }
                await page.context().close();
            } finally {
                virsh("detach-device", VM, dimm, "--config");
                rmSync(dimm, { force: true });
            }
        });

        QUnit.test("read only by bus policy, then live access when administrative access is turned on", async assert => {
            const page = await login(READONLY, `/vm/${VM}/cpu`);
            await page.locator("#card-scheduler .vmtune-readonly").waitFor();
            for (const card of ["#card-scheduler", "#card-vcpus", "#card-pinning"]) {
                if (!await page.locator(card).count()) continue;
                assert.true(/administrative access/.test(await page.locator(`${card} .vmtune-readonly`).innerText()),
                            `${card}: the reason is shown`);
                assert.strictEqual(await page.locator(`${card} [id$="-review"]`).count(), 0, `${card}: no Review`);
            }
            assert.false(await page.locator("#sched-shares").isEnabled(), "fields are disabled");
            assert.strictEqual(await superuserOf(page), "none", "limited access");
            assert.deepEqual(await enabledControls(page), [], "CPU tab: no control that changes the VM is enabled");

            // what the shell's "Limited access" button does: start the sudo bridge, answer its password prompt
            await page.evaluate(async password => {
                const bus = cockpit.dbus(null, { bus: "internal" });
                const prompt = bus.subscribe({ path: "/superuser", interface: "cockpit.Superuser", member: "Prompt" },
                                            () => { void bus.call("/superuser", "cockpit.Superuser", "Answer", [password], { type: "s" }) });
                try {
                    await bus.call("/superuser", "cockpit.Superuser", "Start", ["sudo"], { type: "s" });
                } finally {
                    prompt.remove();
                }
            }, READONLY);
            assert.strictEqual(await eventually(() => superuserOf(page), s => s === "sudo", 10000), "sudo", "administrative access on");
            await page.locator("#card-scheduler-review").waitFor({ timeout: 20000 });
            assert.strictEqual(await page.locator(".vmtune-readonly").count(), 0, "the read-only notices are gone without reload");
            assert.true(await page.locator("#sched-shares").isEnabled(), "fields are enabled");
            await page.context().close();
        });
    });
});

/** The enabled controls of the shown tab, other than those that only read or navigate (links, Refresh). */
async function enabledControls(page: Page): Promise<string[]> {
    return page.locator(".pf-v6-c-tab-content:not([hidden])").first().evaluate(panel =>
        [...panel.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("button, input, select, textarea")]
            .filter(el => !el.matches(":disabled") && !("readOnly" in el && el.readOnly))
            .filter(el => el.id !== "affinity-refresh" && !el.closest("a"))
            .map(el => `${el.tagName.toLowerCase()}#${el.id || "?"} ${(el.textContent ?? "").trim()}`.trim()));
}

function reloadBus(): void {
    execFileSync("dbus-send", ["--system", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
        "org.freedesktop.DBus.ReloadConfig"], { stdio: "ignore" });
}

async function superuserOf(page: Page): Promise<string> {
    return page.evaluate(async () => {
        const bus = cockpit.dbus(null, { bus: "internal" });
        const [value] = await bus.call("/superuser", "org.freedesktop.DBus.Properties", "Get", ["cockpit.Superuser", "Current"], { type: "ss" });
        bus.close();
        return String((value as { v: unknown }).v);
    });
}

/** Logs in on the PAM cockpit-ws as the shell's login page does, then opens the page. */
async function login(user: string, hash: string): Promise<Page> {
    const ctx = await context();
    await pamLogin(ctx, user);
    return open(ctx, hash, `${PAM}/cockpit/@localhost/vmtune/index.html`);
}
