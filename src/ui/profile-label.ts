// The CPU profiles' names as the pages show them (overview, placement map, Profile card).
import cockpit from "cockpit";
import type { ProfileKind } from "../model/placement/profile-fit.ts";

const _ = cockpit.gettext;

export function profileLabel(kind: ProfileKind): string {
    switch (kind) {
    case "dedicated": return _("Dedicated");
    case "dedicated-isolated": return _("Dedicated, isolated threads");
    case "shared": return _("Shared");
    case "custom": return _("Custom");
    }
}
