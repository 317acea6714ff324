// A page left open on its overview: what its refreshing costs over a while. D-Bus calls (the call
// frames on cockpit's WebSocket, and how many of them were GetAllDomainStats, i.e. refreshes), the
// main thread's busy time (CDP Performance.getMetrics TaskDuration), and long tasks over 50 ms
// (PerformanceObserver "longtask", observed from the moment the list was shown).
import type { Page } from "playwright-core";

export interface RefreshFigures {
    seconds: number;
    calls: number;
    /** GetAllDomainStats calls: one per hot-spots refresh */
    refreshes: number;
    /** main-thread task time per minute of wall clock, ms; of which running the page's scripts */
    cpuMsPerMin: number;
    scriptMsPerMin: number;
    /** long tasks (> 50 ms) while refreshing, and the longest, ms */
    longTasks: number;
    longestMs: number;
}

const CALL = /^[^\n]+\n\{.*"call":\[/s;

export async function watchRefresh(page: Page, seconds: number): Promise<RefreshFigures> {
    await page.evaluate(() => {
        const w = window as unknown as { benchLong: number[] };
        w.benchLong = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) w.benchLong.push(e.duration) })
            .observe({ type: "longtask" });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Performance.enable");
    let calls = 0, refreshes = 0;
    cdp.on("Network.webSocketFrameSent", e => {
        if (!CALL.test(e.response.payloadData)) return;
        calls++;
        if (e.response.payloadData.includes("\"GetAllDomainStats\"")) refreshes++;
    });
    const task = async () => {
        const { metrics } = await cdp.send("Performance.getMetrics");
        return { task: metrics.find(m => m.name === "TaskDuration")?.value ?? 0, script: metrics.find(m => m.name === "ScriptDuration")?.value ?? 0 };
    };
    const t0 = await task();
    await new Promise(resolve => setTimeout(resolve, seconds * 1000));
    const t1 = await task();
    await cdp.detach();
    const long = await page.evaluate(() => (window as unknown as { benchLong: number[] }).benchLong);
    return {
        seconds, calls, refreshes,
        cpuMsPerMin: (t1.task - t0.task) * 1000 * 60 / seconds,
        scriptMsPerMin: (t1.script - t0.script) * 1000 * 60 / seconds,
        longTasks: long.filter(d => d > 50).length,
        longestMs: Math.max(0, ...long),
    };
}
