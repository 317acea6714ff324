// Looking never changes a VM: every tab of every fixture VM (Performance included), the container,
// the host page and the overview stay open through two refresh periods, and every definition (live
// and next boot, read with the secure flag) is byte-identical afterwards, and so are the host's
// hugepage pools and KSM settings; the balloon statistics period too, including a VM whose
// statistics were off (the page used to switch them on by itself).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import type { Page } from "playwright-core";
import QUnit from "qunit";
import { closeBrowser, newPage, stack, virsh } from "./lib.ts";
import { openVm } from "./cards.ts";

const QEMU_VMS = ["vmtune-test-numa", "vmtune-test-off", "vmtune-test-plain"];
const LXC = "vmtune-test-lxc";
const PLAIN = "vmtune-test-plain";
const TABS = ["cpu", "memory", "numa", "perf"];
/** what each tab shows once it has read the VM (the Performance tab: its refresh, or that the VM is off) */
const SHOWN: Record<string, string> = {
    cpu: "#card-vcpus", memory: "#card-balloon", numa: "#card-cells", perf: "#perf-status, #perf-not-running",
};
// the longest refresh of the page: the inventory heartbeat (5 s); balloon statistics and the
// Performance tab poll every 3 s
const TWO_REFRESHES_MS = 2 * 5000 + 1000;

function lxcVirsh(...args: string[]): string {
    return execFileSync("virsh", ["-q", "-c", "lxc:///", ...args], { encoding: "utf8" });
}

/** Every definition as libvirt holds it, secure: live (running ones) and next boot. */
function definitions(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const vm of QEMU_VMS) {
        out[`${vm} inactive`] = virsh("dumpxml", "--inactive", "--security-info", vm);
        out[`${vm} live`] = virsh("dumpxml", "--security-info", vm);
    }
    out[`${LXC} inactive`] = lxcVirsh("dumpxml", "--inactive", "--security-info", LXC);
    out[`${LXC} live`] = lxcVirsh("dumpxml", "--security-info", LXC);
    return out;
}

/** The host's hugepage pools (every node and size) and KSM settings, which the host page can change. */
function hostMemory(): Record<string, string> {
    const out: Record<string, string> = {};
    const nodes = "/sys/devices/system/node";
    for (const node of readdirSync(nodes).filter(n => /^node\d+$/.test(n)))
        for (const size of readdirSync(`${nodes}/${node}/hugepages`))
            out[`${node} ${size}`] = readFileSync(`${nodes}/${node}/hugepages/${size}/nr_hugepages`, "utf8");
    for (const name of ["run", "pages_to_scan", "sleep_millisecs", "merge_across_nodes"])
        out[`ksm ${name}`] = readFileSync(`/sys/kernel/mm/ksm/${name}`, "utf8");
    return out;
}

/** The statistics period libvirt reports for a running VM's balloon ("off" when none is set). */
function statsPeriod(vm: string): string {
    const xml = virsh("dumpxml", vm);
    return /<memballoon[^>]*>[\s\S]*?<stats period='(\d+)'\/>[\s\S]*?<\/memballoon>/.exec(xml)?.[1] ?? "off";
}

async function openRoute(route: string): Promise<Page> {
    const page = await newPage(route);
    await page.locator(".pf-v6-c-card, #vm-table").first().waitFor({ timeout: 60000 });
    return page;
}

QUnit.module("viewing writes nothing", hooks => {
    hooks.before(() => { stack("fixtures.sh", "reset", ...QEMU_VMS) });
    hooks.after(async () => {
        await closeBrowser();
        stack("fixtures.sh", "reset", ...QEMU_VMS);
    });

    QUnit.test("every tab of every VM, the container, the host page: definitions and statistics period unchanged", async assert => {
        // an administrator may run a VM with balloon statistics off: the Memory tab must leave it so
        virsh("dommemstat", PLAIN, "--period", "0", "--live");
        assert.strictEqual(statsPeriod(PLAIN), "off", `${PLAIN}: statistics off before`);
        const periods = Object.fromEntries(QEMU_VMS.filter(vm => virsh("domstate", vm).trim() === "running").map(vm => [vm, statsPeriod(vm)]));
        const before = definitions();
        const hostBefore = hostMemory();

        const host = await openRoute("/host");
        // the host's memory cards shown (they read sysfs and libvirt's node memory parameters)
        await host.locator("#hugepage-pools").waitFor({ timeout: 60000 });
        await host.locator("#ksm-counters").waitFor({ timeout: 60000 });
        const pages: Page[] = [await openRoute("/"), host];
        for (const vm of QEMU_VMS) {
            for (const tab of TABS) {
                const page = await newPage();
                await openVm(page, vm, tab);
                await page.locator(SHOWN[tab] ?? "").first().waitFor({ timeout: 60000 });
                // the IOThreads card reads GetStats' IOTHREAD group while it is seen: reading only
                if (tab === "cpu") await page.locator("#card-iothreads").waitFor({ timeout: 60000 });
                // the CPU model card shown once it read the hypervisor's capabilities (GetDomainCapabilities, BaselineCPU)
                if (tab === "cpu")
                    await page.locator("#cpumodel-scope", { hasText: "type qemu" }).waitFor({ timeout: 60000 });
                // the thread scheduling card too (it reads /proc/sys and the placement map)
                if (tab === "cpu") await page.locator("#card-sched #sched-rt-throttle").waitFor({ timeout: 60000 });
                if (tab === "cpu") await page.locator("#card-profile").waitFor({ timeout: 60000 }); // the profile detected, nothing applied
                pages.push(page);
            }
        }
        for (const tab of TABS) {
            const page = await newPage();
            await openVm(page, LXC, tab, "lxc");
            await page.locator(tab === "perf" ? SHOWN.perf ?? "" : ".pf-v6-c-tab-content:not([hidden]) .pf-v6-c-card").first().waitFor({ timeout: 60000 });
            pages.push(page);
        }
        await new Promise(resolve => setTimeout(resolve, TWO_REFRESHES_MS));

        const after = definitions();
        for (const key of Object.keys(before))
            assert.strictEqual(after[key], before[key], `${key}: byte-identical (dumpxml --security-info)`);
        assert.deepEqual(hostMemory(), hostBefore, "host: hugepage pools and KSM settings unchanged");
        for (const [vm, period] of Object.entries(periods))
            assert.strictEqual(statsPeriod(vm), period, `${vm}: statistics period still ${period}`);
        for (const page of pages)
            await page.context().close();
    });
});
