// One measured page load in Debian's chromium: bytes transferred (as cockpit-ws sent them, gzip
// where it serves .gz), time from navigation to a condition, and the D-Bus calls the page sent
// over cockpit's WebSocket. The HTTP cache is disabled: every load is cold.
import type { BrowserContext, CDPSession, Page } from "playwright-core";

export interface Load {
    /** ms from navigation start to the condition, in the page's own clock */
    ms: number;
    /** bytes on the wire (headers + body, compressed as served) */
    bytes: number;
    /** per resource kind: js, css, font, image, html, other */
    byKind: Record<string, number>;
    resources: { url: string; bytes: number }[];
    /** D-Bus method calls sent on the page's channels until it settled */
    calls: number;
    /** dependent round trips: a call sent after a reply arrived starts a new wave */
    waves: number;
    page: Page;
}

function kindOf(url: string, mime: string): string {
    if (/\.woff2?(\?|$)/.test(url) || mime.includes("font")) return "font";
    if (/\.css(\?|$)/.test(url) || mime.includes("css")) return "css";
    if (/\.js(\?|$)/.test(url) || mime.includes("javascript")) return "js";
    if (/\.(svg|png|jpe?g)(\?|$)/.test(url) || mime.startsWith("image/")) return "image";
    if (mime.includes("html")) return "html";
    return "other";
}

/** A cockpit D-Bus call frame: "<channel>\n{…"call":[path, iface, method, args], …}" (any bus:
 *  libvirt's and cockpit's internal one, for both pages alike). */
const CALL = /^[^\n]+\n\{.*"call":\[/s;
const REPLY = /^[^\n]+\n\{.*"(reply|error)":\[/s;

/** A condition polled in the page every frame: performance.now() once true, else false. Serialised
 *  into the page as a function (the pages' CSP forbids evaluating strings), so self-contained. */
export interface Ready {
    fn: (arg: string) => number | false;
    arg: string;
}

export async function waitReady(page: Page, ready: Ready, timeout = 120000): Promise<number> {
    const handle = await page.waitForFunction(ready.fn, ready.arg, { polling: "raf", timeout });
    return Number(await handle.jsonValue());
}

export interface LoadOptions {
    ready: Ready;
    /** after ready, wait until no request or D-Bus call for this long before counting */
    settleMs?: number;
    /** run between page creation and navigation (e.g. nothing) */
    timeout?: number;
}

async function instrument(cdp: CDPSession) {
    const requests = new Map<string, { url: string; mime: string }>();
    const resources: { url: string; bytes: number; kind: string }[] = [];
    const events: { t: number; kind: "call" | "reply" }[] = [];
    let last = Date.now();
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    cdp.on("Network.responseReceived", e => {
        requests.set(e.requestId, { url: e.response.url, mime: e.response.mimeType });
        last = Date.now();
    });
    cdp.on("Network.loadingFinished", e => {
        const r = requests.get(e.requestId);
        if (r) resources.push({ url: r.url, bytes: e.encodedDataLength, kind: kindOf(r.url, r.mime) });
        last = Date.now();
    });
    cdp.on("Network.webSocketFrameSent", e => {
        if (CALL.test(e.response.payloadData)) { events.push({ t: e.timestamp, kind: "call" }); last = Date.now() }
    });
    cdp.on("Network.webSocketFrameReceived", e => {
        if (REPLY.test(e.response.payloadData)) events.push({ t: e.timestamp, kind: "reply" });
    });
    return { resources, events, lastActivity: () => last };
}

function countWaves(events: { t: number; kind: "call" | "reply" }[]): number {
    let waves = 0, previous: "call" | "reply" | undefined;
    for (const e of [...events].sort((a, b) => a.t - b.t)) {
        if (e.kind === "call" && previous !== "call") waves++;
        previous = e.kind;
    }
    return waves;
}

/** Opens `url` in a new page of `context` and measures it. The caller closes `load.page`. */
export async function measureLoad(context: BrowserContext, url: string, options: LoadOptions): Promise<Load> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const net = await instrument(cdp);
    await page.goto(url);
    let ms: number;
    try {
        ms = await waitReady(page, options.ready, options.timeout);
    } catch (e) {
        const shot = `build/bench/timeout-${url.replace(/^.*@localhost\/([^/]+).*$/, "$1")}.png`;
        await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
        throw new Error(`${url}: not ready (${shot}): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
    const settle = options.settleMs ?? 1000;
    const deadline = Date.now() + 15000;
    while (Date.now() - net.lastActivity() < settle && Date.now() < deadline)
        await new Promise(resolve => setTimeout(resolve, 100));
    const byKind: Record<string, number> = {};
    for (const r of net.resources) byKind[r.kind] = (byKind[r.kind] ?? 0) + r.bytes;
    await cdp.detach();
    return {
        ms,
        bytes: net.resources.reduce((sum, r) => sum + r.bytes, 0),
        byKind,
        resources: net.resources.map(({ url, bytes }) => ({ url, bytes })),
        calls: net.events.filter(e => e.kind === "call").length,
        waves: countWaves(net.events),
        page,
    };
}

/** Counts D-Bus calls and times an action in a page that is already open (apply, click …). */
export async function countCalls(page: Page, action: () => Promise<void>): Promise<{ calls: number; waves: number }> {
    const cdp = await page.context().newCDPSession(page);
    const net = await instrument(cdp);
    await action();
    await cdp.detach();
    return { calls: net.events.filter(e => e.kind === "call").length, waves: countWaves(net.events) };
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    if (sorted.length === 0) return NaN;
    return sorted.length % 2 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
