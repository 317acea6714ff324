// Shared helpers for the e2e suites: one chromium per suite file, virsh as the witness.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import QUnit from "qunit";
// @ts-expect-error plain ES module shared with the browser-suite runner
import { ensureSession, launchBrowser, pageUrl } from "./browser.mjs";
import { keyValues } from "../shared/virsh-output.ts";

export { keyValues };

export const ROOT = path.resolve(import.meta.dirname ?? ".", "../..");
const STACK = path.join(ROOT, "test/stack");

// real guests under TCG and real daemons: give each flow room, never a speed assertion
QUnit.config.testTimeout = 180000;

let browser: Browser | undefined;

/** `beforeLoad` runs on the blank page before the plugin loads (listeners that must see its first
 *  request, such as its WebSocket, or scripts to add before the page's own). */
export async function newPage(hash = "", { beforeLoad, ...options }: { locale?: string; beforeLoad?: (page: Page) => Promise<void> | void } = {}): Promise<Page> {
    browser ??= await (launchBrowser() as Promise<Browser>);
    await (ensureSession(browser) as Promise<void>);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
    const page = await context.newPage();
    page.on("pageerror", error => console.log(`# page error: ${error.message}`));
    await beforeLoad?.(page);
    await page.goto((pageUrl("vmtune") as string) + (hash ? "#" + hash : ""));
    return page;
}

/** The PAM cockpit-ws of `start.sh demo` (accounts vmtune-demo, vmtune-noaccess, …). */
export const PAM = `http://127.0.0.1:${Number(process.env.VMTUNE_DEMO_PORT ?? 9090)}`;

/** Logs `user` (password = name, as start.sh makes the accounts) in to the PAM cockpit-ws in `ctx`,
 *  as the login page does; later pages of the context have the session. */
export async function pamLogin(ctx: BrowserContext, user: string): Promise<void> {
    const response = await ctx.request.get(`${PAM}/cockpit/login`, {
        headers: { Authorization: "Basic " + Buffer.from(`${user}:${user}`).toString("base64") },
    });
    if (!response.ok())
        throw new Error(`login as ${user} on ${PAM} answered ${response.status()}`);
}

export async function closeBrowser(): Promise<void> {
    await browser?.close();
    browser = undefined;
}

export function virsh(...args: string[]): string {
    return execFileSync("virsh", ["-q", "-c", "qemu:///system", ...args], { encoding: "utf8" });
}

export function stack(script: string, ...args: string[]): string {
    return execFileSync(path.join(STACK, script), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}


/** The text of one overview cell. */
export function cell(page: Page, vm: string, field: string) {
    return page.locator(`tr[data-vm="${vm}"] td[data-field="${field}"]`);
}

/** Polls until `read` returns something `accept` likes; returns the last value either way, so the
 *  caller's assert shows what the page really showed. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeout = 10000): Promise<T> {
    const deadline = Date.now() + timeout;
    let value = await read();
    while (!accept(value) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 100));
        value = await read();
    }
    return value;
}

/** The trimmed text of a locator's first match, or "" when it is not there. */
export async function text(locator: import("playwright-core").Locator): Promise<string> {
    return (await locator.first().textContent({ timeout: 1000 }).catch(() => ""))?.trim() ?? "";
}
