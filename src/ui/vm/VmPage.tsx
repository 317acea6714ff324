// One VM: its state, and the CPU, Memory, NUMA and Performance tabs. Follows the VM live; says so when it vanishes.
import { Notice } from "../Notice.tsx";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { Tab, TabTitleText, Tabs } from "../tabs.tsx";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import cockpit from "cockpit";
import { useInventory, useInventoryState } from "../useInventory.ts";
import { VM_TABS, vmRoute } from "../routes.ts";
import { ConnectionState } from "../ConnectionState.tsx";
import { goTo } from "../useRoute.ts";
import { stateLabel } from "../states.ts";
import { BackToOverview } from "../BackToOverview.tsx";
import { PerfTab } from "../views.tsx";
import { CpuTab } from "./cpu/CpuTab.tsx";
import { MemoryTab } from "./memory/MemoryTab.tsx";
import { NumaTab } from "./numa/NumaTab.tsx";
import { VmPagesWarning } from "./PagesWarning.tsx";

const _ = cockpit.gettext;

export function VmPage({ name, tab }: { name: string; tab: string }) {
    const { status, domains } = useInventoryState();
    const connection = useInventory().libvirt.connection;
    const vm = domains.find(d => d.name === name);
    const activeTab = (VM_TABS as readonly string[]).includes(tab) ? tab : "cpu";
    return (
        <Stack hasGutter>
            <StackItem>
                <Breadcrumb aria-label={_("Breadcrumb")}>
                    <BreadcrumbItem to="#/">{_("VM tuning")}</BreadcrumbItem>
                    <BreadcrumbItem isActive>{name}</BreadcrumbItem>
                </Breadcrumb>
            </StackItem>
            {/* a VM opened by its address shows before the rest of the list has loaded */}
            {status.kind !== "ready" && !(vm && status.kind === "connecting") && <StackItem><ConnectionState status={status} /></StackItem>}
            {status.kind === "ready" && !vm && (
                <StackItem>
                    <Notice variant="warning" isInline id="vm-gone" title={cockpit.format(_("The VM $0 does not exist (any more)."), name)}>
                        <p>{_("It was undefined, or a transient VM was shut down. Go back to the list to pick another.")}</p>
                        <BackToOverview id="vm-gone-back" />
                    </Notice>
                </StackItem>
            )}
            {vm && (
                <>
                    <StackItem>
                        <Title headingLevel="h1" id="vm-title">
                            {vm.name}{" "}
                            <Label isCompact color={vm.active ? "green" : "grey"} id="vm-state">{stateLabel(vm.state)}</Label>
                            {connection.id !== "system" && <>{" "}<Label isCompact color="blue" id="vm-connection">{connection.uri}</Label></>}
                        </Title>
                        {vm.error && <Notice variant="danger" isInline title={vm.error} />}
                        <VmPagesWarning vm={vm} />
                    </StackItem>
                    <StackItem>
                        <Tabs activeKey={activeTab} onSelect={(_e, key) => goTo(vmRoute(connection.id, name, String(key)))}
                              aria-label={_("Tuning areas")} mountOnEnter unmountOnExit>
                            <Tab eventKey="cpu" id="tab-cpu" title={<TabTitleText>{_("CPU")}</TabTitleText>}>
                                <CpuTab vm={vm} />
                            </Tab>
                            <Tab eventKey="memory" id="tab-memory" title={<TabTitleText>{_("Memory")}</TabTitleText>}>
                                <MemoryTab vm={vm} />
                            </Tab>
                            <Tab eventKey="numa" id="tab-numa" title={<TabTitleText>{_("NUMA")}</TabTitleText>}>
                                <NumaTab vm={vm} />
                            </Tab>
                            {/* the tab's button gets a generated id; #tab-perf is the stable handle on its title */}
                            <Tab eventKey="perf" id="tab-perf" title={<TabTitleText><span id="tab-perf">{_("Performance")}</span></TabTitleText>}>
                                <PerfTab vm={vm} />
                            </Tab>
                        </Tabs>
                    </StackItem>
                </>
            )}
        </Stack>
    );
}
