import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { InventoryContext, useOpenInventory } from "./useInventory.ts";
import { Overview } from "./Overview.tsx";
import { VmPage } from "./vm/VmPage.tsx";
import { HostPage } from "./host/HostPage.tsx";
import { useRoute } from "./useRoute.ts";
import { AccessContext, isAdmin, useChangeAccess, useSuperuser } from "./access/useAccess.ts";
import type { SuperuserState } from "../libvirt/access.ts";

export function App() {
    const superuser = useSuperuser();
    if (!superuser.known)
        return null;
    // Channels opened with superuser "try" stay on the bridge they were opened on: a new session of
    // channels when administrative access is turned on or off is what makes the page switch live.
    return <Session key={isAdmin(superuser.current) ? "admin" : "limited"} superuser={superuser.current} />;
}

function Session({ superuser }: { superuser: SuperuserState }) {
    const inventory = useOpenInventory();
    const access = useChangeAccess(inventory, superuser);
    const route = useRoute();
    if (!inventory)
        return null;
    const vmName = route[0] === "vm" ? route[1] : undefined;
    return (
        <InventoryContext.Provider value={inventory}>
            <AccessContext.Provider value={access}>
                {/* no PatternFly Page: inside Cockpit's frame there is no masthead or sidebar, and Page
                    keeps a sidebar column that pushed the content aside */}
                <main className="vmtune-page">
                    <PageSection padding={{ default: "noPadding" }}>
                        {vmName !== undefined ? <VmPage name={vmName} tab={route[2] ?? "cpu"} /> : route[0] === "host" ? <HostPage /> : <Overview />}
                    </PageSection>
                </main>
            </AccessContext.Provider>
        </InventoryContext.Provider>
    );
}
