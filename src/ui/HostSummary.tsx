// The host at a glance: CPUs, NUMA nodes with their CPUs and memory, libvirt and cgroup versions.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import cockpit from "cockpit";
import { formatCpuset } from "../model/values/cpuset.ts";
import { formatSize } from "../model/values/units.ts";
import { useHostInfo } from "./useHostInfo.ts";
import { goTo } from "./useRoute.ts";

const _ = cockpit.gettext;

function cgroupText(version: 1 | 2 | undefined): string {
    if (version === 1) return _("v1 (CPU shares 2–262144)");
    if (version === 2) return _("v2 (CPU shares 1–10000, as cpu.weight)");
    return _("unknown");
}

export function HostSummary() {
    const facts = useHostInfo();
    const info = facts?.info;
    return (
        <Card id="host-summary" isCompact>
            <CardHeader actions={{ actions: <Button variant="link" isInline id="host-topology-link" component="a" href="#/host"
                                                    onClick={e => { e.preventDefault(); goTo(["host"]) }}>{_("Host topology")}</Button>,
                                   hasNoOffset: true }}>
                <CardTitle>{_("Host")}</CardTitle>
            </CardHeader>
            <CardBody>
                {!facts && <Skeleton screenreaderText={_("Loading host topology")} />}
                {facts?.error && <span>{facts.error}</span>}
                {info && (
                    <DescriptionList isHorizontal isCompact columnModifier={{ lg: "2Col" }}>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("CPUs online")}</DescriptionListTerm>
                            <DescriptionListDescription id="host-cpus">
                                {cockpit.format(_("$0 ($1)"), info.onlineCpus.length, formatCpuset(info.onlineCpus))}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("libvirt")}</DescriptionListTerm>
                            <DescriptionListDescription id="host-libvirt">{info.libvirtVersion}</DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("NUMA nodes")}</DescriptionListTerm>
                            <DescriptionListDescription>
                                <List isPlain id="host-nodes">
                                    {info.topology.cells.map(cell => {
                                        const mem = info.cellMemory.get(cell.id);
                                        return (
                                            <ListItem key={cell.id} data-node={cell.id}>
                                                {cockpit.format(_("Node $0: CPUs $1, $2 total, $3 free"),
                                                                cell.id,
                                                                formatCpuset(cell.cpus.map(c => c.id)),
                                                                formatSize(mem?.total ?? cell.memory),
                                                                mem ? formatSize(mem.free) : "—")}
                                            </ListItem>
                                        );
                                    })}
                                </List>
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("cgroup")}</DescriptionListTerm>
                            <DescriptionListDescription id="host-cgroup">{cgroupText(facts.cgroup)}</DescriptionListDescription>
                        </DescriptionListGroup>
                    </DescriptionList>
                )}
            </CardBody>
        </Card>
    );
}
