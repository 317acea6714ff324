// axe-core in a page served by cockpit-ws. The page's CSP forbids inline scripts, so the engine is
// evaluated through the DevTools protocol (page.evaluate), which CSP does not govern.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface Violation { id: string; impact: string; help: string; nodes: string[] }

/** The serious and critical violations axe finds in the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
    if (!await page.evaluate(() => "axe" in window))
        await page.evaluate(AXE);
    return page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: {
            id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { resultTypes: ["violations"] });
        return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({ id: v.id, impact: v.impact ?? "", help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")) }));
    });
}

/** One line per violation, for an assert message. */
export function describe(violations: Violation[]): string {
    return violations.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.join(", ")})`).join("\n");
}
