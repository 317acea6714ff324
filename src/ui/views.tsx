// The page's split points, in one place: each view here is a chunk of its own (with what only it
// uses), fetched the first time it is shown. The overview and what every page needs stay in index.js.
import { deferred } from "./deferred.tsx";
import type { Page } from "./routes.ts";

export const VmPage = deferred(() => import("./vm/VmPage.tsx").then(m => m.VmPage));
export const HostPage = deferred(() => import("./host/HostPage.tsx").then(m => m.HostPage));
export const PerfTab = deferred(() => import("./vm/perf/PerfTab.tsx").then(m => m.PerfTab));
/** the Review dialog of every card (with PatternFly's Modal and its focus trap) */
export const PlanReview = deferred(() => import("./plan/PlanReview.tsx").then(m => m.PlanReview));
export const AttachDimmDialog = deferred(() => import("./vm/memory/AttachDimmDialog.tsx").then(m => m.AttachDimmDialog));

const TABS: Record<string, { preload(): void }> = { perf: PerfTab };

/** A pointer over a link to the VM page or the host page starts fetching its code (event delegation:
 *  one handler for every row of a long list). */
export function preloadLinkTarget(target: EventTarget | null): void {
    const link = target instanceof Element ? target.closest("a[href^='#/']") : null;
    if (!link) return;
    if (link.getAttribute("data-link") === "vm") VmPage.preload();
    else if (link.getAttribute("href") === "#/host") HostPage.preload();
}

/** Starts fetching what a page needs (before libvirt has answered, or when its link is hovered). */
export function preloadPage(page: Page): void {
    if (page.kind === "vm") {
        VmPage.preload();
        TABS[page.tab]?.preload();
    } else if (page.kind === "host") {
        HostPage.preload();
    }
}
