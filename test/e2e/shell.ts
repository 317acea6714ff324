// The page inside Cockpit's shell on the PAM cockpit-ws, for any host of the host switcher (the
// second-host suites: this machine over SSH on 127.0.0.2, the two-node test host on 127.0.0.1:2222).
import { execFileSync } from "node:child_process";
import type { Browser, Frame, Page } from "playwright-core";
// @ts-expect-error plain ES module shared with the browser-suite runner
import { launchBrowser } from "./browser.mjs";
import { PAM, pamLogin } from "./lib.ts";

let browser: Browser | undefined;

/** Logs `login` in on the PAM cockpit-ws as the login page does, then opens a shell URL. */
export async function shell(login: string, path: string): Promise<Page> {
    browser ??= await (launchBrowser() as Promise<Browser>);
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await pamLogin(ctx, login);
    const page = await ctx.newPage();
    page.on("pageerror", error => console.log(`# page error: ${error.message}`));
    await page.goto(`${PAM}${path}`);
    return page;
}

export async function closeShellBrowser(): Promise<void> {
    await browser?.close();
    browser = undefined;
}

/** The shell's frame of vmtune for a connection string, once it shows `selector`. A shell that
 *  does not get there (SSH refused, unknown host key…) fails with what the shell said and the
 *  tail of `log` (the sshd's log of that host). */
export async function pageFrame(page: Page, connection: string, selector: string, log: () => string): Promise<Frame> {
    const iframe = page.locator(`iframe[name="cockpit1:${connection}/vmtune"]`);
    try {
        await iframe.waitFor({ state: "attached", timeout: 60000 });
        const frame = await (await iframe.elementHandle())?.contentFrame();
        if (!frame)
            throw new Error("the iframe has no document");
        await frame.locator(selector).waitFor({ timeout: 60000 });
        return frame;
    } catch (error) {
        const says = (await page.locator("body").innerText().catch(() => "")).replace(/\s+/g, " ").slice(0, 400);
        throw new Error(`vmtune for ${connection} never showed ${selector}: ${(error as Error).message}\n` +
                        `shell says: ${says}\nsshd:\n${log()}`);
    }
}

/** The tail of a local log file, for pageFrame's failure message. */
export const tail = (file: string) => () => execFileSync("tail", ["-n", "15", file], { encoding: "utf8" });

/** cards.ts drives a Page; the page inside the shell is a Frame, which has the same locator() and
 *  evaluate() those helpers use. */
export const asPage = (frame: Frame) => frame as unknown as Page;
