// Explains why there is nothing to show: libvirt-dbus missing or stopped, no access, other failures.
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import cockpit from "cockpit";
import type { InventoryStatus } from "../libvirt/inventory.ts";
import type { ConnectionId } from "../libvirt/connections.ts";
import { connectionById } from "../libvirt/connections.ts";

import { BackToOverview } from "./BackToOverview.tsx";

const _ = cockpit.gettext;

export function ConnectionState({ status }: { status: InventoryStatus }) {
    if (status.kind === "connecting")
        return (
            <EmptyState titleText={_("Connecting to libvirt")} headingLevel="h2" icon={Spinner} id="state-connecting" />
        );
    if (status.kind === "ready")
        return null;
    if (status.kind === "absent")
        return (
            <EmptyState titleText={_("libvirt does not offer this connection here")} headingLevel="h2" id="state-absent" status="warning">
                <EmptyStateBody>
                    <Content component="p">{status.failure.message}</Content>
                </EmptyStateBody>
            </EmptyState>
        );
    const { failure, retrying } = status;
    if (failure.kind === "no-service" || failure.kind === "disconnected")
        return (
            <EmptyState titleText={_("libvirt-dbus is not running")} headingLevel="h2" id="state-no-service" status="warning">
                <EmptyStateBody>
                    <Content component="p">
                        {_("vmtune talks to libvirt through the libvirt-dbus service on the system bus. Install the libvirt-dbus package and start it:")}
                    </Content>
                    <CodeBlock><CodeBlockCode>systemctl enable --now libvirtd.socket libvirt-dbus.service</CodeBlockCode></CodeBlock>
                    {retrying && <Content component="p" className="vmtune-muted">{_("Reconnecting…")}</Content>}
                    <Content component="p" className="vmtune-muted">{failure.message}</Content>
                </EmptyStateBody>
            </EmptyState>
        );
    if (failure.kind === "access-denied")
        return (
            <EmptyState titleText={_("Your account may not talk to libvirt")} headingLevel="h2" id="state-access-denied" status="warning">
                <EmptyStateBody>
                    <Content component="p">
                        {_("libvirt's bus policy admits only root and members of the group libvirt. Turn on administrative access with the \"Limited access\" button at the top of Cockpit, or ask an administrator to add your account to the group libvirt (usermod -aG libvirt USER) and log in again.")}
                    </Content>
                    <Content component="p" className="vmtune-muted">{failure.message}</Content>
                </EmptyStateBody>
            </EmptyState>
        );
    return (
        <EmptyState titleText={_("libvirt reported an error")} headingLevel="h2" id="state-error" status="danger">
            <EmptyStateBody>
                <Content component="p">{failure.message}</Content>
                {retrying && <Content component="p" className="vmtune-muted">{_("Reconnecting…")}</Content>}
            </EmptyStateBody>
        </EmptyState>
    );
}

/** A VM address on a connection this page does not open for this user. */
export function MissingConnection({ connection }: { connection: ConnectionId }) {
    const uri = connectionById(connection)?.uri ?? connection;
    return (
        <EmptyState titleText={cockpit.format(_("No $0 connection for this user"), uri)} headingLevel="h2" id="state-missing-connection" status="warning">
            <EmptyStateBody>
                <Content component="p">
                    {_("root's session connection (qemu:///session) is the system connection under another name: its VMs are listed under qemu:///system.")}
                </Content>
                <BackToOverview id="missing-connection-back" />
            </EmptyStateBody>
        </EmptyState>
    );
}
