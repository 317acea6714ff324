// Performance of one running VM, refreshed every few seconds while the tab is visible: findings in
// words, per vCPU figures and pictures, throttling per cgroup, where the memory sits. Reading only:
// nothing here changes the VM; each finding links to the card that does.
import { Notice } from "../../Notice.tsx";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import cockpit from "cockpit";
import { useMemo } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { effectiveLive } from "../../../model/vm/vm.ts";
import { perfFindings } from "../../../model/perf/findings.ts";
import { placementMap } from "../../../model/placement/placement.ts";
import { formatCpuset } from "../../../model/values/cpuset.ts";
import { recentRates } from "../../../model/perf/window.ts";
import { groupRows, numaRows, numatuneText, vcpuCharts, vcpuRows } from "../../../model/view/perf-view.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { useInventory, useInventoryState } from "../../useInventory.ts";
import { placedVms } from "../../host/placed-vms.ts";
import { usePerfSamples } from "./usePerfSamples.ts";
import { PerfFindingsCard } from "./PerfFindingsCard.tsx";
import { PerfVcpuCard } from "./PerfVcpuCard.tsx";
import { PerfGroupsCard } from "./PerfGroupsCard.tsx";
import { PerfMemoryCard } from "./PerfMemoryCard.tsx";
import "./perf.css";

const _ = cockpit.gettext;

export function PerfTab({ vm }: { vm: Vm }) {
    if (!vm.active) {
        return (
            <Card isCompact id="perf-not-running">
                <CardTitle component="h2">{_("Performance")}</CardTitle>
                <CardBody>
                    <p className="vmtune-muted">
                        {_("The VM is shut off: no vCPU runs, so there is nothing to measure. Start it to see its vCPUs, throttling and memory placement here.")}
                    </p>
                </CardBody>
            </Card>
        );
    }
    return <PerfLive vm={vm} />;
}

function PerfLive({ vm }: { vm: Vm }) {
    const { latest, rates, series, samples: readings, error } = usePerfSamples(vm);
    const host = useHostInfo()?.info?.topology;
    const { domains } = useInventoryState();
    const connection = useInventory().libvirt.connection.id;
    // who is pinned where on the host: the same map the host page draws
    const map = useMemo(() => host ? placementMap(placedVms(domains), host) : undefined, [domains, host]);
    const live = useMemo(() => effectiveLive(vm), [vm]);
    const allCpus = useMemo(() => host ? formatCpuset(host.onlineCpus.length ? host.onlineCpus : [...Array(host.totalCpus).keys()]) : "",
                            [host]);
    // findings speak for the last 30 s, not one 3 s rate: a burst or a pause does not make them flicker
    const lasting = useMemo(() => recentRates(series), [series]);
    const findings = useMemo(() => perfFindings({ vm: vm.name, live, rates: lasting, numa: latest?.numa, cpus: map?.cpus, host }),
                             [vm.name, live, lasting, latest, map, host]);
    const charts = useMemo(() => vcpuCharts(series), [series]);
    const partial = latest?.errors ?? [];
    // the host's files are not read for these: say so instead of "could not be read"
    const { session, driver } = vm.connection;
    const testDriver = driver === "test" ? _("The test driver has no host processes to read") : undefined;
    const noGroups = session ? _("Session VMs have no cgroups of their own: libvirt sets no quota on them.") : testDriver;
    const noNuma = session ? _("Where a session VM's memory sits is not read.") : testDriver;

    return (
        <Stack hasGutter>
            <StackItem>
                <p id="perf-status" className="vmtune-muted" data-samples={readings}
                   data-state={error ? "error" : readings === 0 ? "waiting" : "running"}>
                    {readings === 0
                        ? _("Reading the first figures…")
                        : cockpit.format(_("Refreshed every 3 seconds while this tab is shown; $0 readings so far."), readings)}
                </p>
                {error && <Notice isInline variant="warning" id="perf-error" title={cockpit.format(_("The figures could not be read: $0"), error)} />}
                {partial.length > 0 && (
                    <Notice isInline isPlain variant="info" id="perf-partial" title={_("Some figures could not be read")}>
                        <ul>{partial.map((e, i) => <li key={i}>{e}</li>)}</ul>
                    </Notice>
                )}
            </StackItem>
            <StackItem>
                <PerfFindingsCard findings={findings} measured={rates !== undefined} connection={connection} vm={vm.name} />
            </StackItem>
            <StackItem>
                <PerfVcpuCard rows={vcpuRows(latest, rates, live, allCpus)} charts={charts} />
            </StackItem>
            <StackItem>
                <PerfGroupsCard rows={groupRows(latest, rates, live?.cputune)} none={noGroups} />
            </StackItem>
            <StackItem>
                <PerfMemoryCard rows={numaRows(latest?.numa)} numatune={numatuneText(live)} none={noNuma} />
            </StackItem>
        </Stack>
    );
}
