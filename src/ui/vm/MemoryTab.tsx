// Memory of one VM: balloon, maximum and hotplug limit, memtune, and the memory devices (DIMMs).
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import cockpit from "cockpit";
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import type { Tuning } from "../../model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../model/types.ts";
import { formatSize } from "../../model/units.ts";
import type { Fact } from "./Facts.tsx";
import { Facts } from "./Facts.tsx";

const _ = cockpit.gettext;

const limit = (kib: number | undefined) =>
    kib === undefined || kib >= MEMTUNE_UNLIMITED ? _("unlimited") : formatSize(kib);

function fact(id: string, label: string, vm: DomainSnapshot, read: (t: Tuning) => string): Fact {
    return { id, label, live: vm.live ? read(vm.live) : undefined, config: vm.config ? read(vm.config) : undefined };
}

export function MemoryTab({ vm }: { vm: DomainSnapshot }) {
    const t = vm.live ?? vm.config;
    if (!t) return null;
    return (
        <Stack hasGutter>
            <StackItem>
                <Card isCompact id="memory-balloon">
                    <CardTitle>{_("Memory")}</CardTitle>
                    <CardBody>
                        <Facts facts={[
                            fact("currentMemory", _("Current memory"), vm, x => formatSize(x.currentMemory)),
                            fact("memory", _("Maximum memory"), vm, x => formatSize(x.memory)),
                            fact("maxMemory", _("Hotplug memory limit"), vm, x => x.maxMemory ? formatSize(x.maxMemory.size) : "—"),
                            fact("slots", _("Memory slots"), vm, x => x.maxMemory ? String(x.maxMemory.slots) : "—"),
                            fact("balloon", _("Balloon"), vm, x => x.memballoon
                                ? (x.memballoon.statsPeriod ? cockpit.format(_("$0, statistics every $1 s"), x.memballoon.model, x.memballoon.statsPeriod) : x.memballoon.model)
                                : _("none")),
                        ]} />
                    </CardBody>
                </Card>
            </StackItem>
            <StackItem>
                <Card isCompact id="memory-memtune">
                    <CardTitle>{_("Memory limits (memtune)")}</CardTitle>
                    <CardBody>
                        <Facts facts={[
                            fact("hard_limit", _("Hard limit"), vm, x => limit(x.memtune.hard_limit)),
                            fact("soft_limit", _("Soft limit"), vm, x => limit(x.memtune.soft_limit)),
                            fact("swap_hard_limit", _("Swap hard limit"), vm, x => limit(x.memtune.swap_hard_limit)),
                        ]} />
                    </CardBody>
                </Card>
            </StackItem>
            <StackItem>
                <Card isCompact id="memory-dimms">
                    <CardTitle>{_("Memory devices")}</CardTitle>
                    <CardBody>
                        {t.memoryDevices.length === 0
                            ? <span className="vmtune-muted">{_("No memory devices attached.")}</span>
                            : (
                                <Table variant="compact" aria-label={_("Memory devices")}>
                                    <Thead><Tr>
                                        <Th>{_("Model")}</Th><Th>{_("Size")}</Th><Th>{_("Guest node")}</Th>
                                        <Th>{_("Slot")}</Th><Th>{_("Address")}</Th><Th>{_("Alias")}</Th>
                                    </Tr></Thead>
                                    <Tbody>
                                        {t.memoryDevices.map((d, i) => (
                                            <Tr key={d.alias ?? `${d.slot ?? ""}-${i}`}>
                                                <Td>{d.model}</Td><Td>{formatSize(d.size)}</Td><Td>{d.node ?? "—"}</Td>
                                                <Td>{d.slot ?? "—"}</Td><Td>{d.base ?? "—"}</Td><Td>{d.alias ?? "—"}</Td>
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
