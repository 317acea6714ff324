// The two pages under test, vmtune and cockpit-machines: where they live and when they are "ready".
import type { Browser, BrowserContext } from "playwright-core";
import type { Load } from "./measure.ts";
import type { Ready } from "./measure.ts";
import { measureLoad, waitReady } from "./measure.ts";
// @ts-expect-error plain ES module shared with the e2e runner
import { pageUrl } from "../e2e/browser.mjs";

export type Target = "vmtune" | "machines";

interface PageSpec {
    list: string;
    vm: (name: string) => string;
    /** the list shows at least n VM rows */
    listReady: (n: number) => Ready;
    /** the VM page shows its data */
    vmReady: (name: string) => Ready;
}

export const PAGES: Record<Target, PageSpec> = {
    vmtune: {
        list: pageUrl("vmtune") as string,
        vm: name => `${pageUrl("vmtune") as string}#/vm/${encodeURIComponent(name)}/cpu`,
        listReady: n => ({
            fn: arg => document.querySelectorAll("#vm-table tr[data-vm]").length >= Number(arg) && performance.now(),
            arg: String(n),
        }),
        // scheduler values and the pin table (which needs the host topology) are on screen
        vmReady: name => ({
            fn: () => !!document.querySelector<HTMLInputElement>("#sched-shares")?.value &&
                !!document.querySelector<HTMLInputElement>("#pin-vcpu-0")?.value && performance.now(),
            arg: name,
        }),
    },
    machines: {
        list: pageUrl("machines") as string,
        vm: name => `${pageUrl("machines") as string}#vm?name=${encodeURIComponent(name)}&connection=system`,
        listReady: n => ({
            fn: arg => document.querySelectorAll("#virtual-machines-listing tbody tr[data-row-id]").length >= Number(arg) && performance.now(),
            arg: String(n),
        }),
        // the overview card's vCPU and memory figures are filled in
        vmReady: name => ({
            fn: arg => !!document.getElementById(`vm-${arg}-vcpus-count`)?.textContent?.trim() &&
                !!document.getElementById(`vm-${arg}-memory-count`)?.textContent?.trim() && performance.now(),
            arg: name,
        }),
    },
};

/** A context per target that has visited once: cockpit-machines' "hardware virtualization" check
 *  answered with "Ignore" (kept in localStorage, as for a real user after the first visit). */
export async function warmContext(browser: Browser, target: Target, vms: number): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(PAGES[target].list);
    if (target === "machines") {
        const ignore = page.locator("#ignore-hw-virtualization-disabled-btn");
        const list = page.locator("#virtual-machines-listing tbody tr[data-row-id]").first();
        await Promise.race([ignore.waitFor({ timeout: 60000 }), list.waitFor({ timeout: 60000 })]);
        if (await ignore.isVisible()) await ignore.click();
    }
    // a colleague's rebuild can empty dist/ under the first load: one reload, then give up
    await waitReady(page, PAGES[target].listReady(vms), 60000)
        .catch(async () => { await page.reload(); return waitReady(page, PAGES[target].listReady(vms)) })
        .catch(async (e: unknown) => {
            await page.screenshot({ path: `build/bench/warm-${target}.png`, fullPage: true });
            throw e;
        });
    await page.close();
    return context;
}

export async function loadList(context: BrowserContext, target: Target, vms: number): Promise<Load> {
    return measureLoad(context, PAGES[target].list, { ready: PAGES[target].listReady(vms) });
}

export async function loadVm(context: BrowserContext, target: Target, name: string): Promise<Load> {
    return measureLoad(context, PAGES[target].vm(name), { ready: PAGES[target].vmReady(name) });
}
