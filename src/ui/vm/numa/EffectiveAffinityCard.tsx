// What the kernel really allows each QEMU thread of a running VM (Cpus_allowed_list, Mems_allowed_list)
// beside what libvirt was told; mismatches flagged. Re-read whenever the live definition changes.
import { Notice } from "../../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useCallback, useEffect, useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { ThreadStatus } from "../../../model/placement/affinity.ts";
import { effectiveAffinity } from "../../../model/placement/affinity.ts";
import { formatCpuset } from "../../../model/values/cpuset.ts";
import { readQemuThreads } from "../../../host/proc.ts";
import { useHostInfo } from "../../useHostInfo.ts";

const _ = cockpit.gettext;

export function EffectiveAffinityCard({ vm }: { vm: Vm }) {
    const host = useHostInfo()?.info;
    const [threads, setThreads] = useState<{ pid: number; threads: ThreadStatus[] }>();
    const [error, setError] = useState<string>();
    const [reads, setReads] = useState(0);
    const refresh = useCallback(() => setReads(n => n + 1), []);
    useEffect(() => {
        let current = true;
        readQemuThreads(vm.name).then(
            t => { if (current) { setThreads(t); setError(undefined) } },
            (e: unknown) => { if (current) setError(e instanceof Error ? e.message : String(e)) });
        return () => { current = false };
    }, [vm.name, vm.liveXml, reads]);

    const hostCpus = host ? (host.onlineCpus.length > 0 ? host.onlineCpus : [...Array(host.topology.totalCpus).keys()]) : [];
    const rows = threads && vm.live ? effectiveAffinity(threads.threads, vm.live, hostCpus) : [];
    const mismatches = rows.filter(r => r.mismatch !== undefined).length;
    return (
        <Card isCompact id="card-affinity">
            <CardHeader actions={{ actions: <Button variant="secondary" id="affinity-refresh" onClick={refresh}>{_("Refresh")}</Button>, hasNoOffset: true }}>
                <CardTitle>{_("Effective affinity")}</CardTitle>
            </CardHeader>
            <CardBody>
                <Content component="p" className="vmtune-muted">
                    {threads
                        ? cockpit.format(_("What the kernel allows each thread of QEMU process $0 (/proc/$0/task/*/status), beside what libvirt was told."), threads.pid)
                        : _("What the kernel allows each QEMU thread, beside what libvirt was told.")}
                </Content>
                {error && <Notice isInline variant="warning" id="affinity-error" title={_("Could not read the QEMU threads")}>{error}</Notice>}
                {mismatches > 0 && (
                    <Notice isInline isPlain variant="warning" id="affinity-mismatches"
                           title={cockpit.format(cockpit.ngettext("$0 thread runs with other limits than libvirt was told", "$0 threads run with other limits than libvirt was told", mismatches), mismatches)} />
                )}
                {rows.length > 0 && (
                    <Table aria-label={_("Effective affinity")} id="affinity-table">
                        <Thead>
                            <Tr>
                                <Th modifier="wrap">{_("Thread")}</Th><Th modifier="wrap">{_("TID")}</Th>
                                <Th modifier="wrap">{_("CPUs allowed")}</Th><Th modifier="wrap">{_("CPUs told")}</Th>
                                <Th modifier="wrap">{_("Memory nodes allowed")}</Th><Th modifier="wrap">{_("Memory nodes told")}</Th><Th modifier="wrap">{_("Status")}</Th>
                            </Tr>
                        </Thead>
                        <Tbody>
                            {rows.map(r => (
                                <Tr key={r.tid} data-thread={r.name} data-kind={r.kind} data-id={r.id}>
                                    <Td dataLabel={_("Thread")}>{r.label}</Td>
                                    <Td dataLabel={_("TID")}>{r.tid}</Td>
                                    <Td dataLabel={_("CPUs allowed")} data-field="cpus-allowed">{formatCpuset(r.cpus) || "—"}</Td>
                                    <Td dataLabel={_("CPUs told")} data-field="cpus-told">{formatCpuset(r.toldCpus) || "—"}</Td>
                                    <Td dataLabel={_("Memory nodes allowed")} data-field="mems-allowed">{formatCpuset(r.mems) || "—"}</Td>
                                    <Td dataLabel={_("Memory nodes told")} data-field="mems-told">{r.toldMems ? formatCpuset(r.toldMems) : _("not bound")}</Td>
                                    <Td dataLabel={_("Status")} data-field="status">
                                        {r.mismatch
                                            ? <Label color="red" isCompact title={r.mismatch}>{_("mismatch")}</Label>
                                            : <Label color="green" isCompact>{_("as told")}</Label>}
                                        {r.mismatch && <div className="vmtune-muted">{r.mismatch}</div>}
                                    </Td>
                                </Tr>
                            ))}
                        </Tbody>
                    </Table>
                )}
            </CardBody>
        </Card>
    );
}
