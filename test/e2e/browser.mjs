// Debian's chromium driven by playwright-core (which cannot download a browser here).
import { chromium } from "playwright-core";

export const PORT = Number(process.env.VMTUNE_TEST_PORT ?? 9190);

export function pageUrl(pkg, file = "index.html", host = "localhost") {
    return `http://127.0.0.1:${PORT}/cockpit/@${host}/${pkg}/${file}`;
}

export function launchBrowser() {
    return chromium.launch({
        executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        headless: true,
    });
}
