// NUMA of one VM: where its memory may live on the host (numatune) and its guest NUMA cells.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import cockpit from "cockpit";
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { formatSize } from "../../model/units.ts";
import { Facts } from "./Facts.tsx";

const _ = cockpit.gettext;

export function NumaTab({ vm }: { vm: DomainSnapshot }) {
    const t = vm.config ?? vm.live;
    if (!t) return null;
    const mode = (x: typeof t) => x.numatune.mode ?? (x.numatune.nodeset ? "strict" : "—");
    return (
        <Stack hasGutter>
            <StackItem>
                <Card isCompact id="numa-numatune">
                    <CardTitle>{_("Host memory placement (numatune)")}</CardTitle>
                    <CardBody>
                        <Facts facts={[
                            { id: "numa_mode", label: _("Memory mode"), live: vm.live && mode(vm.live), config: vm.config && mode(vm.config) },
                            { id: "numa_nodeset", label: _("Memory nodes"), live: vm.live && (vm.live.numatune.nodeset ?? "—"), config: vm.config && (vm.config.numatune.nodeset ?? "—") },
                        ]} />
                    </CardBody>
                </Card>
            </StackItem>
            <StackItem>
                <Card isCompact id="numa-cells">
                    <CardTitle>{_("Guest NUMA cells (next boot)")}</CardTitle>
                    <CardBody>
                        {t.cpu.cells.length === 0
                            ? <span className="vmtune-muted">{_("This VM has no guest NUMA cells: the guest sees one node.")}</span>
                            : (
                                <Table variant="compact" aria-label={_("Guest NUMA cells")}>
                                    <Thead><Tr><Th>{_("Cell")}</Th><Th>{_("CPUs")}</Th><Th>{_("Memory")}</Th><Th>{_("Host nodes")}</Th></Tr></Thead>
                                    <Tbody>
                                        {t.cpu.cells.map(c => (
                                            <Tr key={c.id} data-cell={c.id}>
                                                <Td>{c.id}</Td><Td>{c.cpus}</Td><Td>{formatSize(c.memory)}</Td>
                                                <Td>{t.numatune.memnodes.find(m => m.cellid === c.id)?.nodeset ?? "—"}</Td>
                                            </Tr>
                                        ))}
                                    </Tbody>
                                </Table>
                            )}
                    </CardBody>
                </Card>
            </StackItem>
        </Stack>
    );
}
