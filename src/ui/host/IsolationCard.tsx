// What the kernel and the init system keep free for VMs, read-only: each mechanism, its CPUs, what it
// means and where it was read; systemd's absence said plainly.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import cockpit from "cockpit";
import { Notice } from "../Notice.tsx";
import { Table, Tbody, Td, Th, Thead, Tr } from "../table.tsx";
import type { HostIsolation } from "../../model/host/isolation.ts";

const _ = cockpit.gettext;

export function IsolationCard({ isolation, error }: { isolation?: HostIsolation | undefined; error?: string | undefined }) {
    return (
        <Card isCompact id="host-isolation">
            <CardTitle>{_("CPU isolation")}</CardTitle>
            <CardBody>
                {!isolation && !error && <Skeleton screenreaderText={_("Reading the host's CPU isolation")} />}
                {error && <Notice isInline variant="warning" id="isolation-error" title={error} />}
                {isolation && (
                    <>
                        <Content component="p" id="isolation-summary">
                            {isolation.isolated.length > 0
                                ? cockpit.format(_("CPUs $0 are isolated from the scheduler: they are kept for pinned threads such as vCPUs."), isolation.isolated.join(","))
                                : _("No CPU is isolated from the scheduler: the host's processes may run on every CPU.")}
                        </Content>
                        <Table id="isolation-table" aria-label={_("CPU isolation")}>
                            <Thead>
                                <Tr>
                                    <Th>{_("Mechanism")}</Th>
                                    <Th>{_("CPUs")}</Th>
                                    <Th>{_("Meaning")}</Th>
                                    <Th>{_("Source")}</Th>
                                </Tr>
                            </Thead>
                            <Tbody>
                                {isolation.mechanisms.map(m => (
                                    <Tr key={m.key} data-key={m.key} data-cpus={m.cpus.join(",")}>
                                        <Td dataLabel={_("Mechanism")}><code>{m.name}</code></Td>
                                        <Td dataLabel={_("CPUs")}>{m.cpusText}</Td>
                                        <Td dataLabel={_("Meaning")}>
                                            {m.meaning}
                                            {m.problem && <><br /><strong>{m.problem}</strong></>}
                                        </Td>
                                        <Td dataLabel={_("Source")}><code>{m.source}</code></Td>
                                    </Tr>
                                ))}
                            </Tbody>
                        </Table>
                        {!isolation.mechanisms.some(m => m.source === "/proc/cmdline") && (
                            <Content component="p" id="isolation-cmdline-none" className="vmtune-muted">
                                {_("The kernel command line (/proc/cmdline) sets none of isolcpus, nohz_full, rcu_nocbs or irqaffinity.")}
                            </Content>
                        )}
                        {isolation.systemd === "absent" && (
                            <Content component="p" id="isolation-no-systemd">
                                {_("systemd is not running on this host (PID 1 is another program), so there are no slices whose AllowedCPUs keep the host's own processes off CPUs.")}
                            </Content>
                        )}
                    </>
                )}
            </CardBody>
        </Card>
    );
}
