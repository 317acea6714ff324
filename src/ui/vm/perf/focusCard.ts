// A finding's link opens the tab that fixes it and brings the card into view with the keyboard on it.
// The tab mounts its cards after the address changes, so the card is looked for until it is there.
import { goTo } from "../../useRoute.ts";

/** How long to wait for the card of the opened tab, ms (the tab renders from state already read). */
const WAIT_MS = 3000;

export function openCard(route: string[], cardId: string): void {
    goTo(route);
    const until = Date.now() + WAIT_MS;
    const look = () => {
        const card = document.getElementById(cardId);
        if (card) {
            // a card is no form control: tabindex -1 lets it take the focus without joining the tab order
            if (!card.hasAttribute("tabindex")) card.setAttribute("tabindex", "-1");
            card.scrollIntoView({ block: "start" });
            card.focus({ preventScroll: true });
        } else if (Date.now() < until) {
            requestAnimationFrame(look);
        }
    };
    requestAnimationFrame(look);
}
