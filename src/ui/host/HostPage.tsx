// The host topology page (route ["host"]): NUMA nodes, numactl's view, the CPUs the host keeps free for
// VMs, the placement map, and the host's memory for performance (hugepage pools, KSM).
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import { Notice } from "../Notice.tsx";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import cockpit from "cockpit";
import { useHostInfo } from "../useHostInfo.ts";
import { useInventoryState } from "../useInventory.ts";
import { ConnectionState } from "../ConnectionState.tsx";
import { TopologyCard } from "./TopologyCard.tsx";
import { NumactlCard } from "./NumactlCard.tsx";
import { PlacementCard } from "./PlacementCard.tsx";
import { HotSpotsCard } from "../hotspots/HotSpotsCard.tsx";
import { HugePagesCard } from "./HugePagesCard.tsx";
import { KsmCard } from "./KsmCard.tsx";
import { IsolationCard } from "./IsolationCard.tsx";
import { useHostIsolation } from "./useHostIsolation.ts";
import { useMemo } from "react";
import { hostIsolation } from "../../model/host/isolation.ts";

const _ = cockpit.gettext;

export function HostPage() {
    const facts = useHostInfo();
    const { status } = useInventoryState();
    const isoReading = useHostIsolation();
    const hostCpus = facts?.info?.topology.totalCpus;
    const isolation = useMemo(() => isoReading.sources && hostCpus !== undefined ? hostIsolation(isoReading.sources, hostCpus) : undefined,
                              [isoReading.sources, hostCpus]);
    return (
        <Stack hasGutter>
            <StackItem>
                <Breadcrumb aria-label={_("Breadcrumb")}>
                    <BreadcrumbItem to="#/">{_("VM tuning")}</BreadcrumbItem>
                    <BreadcrumbItem isActive>{_("Host topology")}</BreadcrumbItem>
                </Breadcrumb>
            </StackItem>
            <StackItem><Title headingLevel="h1" id="host-title">{_("Host topology")}</Title></StackItem>
            {status.kind !== "ready" && <StackItem><ConnectionState status={status} /></StackItem>}
            {!facts && <StackItem><Skeleton screenreaderText={_("Loading host topology")} /></StackItem>}
            {facts?.error && <StackItem><Notice isInline variant="danger" title={facts.error} /></StackItem>}
            {facts?.info && <StackItem><TopologyCard info={facts.info} /></StackItem>}
            {status.kind === "ready" && <StackItem><HotSpotsCard /></StackItem>}
            <StackItem><NumactlCard /></StackItem>
            {facts?.info && <StackItem><IsolationCard isolation={isolation} error={isoReading.error} /></StackItem>}
            {facts?.info && status.kind === "ready" && <StackItem><PlacementCard info={facts.info} isolation={isolation} /></StackItem>}
            {status.kind === "ready" && <StackItem><HugePagesCard /></StackItem>}
            {status.kind === "ready" && <StackItem><KsmCard /></StackItem>}
        </Stack>
    );
}
