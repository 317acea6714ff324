// Host NUMA nodes: CPUs grouped by socket and core (thread siblings), memory total and free per node,
// and node distances, from libvirt's capabilities and NodeGetMemoryStats.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../table.tsx";
import cockpit from "cockpit";
import type { HostInfo } from "../../libvirt/host-info.ts";
import type { HostCell } from "../../model/host/capabilities.ts";
import { formatCpuset } from "../../model/values/cpuset.ts";
import { formatSize } from "../../model/values/units.ts";

const _ = cockpit.gettext;

/** socket → cores, each core its sibling CPU ids, in CPU order. */
function coresBySocket(cell: HostCell): { socket: string; cores: number[][] }[] {
    const sockets = new Map<string, number[][]>();
    const seen = new Set<number>();
    for (const cpu of cell.cpus) {
        if (seen.has(cpu.id)) continue;
        const sib = cpu.siblings && cpu.siblings.length > 0 ? cpu.siblings : [cpu.id];
        sib.forEach(s => seen.add(s));
        const key = cpu.socket_id === undefined ? "?" : String(cpu.socket_id);
        const list = sockets.get(key) ?? [];
        list.push(sib);
        sockets.set(key, list);
    }
    return [...sockets].map(([socket, cores]) => ({ socket, cores }));
}

function NodeFacts({ cell, info }: { cell: HostCell; info: HostInfo }) {
    const mem = info.cellMemory.get(cell.id);
    return (
        <DescriptionList isHorizontal isCompact data-node={cell.id} className="vmtune-host-node">
            <DescriptionListGroup>
                <DescriptionListTerm>{cockpit.format(_("Node $0"), cell.id)}</DescriptionListTerm>
                <DescriptionListDescription data-field="memory">
                    {cockpit.format(_("$0 total, $1 free"), formatSize(mem?.total ?? cell.memory), mem ? formatSize(mem.free) : "—")}
                </DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
                <DescriptionListTerm>{_("CPUs")}</DescriptionListTerm>
                <DescriptionListDescription data-field="cpus">{formatCpuset(cell.cpus.map(c => c.id)) || _("none (memory only)")}</DescriptionListDescription>
            </DescriptionListGroup>
            {coresBySocket(cell).map(({ socket, cores }) => (
                <DescriptionListGroup key={socket}>
                    <DescriptionListTerm>{socket === "?" ? _("Socket unknown") : cockpit.format(_("Socket $0 cores"), socket)}</DescriptionListTerm>
                    <DescriptionListDescription data-field={`socket-${socket}`}>
                        {cores.map(c => c.join("+")).join("  ")}
                    </DescriptionListDescription>
                </DescriptionListGroup>
            ))}
        </DescriptionList>
    );
}

export function TopologyCard({ info }: { info: HostInfo }) {
    const cells = info.topology.cells;
    const withDistances = cells.filter(c => c.distances.length > 0);
    const t = info.topology.cpuTopology;
    return (
        <Card isCompact id="host-topology">
            <CardTitle>{_("NUMA nodes")}</CardTitle>
            <CardBody>
                <Content component="p">
                    {/* libvirt counts the sockets of <host><cpu><topology> per NUMA node */}
                    {t && cells.length > 1
                        ? cockpit.format(_("$0 CPUs in $1 NUMA nodes, each with $2 sockets × $3 dies × $4 cores × $5 threads (model $6)."),
                                         info.topology.totalCpus, cells.length, t.sockets, t.dies, t.cores, t.threads, info.topology.model ?? "—")
                        : t ? cockpit.format(_("$0 CPUs: $1 sockets × $2 dies × $3 cores × $4 threads (model $5)."),
                                             info.topology.totalCpus, t.sockets, t.dies, t.cores, t.threads, info.topology.model ?? "—")
                            : cockpit.format(_("$0 CPUs"), info.topology.totalCpus)}
                    {" "}{_("Cores are listed by their thread siblings (CPUs sharing one physical core, joined by +).")}
                </Content>
                {cells.length === 0 && <Content component="p" id="host-no-numa">{_("libvirt reports no NUMA topology for this host: all its memory is one node.")}</Content>}
                {cells.map(cell => <NodeFacts key={cell.id} cell={cell} info={info} />)}
                {withDistances.length > 0 && (
                    <Table aria-label={_("Node distances")} id="host-distances">
                        <Thead>
                            <Tr>
                                <Th>{_("Distance from node")}</Th>
                                {cells.map(c => <Th key={c.id}>{cockpit.format(_("to node $0"), c.id)}</Th>)}
                            </Tr>
                        </Thead>
                        <Tbody>
                            {withDistances.map(c => (
                                <Tr key={c.id} data-node={c.id}>
                                    <Td>{c.id}</Td>
                                    {cells.map(to => <Td key={to.id}>{c.distances.find(d => d.id === to.id)?.value ?? "—"}</Td>)}
                                </Tr>
                            ))}
                        </Tbody>
                    </Table>
                )}
            </CardBody>
        </Card>
    );
}
