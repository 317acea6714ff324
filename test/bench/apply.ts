// One live change from the click on Apply to the confirmed outcome in vmtune, against the same
// change made by virsh (the floor: process start, connection, one API call). Interleaved, so the
// page also has to follow virsh's change before its next apply.
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import { waitReady } from "./measure.ts";

const VM = "vmtune-test-numa";

function virsh(...args: string[]): string {
    return execFileSync("virsh", ["-q", "-c", "qemu:///system", ...args], { encoding: "utf8" });
}

function timedVirsh(...args: string[]): number {
    const start = process.hrtime.bigint();
    virsh(...args);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const OUTCOME = "#apply-done, #apply-failed, #apply-conflict, #apply-error";

/** Types `value` into the field, reviews, applies; returns ms from the Apply click to the outcome. */
async function applyInPage(page: Page, card: string, field: string, value: string): Promise<number> {
    try {
        return await applySteps(page, card, field, value);
    } catch (e) {
        await page.screenshot({ path: `build/bench/apply-${field}.png`, fullPage: true }).catch(() => undefined);
        throw new Error(`${field}=${value} (build/bench/apply-${field}.png): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
}

async function applySteps(page: Page, card: string, field: string, value: string): Promise<number> {
    await page.fill(`#${field}`, value);
    await page.click(`#${card}-review`);
    await page.locator("#plan-apply").waitFor();
    const t0 = await page.evaluate(() => {
        const t = performance.now();
        document.querySelector<HTMLButtonElement>("#plan-apply")?.click();
        return t;
    });
    const t1 = await waitReady(page, { fn: sel => !!document.querySelector(sel) && performance.now(), arg: OUTCOME }, 60000);
    const outcome = page.locator(OUTCOME).first();
    const id = await outcome.getAttribute("id");
    if (id !== "apply-done")
        throw new Error(`apply of ${field}=${value} ended in #${id}: ${await outcome.innerText()}`);
    await page.click("#plan-close");
    await page.locator("#plan-review").waitFor({ state: "detached" });
    return t1 - t0;
}

async function fieldShows(page: Page, field: string, value: string): Promise<void> {
    await page.waitForFunction(([f, v]) => document.querySelector<HTMLInputElement>(`#${f}`)?.value === v,
                               [field, value] as const, { timeout: 30000 });
}

export interface ApplyFigures { page: number[]; virsh: number[] }

/** cpu_shares, live: vmtune sets a, virsh sets b, alternating. */
export async function sharesRuns(page: Page, reps: number): Promise<ApplyFigures> {
    const out: ApplyFigures = { page: [], virsh: [] };
    for (let i = 0; i < reps; i++) {
        const a = String(1100 + 2 * i), b = String(1101 + 2 * i);
        out.page.push(await applyInPage(page, "card-scheduler", "sched-shares", a));
        const read = /cpu_shares\s*:\s*(\d+)/.exec(virsh("schedinfo", VM, "--live"))?.[1];
        if (read !== a) throw new Error(`virsh reads cpu_shares ${read}, vmtune applied ${a}`);
        out.virsh.push(timedVirsh("schedinfo", VM, "--live", `cpu_shares=${b}`));
        await fieldShows(page, "sched-shares", b);
    }
    return out;
}

/** vCPU 0's live pin: vmtune pins it to one host CPU, virsh back to both (so every apply changes something). */
export async function pinRuns(page: Page, reps: number): Promise<ApplyFigures> {
    const out: ApplyFigures = { page: [], virsh: [] };
    for (let i = 0; i < reps; i++) {
        const a = String(i % 2), b = "0-1";
        out.page.push(await applyInPage(page, "card-pinning", "pin-vcpu-0", a));
        const read = /^\s*0\s+(\S+)/m.exec(virsh("vcpupin", VM, "--live"))?.[1];
        if (read !== a) throw new Error(`virsh reads vCPU 0 pinned to ${read}, vmtune applied ${a}`);
        out.virsh.push(timedVirsh("vcpupin", VM, "0", b, "--live"));
        await fieldShows(page, "pin-vcpu-0", b);
    }
    return out;
}
