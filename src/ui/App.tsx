import { Page, PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { InventoryContext, useOpenInventory } from "./useInventory.ts";
import { Overview } from "./Overview.tsx";
import { VmPage } from "./vm/VmPage.tsx";
import { HostPage } from "./host/HostPage.tsx";
import { useRoute } from "./useRoute.ts";

export function App() {
    const inventory = useOpenInventory();
    const route = useRoute();
    if (!inventory)
        return null;
    const vmName = route[0] === "vm" ? route[1] : undefined;
    return (
        <InventoryContext.Provider value={inventory}>
            <Page>
                <PageSection>
                    {vmName !== undefined ? <VmPage name={vmName} tab={route[2] ?? "cpu"} /> : route[0] === "host" ? <HostPage /> : <Overview />}
                </PageSection>
            </Page>
        </InventoryContext.Provider>
    );
}
