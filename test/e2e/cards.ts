// Driving a tuning card the way a user does: type, pick a scope, Review, Apply, read the outcome.
import type { Page } from "playwright-core";

export type Outcome = "done" | "failed" | "conflict" | "error";

/** `connection`: the route's head, "vm" for qemu:///system, "lxc" or "session" for the others. */
export async function openVm(page: Page, vm: string, tab = "cpu", connection = "vm"): Promise<void> {
    await page.evaluate(hash => { window.location.hash = hash }, `#/${connection}/${encodeURIComponent(vm)}/${tab}`);
    try {
        await page.locator("#vm-title").waitFor();
    } catch {
        // seen once in a full run, not understood: the VM page never showed; say so, then reload once
        console.log(`# ${vm}: VM page not shown after 30 s (${(await page.locator("body").innerText()).slice(0, 200)}); reloading`);
        await page.reload();
        await page.locator("#vm-title").waitFor();
    }
}

export async function fill(page: Page, id: string, value: string): Promise<void> {
    const input = page.locator(`#${id}`);
    await input.fill(value);
}

export async function scope(page: Page, card: string, which: "live" | "config" | "both"): Promise<void> {
    await page.locator(`#${card}-scope-${which}`).click();
}

/** The finding shown under a field, or "" when the field is fine. */
export async function fieldFinding(page: Page, id: string): Promise<string> {
    const item = page.locator(`#${id}-helper [data-finding]`);
    return (await item.count()) ? (await item.first().innerText()).trim() : "";
}

/** Every finding shown under a field, in order. */
export async function fieldFindings(page: Page, id: string): Promise<string[]> {
    return (await page.locator(`#${id}-helper [data-finding]`).allInnerTexts()).map(t => t.trim());
}

export async function reviewEnabled(page: Page, card: string): Promise<boolean> {
    return page.locator(`#${card}-review`).isEnabled();
}

/** Review → the list of steps as (command, scope, virsh line). */
export async function review(page: Page, card: string): Promise<{ command: string; scope: string; virsh: string }[]> {
    await page.locator(`#${card}-review`).click();
    await page.locator("#plan-review").waitFor();
    const items = page.locator("#plan-steps > li");
    const steps = [];
    for (let i = 0; i < await items.count(); i++) {
        const item = items.nth(i);
        steps.push({
            command: (await item.getAttribute("data-command")) ?? "",
            scope: (await item.getAttribute("data-scope")) ?? "",
            // the command as the Review shows it, whole (a define's here-document keeps its lines)
            virsh: ((await item.locator("pre").first().textContent()) ?? "").trim(),
        });
    }
    return steps;
}

/** Apply in the open review; waits for the outcome and returns it with the alert's text. */
export async function apply(page: Page): Promise<{ outcome: Outcome; text: string }> {
    await page.locator("#plan-apply").click();
    const alert = page.locator("#apply-done, #apply-failed, #apply-conflict, #apply-error");
    await alert.first().waitFor({ timeout: 120000 });
    const id = await alert.first().getAttribute("id");
    const outcome = ({ "apply-done": "done", "apply-failed": "failed", "apply-conflict": "conflict" } as Record<string, Outcome>)[id ?? ""] ?? "error";
    return { outcome, text: await alert.first().innerText() };
}

export async function closeReview(page: Page): Promise<void> {
    await page.locator("#plan-close").click();
    await page.locator("#plan-review").waitFor({ state: "detached" });
}
