// Debian's chromium driven by playwright-core (which cannot download a browser here).
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
