// Placement of every VM on the host's CPUs (live or next boot), the conflicts the model finds, and
// "Suggest placement" for one VM, drawn on the same map.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Flex, FlexItem } from "../layout.tsx";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/esm/components/ToggleGroup/index.js";
import cockpit from "cockpit";
import { useMemo, useState } from "react";
import type { HostInfo } from "../../libvirt/host-info.ts";
import type { View } from "../../model/placement/placement.ts";
import { placedVms } from "./placed-vms.ts";
import { placementMap } from "../../model/placement/placement.ts";
import { suggestPlacement } from "../../model/placement/placement-suggest.ts";
import { dedicatedCpus } from "../../model/placement/profile-detect.ts";
import { useInventoryState } from "../useInventory.ts";
import { placementView, suggestedCpus, vcpuPinsByVm } from "../../model/view/placement-view.ts";
import type { IsolationMarks } from "../../model/view/placement-view.ts";
import type { HostIsolation } from "../../model/host/isolation.ts";
import { isolationFindings } from "../../model/host/isolation.ts";
import { ISOLATION_GLYPH, PlacementMap, vmColorClass } from "./PlacementMap.tsx";
import { SuggestCard } from "./SuggestCard.tsx";
import { useHostCpuBusy } from "./useHostCpuBusy.ts";

const _ = cockpit.gettext;

/** `isolation`: the host's CPU isolation, once read (drawn on the map, and its finding). */
export function PlacementCard({ info, isolation }: { info: HostInfo; isolation?: HostIsolation | undefined }) {
    const { domains } = useInventoryState();
    const host = info.topology;
    const [view, setView] = useState<View>("live");
    const [pick, setPick] = useState<string>("");
    const [suggestFor, setSuggestFor] = useState<string>();
    const vms = useMemo(() => placedVms(domains), [domains]);
    const busy = useHostCpuBusy();
    const map = useMemo(() => placementMap(vms, host), [vms, host]);
    const suggestion = useMemo(() => {
        const vm = vms.find(v => v.name === suggestFor);
        if (!vm) return undefined;
        const free = new Map([...info.cellMemory].map(([id, m]) => [id, m.free]));
        return suggestPlacement(vm, host, vms, free);
    }, [vms, suggestFor, host, info.cellMemory]);
    const marks = useMemo((): IsolationMarks | undefined => isolation?.housekeeping === undefined ? undefined
        : { isolated: new Set(isolation.isolated), housekeeping: new Set(isolation.housekeeping) }, [isolation]);
    const pview = useMemo(() => placementView(host, map, view, suggestedCpus(suggestion, host.totalCpus), marks),
                          [host, map, view, suggestion, marks]);
    const dedicated = useMemo(() => dedicatedCpus(vms, host, view), [vms, host, view]);
    const findings = useMemo(() => isolation ? isolationFindings(isolation, vcpuPinsByVm(map, view)) : [], [isolation, map, view]);
    const suggestVm = domains.find(d => d.name === suggestFor);
    const chosen = pick || domains[0]?.name || "";

    return (
        <Card isCompact id="host-placement">
            <CardHeader actions={{
                actions: (
                    <ToggleGroup isCompact aria-label={_("Show pins")} id="placement-view">
                        <ToggleGroupItem text={_("Live")} buttonId="placement-view-live" isSelected={view === "live"} onChange={() => setView("live")} />
                        <ToggleGroupItem text={_("Next boot")} buttonId="placement-view-config" isSelected={view === "config"} onChange={() => setView("config")} />
                    </ToggleGroup>
                ),
                hasNoOffset: true,
            }}>
                <CardTitle>{_("Placement")}</CardTitle>
            </CardHeader>
            <CardBody>
                <Content component="p" className="vmtune-muted">
                    {_("Every host CPU with the vCPU (v), emulator (E) and IOThread (io) pins on it; the bar is the pinned vCPU load. Unpinned vCPUs float and are not drawn. Arrow keys move between CPUs.")}
                </Content>
                {pview.vms.length > 0 && (
                    <Flex id="placement-legend" aria-label={_("VMs")}>
                        {pview.vms.map((vm, i) => (
                            <FlexItem key={vm} data-vm={vm}><span className={"vmtune-pmap-swatch " + vmColorClass(i)} />{vm}</FlexItem>
                        ))}
                    </Flex>
                )}
                <Flex id="placement-isolation-legend" aria-label={_("Host CPU isolation")}>
                    {marks
                        ? <>
                            <FlexItem data-key="isolated"><span aria-hidden="true" className="vmtune-pmap-cpu is-isolated vmtune-pmap-isokey">{ISOLATION_GLYPH.isolated}</span>{_("isolated from the scheduler")}</FlexItem>
                            <FlexItem data-key="host"><span aria-hidden="true" className="vmtune-pmap-cpu is-host vmtune-pmap-isokey">{ISOLATION_GLYPH.host}</span>{_("host processes may run here")}</FlexItem>
                        </>
                        : <FlexItem data-key={isolation ? "none" : "reading"} className="vmtune-muted">{isolation ? _("The host isolates no CPU and does not restrict its own processes: every CPU is shared with them.") : _("Reading the host's CPU isolation…")}</FlexItem>}
                </Flex>
                {pview.nodes.length === 0
                    ? <Content component="p">{_("libvirt reports no NUMA cells for this host, so there is no CPU map to draw.")}</Content>
                    : <PlacementMap view={pview} busy={busy} dedicated={dedicated} />}
                <Content component="h3">{_("Conflicts")}</Content>
                {pview.conflicts.length === 0
                    ? <Content component="p" id="placement-no-conflicts">{_("No conflicts.")}</Content>
                    : (
                        <List id="placement-conflicts">
                            {pview.conflicts.map((c, i) => <ListItem key={i} data-kind={c.kind}>{c.message}</ListItem>)}
                        </List>
                    )}
                {findings.length > 0 && (
                    <List id="placement-isolation-findings">
                        {findings.map(f => <ListItem key={f.vm} data-vm={f.vm}>{f.message}</ListItem>)}
                    </List>
                )}
                <Flex alignItems={{ default: "alignItemsFlexEnd" }} className="vmtune-pmap-suggest">
                    <FlexItem>
                        <label htmlFor="suggest-vm">{_("VM")}</label>
                        <FormSelect id="suggest-vm" value={chosen} onChange={(_e, v) => setPick(v)} aria-label={_("VM to place")}>
                            {domains.map(d => <FormSelectOption key={d.path} value={d.name} label={d.name} />)}
                        </FormSelect>
                    </FlexItem>
                    <FlexItem>
                        <Button variant="secondary" id="suggest-placement" isDisabled={!chosen} onClick={() => setSuggestFor(chosen)}>
                            {_("Suggest placement")}
                        </Button>
                    </FlexItem>
                </Flex>
                {suggestion && suggestVm && (
                    <SuggestCard key={suggestVm.name} vm={suggestVm} suggestion={suggestion} hostCpus={host.totalCpus}
                                 onDone={() => setSuggestFor(undefined)} />
                )}
            </CardBody>
        </Card>
    );
}
