// The landing page: the host at a glance, then every VM's tuning.
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import cockpit from "cockpit";
import { useInventoryState } from "./useInventory.ts";
import { ConnectionState } from "./ConnectionState.tsx";
import { HostSummary } from "./HostSummary.tsx";
import { VmTable } from "./VmTable.tsx";

const _ = cockpit.gettext;

export function Overview() {
    const { status, domains } = useInventoryState();
    if (status.kind !== "ready")
        return <ConnectionState status={status} />;
    return (
        <Stack hasGutter>
            <StackItem>
                <HostSummary />
            </StackItem>
            <StackItem>
                <Title headingLevel="h2">{_("Virtual machines")}</Title>
                {domains.length === 0
                    ? (
                        <EmptyState titleText={_("No virtual machines")} headingLevel="h3" id="state-empty">
                            <EmptyStateBody>
                                <Content component="p">{_("libvirt has no virtual machines on the system connection (qemu:///system). Create one with cockpit-machines or virt-install; it appears here at once.")}</Content>
                            </EmptyStateBody>
                        </EmptyState>
                    )
                    : <VmTable vms={domains} />}
            </StackItem>
        </Stack>
    );
}
