import { Page, PageSection } from "@patternfly/react-core";
import { InventoryContext, useOpenInventory } from "./useInventory.ts";
import { Overview } from "./Overview.tsx";

export function App() {
    const inventory = useOpenInventory();
    if (!inventory)
        return null;
    return (
        <InventoryContext.Provider value={inventory}>
            <Page>
                <PageSection>
                    <Overview />
                </PageSection>
            </Page>
        </InventoryContext.Provider>
    );
}
