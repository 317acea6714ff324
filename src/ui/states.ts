import cockpit from "cockpit";
import type { DomainState } from "../model/flags.ts";

const _ = cockpit.gettext;

export function stateLabel(state: DomainState): string {
    switch (state) {
    case "running": return _("Running");
    case "blocked": return _("Blocked");
    case "paused": return _("Paused");
    case "shutdown": return _("Shutting down");
    case "shutoff": return _("Shut off");
    case "crashed": return _("Crashed");
    case "pmsuspended": return _("Suspended");
    case "nostate": return _("Unknown");
    }
}
