// Why the host cards cannot change anything, when that is so: the session's reason (libvirt refuses
// changes), or no administrative access (the pools and KSM's run are root's sysfs files).
import cockpit from "cockpit";
import { isAdmin, useAccess } from "../access/useAccess.ts";

const _ = cockpit.gettext;

export function useHostWriteAccess(): string | undefined {
    const access = useAccess();
    if (access.readOnly) return access.readOnly;
    // undefined: the bridge has no superuser object (a root session); known non-admin states refuse
    if (access.superuser !== undefined && !isAdmin(access.superuser))
        return _("Changing the host's memory settings needs administrative access.");
    return undefined;
}
