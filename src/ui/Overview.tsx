// The landing page: the host at a glance, then every VM's tuning: qemu:///system, then the LXC
// containers and the user's session VMs where those connections have any.
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import cockpit from "cockpit";
import type { Inventory } from "../libvirt/inventory.ts";
import { useInventories, useInventoryState, useStateOf } from "./useInventory.ts";
import { ConnectionState } from "./ConnectionState.tsx";
import { HostSummary } from "./HostSummary.tsx";
import { VmTable } from "./VmTable.tsx";
import { HotSpotsCard } from "./hotspots/HotSpotsCard.tsx";
import { OverviewPagesWarning } from "./vm/PagesWarning.tsx";

const _ = cockpit.gettext;
/** from this many VMs the first load takes seconds: rows are shown by name before their definitions */
const MANY = 32;

function otherTitle(inventory: Inventory): string {
    return inventory.libvirt.connection.driver === "lxc"
        ? _("Containers (lxc:///)")
        : _("Your session's virtual machines (qemu:///session)");
}

/** lxc:/// or qemu:///session: nothing when libvirt does not offer it or it has no domains. */
function OtherConnection({ inventory }: { inventory: Inventory }) {
    const { status, domains } = useStateOf(inventory);
    const id = inventory.libvirt.connection.id;
    if (status.kind === "absent" || status.kind === "connecting" || (status.kind === "ready" && domains.length === 0))
        return null;
    return (
        <StackItem id={`connection-${id}`}>
            <Title headingLevel="h2">{otherTitle(inventory)}</Title>
            {status.kind === "ready" ? <VmTable vms={domains} connection={id} label={otherTitle(inventory)} /> : <ConnectionState status={status} />}
        </StackItem>
    );
}

export function Overview() {
    const { status, domains, listed } = useInventoryState();
    const others = useInventories().slice(1);
    // a large host's first load: every VM's row from one listing call, definitions filling in
    if (status.kind === "connecting" && listed && listed.length >= MANY)
        return (
            <Stack hasGutter>
                <StackItem>
                    <Title headingLevel="h2">{_("Virtual machines")}</Title>
                    <Content component="p" className="vmtune-muted" id="vm-table-progress" aria-live="polite">
                        {cockpit.format(_("Reading the definitions: $0 of $1 VMs read."), domains.length, listed.length)}
                    </Content>
                    <VmTable vms={domains} pending={listed} connection="system" label={_("Virtual machines")} />
                </StackItem>
            </Stack>
        );
    if (status.kind !== "ready")
        return (
            <Stack hasGutter>
                <StackItem><ConnectionState status={status} /></StackItem>
                {others.map(inventory => <OtherConnection key={inventory.libvirt.connection.id} inventory={inventory} />)}
            </Stack>
        );
    return (
        <Stack hasGutter>
            <StackItem>
                <HostSummary />
            </StackItem>
            <StackItem><HotSpotsCard /></StackItem>
            <StackItem>
                <Title headingLevel="h2">{_("Virtual machines")}</Title>
                <OverviewPagesWarning vms={domains} />
                {domains.length === 0
                    ? (
                        <EmptyState titleText={_("No virtual machines")} headingLevel="h3" id="state-empty">
                            <EmptyStateBody>
                                <Content component="p">{_("libvirt has no virtual machines on the system connection (qemu:///system). Create one with cockpit-machines or virt-install; it appears here at once.")}</Content>
                            </EmptyStateBody>
                        </EmptyState>
                    )
                    : <VmTable vms={domains} connection="system" label={_("Virtual machines")} />}
            </StackItem>
            {others.map(inventory => <OtherConnection key={inventory.libvirt.connection.id} inventory={inventory} />)}
        </Stack>
    );
}
