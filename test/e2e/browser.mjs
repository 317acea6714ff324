// Debian's chromium driven by playwright-core (which cannot download a browser here).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium } from "playwright-core";

export const PORT = Number(process.env.VMTUNE_TEST_PORT ?? 9190);

export function pageUrl(pkg, file = "index.html", host = "localhost") {
    return `http://127.0.0.1:${PORT}/cockpit/@${host}/${pkg}/${file}`;
}

/** cockpit-ws --local-session is one-shot: when no page is connected for a while its bridge exits
 *  and ws answers with a login page. One page kept open for the whole run keeps the session. */
async function keepSessionAlive(browser) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/cockpit/@localhost/system/index.html`).catch(() => {});
    return page;
}

/** The local session can also end early (cockpit-bridge was once seen to crash with SIGSEGV as a run
 *  began); ws then answers 401 for everything. Start a fresh one rather than fail every test after. */
export async function ensureSession(browser) {
    const response = await fetch(`http://127.0.0.1:${PORT}/cockpit/@localhost/manifests.json`).catch(() => undefined);
    if (response?.status === 200)
        return;
    const ws = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../stack/ws.sh");
    console.log(`# cockpit-ws on ${PORT} answered ${response?.status ?? "nothing"}: starting a fresh local session`);
    execFileSync(ws, ["start", String(PORT), "local"], { stdio: "ignore" });
    await keepSessionAlive(browser);
}

export async function launchBrowser() {
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        headless: true,
    });
    await keepSessionAlive(browser);
    return browser;
}
