// The two pages under test, vmtune and cockpit-machines: where they live and when they are "ready".
import type { Browser, BrowserContext } from "playwright-core";
import type { Load } from "./measure.ts";
import type { Ready } from "./measure.ts";
import { measureLoad, waitReady } from "./measure.ts";
// @ts-expect-error plain ES module shared with the e2e runner
import { pageUrl } from "../e2e/browser.mjs";

export type Target = "vmtune" | "machines";

/** Ready when the list shows n rows, or when its row count has not moved for 5 s (a page that loses
 *  VMs never gets to n: it is timed to its last new row, and rowsShown() tells how many it showed). */
function listReady(selector: string, n: number): Ready {
    return {
        fn: arg => {
            const [sel, want] = arg.split("\n") as [string, string];
            const rows = document.querySelectorAll(sel).length;
            const w = window as unknown as { benchRows?: number; benchSince?: number; benchAllRows?: number };
            if (rows !== w.benchRows) {
                w.benchRows = rows;
                w.benchSince = performance.now();
            }
            // every VM's row there, read or still reading its definition (vmtune's large first load)
            if (w.benchAllRows === undefined && document.querySelectorAll(`${sel}, ${sel.replace("[data-vm]", "[data-pending-vm]")}`).length >= Number(want))
                w.benchAllRows = performance.now();
            if (rows >= Number(want)) return performance.now();
            return rows > 0 && performance.now() - (w.benchSince ?? 0) > 5000 && (w.benchSince ?? false);
        },
        arg: `${selector}\n${n}`,
    };
}

/** When every VM had a row (read or named by the listing), ms from navigation. */
export function allRowsAt(page: import("playwright-core").Page): Promise<number> {
    return page.evaluate(() => (window as unknown as { benchAllRows?: number }).benchAllRows ?? NaN);
}

export function rowsShown(page: import("playwright-core").Page): Promise<number> {
    return page.evaluate(() => (window as unknown as { benchRows?: number }).benchRows ?? 0);
}

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
        listReady: n => listReady("#vm-table tr[data-vm]", n),
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
        listReady: n => listReady("#virtual-machines-listing tbody tr[data-row-id]", n),
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
export async function warmContext(browser: Browser, target: Target, vms: number, lang?: string): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // a user's language choice, as the shell's menu stores it (what the e2e's zh_CN pass does)
    if (lang) await context.addCookies([{ name: "CockpitLang", value: lang, domain: new URL(PAGES[target].list).hostname, path: "/" }]);
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
