// The session's right to change VMs, for every card: Cockpit's superuser state (followed live) and
// whether libvirt's bus policy lets this session change anything (asked without changing anything).
import cockpit from "cockpit";
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import type { SuperuserState } from "../../libvirt/access.ts";
import { probeChangeAccess, watchSuperuser } from "../../libvirt/access.ts";
import type { Inventory } from "../../libvirt/inventory.ts";

const _ = cockpit.gettext;

export interface Access {
    /** Cockpit's superuser state (see isAdmin) */
    superuser: SuperuserState;
    /** why nothing can be changed here; undefined when changes are allowed (or not known yet) */
    readOnly?: string | undefined;
}

/** Current is "none" or "init" without administrative access, else "root" (a root session) or the
 *  privileged bridge that gives it ("sudo", "pkexec"). */
export function isAdmin(superuser: SuperuserState): boolean {
    return superuser !== undefined && superuser !== "none" && superuser !== "init";
}

export const AccessContext = createContext<Access>({ superuser: undefined });

export function useAccess(): Access {
    return useContext(AccessContext);
}

/** Follows the superuser state; `known` once the bridge answered (or had no answer). */
export function useSuperuser(): { known: boolean; current: SuperuserState } {
    const [state, setState] = useState<{ known: boolean; current: SuperuserState }>({ known: false, current: undefined });
    useEffect(() => watchSuperuser(current => setState({ known: true, current })), []);
    return state;
}

/** The read-only reason for this session, probed once libvirt answers and whenever the page is shown again. */
export function useChangeAccess(inventory: Inventory | null, superuser: SuperuserState): Access {
    const [readOnly, setReadOnly] = useState<string>();
    const ready = useSyncExternalStore(
        inventory?.subscribe ?? noSubscribe,
        () => inventory?.getState().status.kind === "ready",
    );
    useEffect(() => {
        // administrative access means root's bus policy: nothing to ask (and one D-Bus call less per load)
        if (!inventory || !ready || isAdmin(superuser)) {
            setReadOnly(undefined);
            return;
        }
        let current = true;
        const probe = () => {
            void probeChangeAccess(inventory.libvirt).then(refusal => {
                if (!current) return;
                setReadOnly(refusal
                    ? cockpit.format(_("Read only: this session may look but not change VMs ($0). Turn on administrative access with the \"Limited access\" button at the top of Cockpit, or ask an administrator to add your account to the group libvirt."), refusal.message)
                    : undefined);
            });
        };
        probe();
        // an administrator may have changed the policy meanwhile: ask again when the page is shown
        const onVisible = () => { if (!cockpit.hidden) probe() };
        cockpit.addEventListener("visibilitychange", onVisible);
        return () => {
            current = false;
            cockpit.removeEventListener("visibilitychange", onVisible);
        };
    }, [inventory, ready, superuser]);
    return { superuser, readOnly };
}

const noSubscribe = () => () => {};
