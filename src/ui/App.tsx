import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { InventoriesContext, InventoryContext, useOpenInventories } from "./useInventory.ts";
import { Overview } from "./Overview.tsx";
import { HostPage, VmPage, preloadLinkTarget, preloadPage } from "./views.tsx";
import { useRoute } from "./useRoute.ts";
import type { Access } from "./access/useAccess.ts";
import { AccessContext, isAdmin, useChangeAccess, useSuperuser } from "./access/useAccess.ts";
import type { SuperuserState } from "../libvirt/access.ts";
import { MissingConnection } from "./ConnectionState.tsx";
import { NotFound } from "./NotFound.tsx";
import { pageOf } from "./routes.ts";

export function App() {
    // the code of the page the address names is fetched while the session and libvirt are read, not after
    preloadPage(pageOf(useRoute()));
    const superuser = useSuperuser();
    if (!superuser.known)
        return null;
    // Channels opened with superuser "try" stay on the bridge they were opened on: a new session of
    // channels when administrative access is turned on or off is what makes the page switch live.
    return <Session key={isAdmin(superuser.current) ? "admin" : "limited"} superuser={superuser.current} />;
}

function Session({ superuser }: { superuser: SuperuserState }) {
    const route = useRoute();
    const page = pageOf(route);
    const vmRoute = page.kind === "vm" ? { connection: page.connection, name: page.name, tab: page.tab } : undefined;
    const { inventories, complete } = useOpenInventories(vmRoute);
    const system = inventories?.[0] ?? null;
    const access = useChangeAccess(system, superuser);
    if (!inventories || !system)
        return null;
    const inventory = vmRoute ? inventories.find(i => i.libvirt.connection.id === vmRoute.connection) : system;
    if (vmRoute && !inventory && !complete)
        return null;
    // the session bus is the user's own: its VMs are theirs to change whatever the system bus allows
    const connectionAccess: Access = inventory?.libvirt.connection.bus === "session" ? { superuser } : access;
    let view;
    if (page.kind === "not-found")
        view = <NotFound />;
    else if (vmRoute && !inventory)
        view = <MissingConnection connection={vmRoute.connection} />;
    else if (vmRoute)
        // keyed by VM: another VM is another page, so no draft, scope or open review follows to it
        view = <VmPage key={`${vmRoute.connection}/${vmRoute.name}`} name={vmRoute.name} tab={vmRoute.tab} />;
    else if (page.kind === "host")
        view = <HostPage />;
    else
        view = <Overview />;
    return (
        <InventoriesContext.Provider value={inventories}>
            <InventoryContext.Provider value={inventory ?? system}>
                <AccessContext.Provider value={connectionAccess}>
                    {/* no PatternFly Page: inside Cockpit's frame there is no masthead or sidebar, and Page
                        keeps a sidebar column that pushed the content aside */}
                    <main className="vmtune-page" onMouseOver={e => preloadLinkTarget(e.target)}>
                        <PageSection padding={{ default: "noPadding" }}>
                            {view}
                        </PageSection>
                    </main>
                </AccessContext.Provider>
            </InventoryContext.Provider>
        </InventoriesContext.Provider>
    );
}
