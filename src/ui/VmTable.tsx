// One row per VM: the tuning an administrator checks first, live beside next boot where they differ.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "./table.tsx";
import cockpit from "cockpit";
import { memo, useMemo } from "react";
import type { Vm } from "../model/vm/vm.ts";
import type { Summary, SummaryField } from "../model/view/summary.ts";
import { SUMMARY_FIELDS, summarize } from "../model/view/summary.ts";
import { LiveConfigValue } from "./LiveConfigValue.tsx";
import { stateLabel } from "./states.ts";
import type { ConnectionId } from "../libvirt/connections.ts";
import type { ListedVm } from "../libvirt/domain.ts";
import { vmHref } from "./routes.ts";
import type { HostTopology } from "../model/host/capabilities.ts";
import { detectProfile } from "../model/placement/profile-detect.ts";
import { profileLabel } from "./profile-label.ts";
import { useHostInfo } from "./useHostInfo.ts";

const _ = cockpit.gettext;

function columnTitle(field: SummaryField): string {
    switch (field) {
    case "vcpus": return _("vCPUs");
    case "pinning": return _("Pinning");
    case "shares": return _("CPU shares");
    case "memory": return _("Memory");
    case "hardLimit": return _("Hard limit");
    case "numatune": return _("NUMA tuning");
    case "cells": return _("Guest NUMA cells");
    case "dimms": return _("DIMMs");
    }
}

function summaries(vm: Vm): { live?: Summary | undefined; config?: Summary | undefined } {
    return {
        live: vm.live ? summarize(vm.live, vm.sched) : undefined,
        config: vm.config ? summarize(vm.config) : undefined,
    };
}

/** A row renders again only when its VM was read again: with 1000 VMs, one VM's change (or any
 *  refresh of the page around the table) does not redo the other 999 rows' summaries. */
const VmRow = memo(function VmRow({ vm, connection, host }: { vm: Vm; connection: ConnectionId; host?: HostTopology | undefined }) {
    const { live, config } = summaries(vm);
    // the CPU profile, detected from the definitions already read (the host's topology is read once per connection)
    const profile = (t: Vm["live"]) => (t ? profileLabel(detectProfile(t, host)) : undefined);
    return (
        <Tr data-vm={vm.name}>
            <Td dataLabel={_("Name")} data-field="name" modifier="nowrap">
                <a href={vmHref(connection, vm.name)} data-link="vm">{vm.name}</a>
            </Td>
            <Td dataLabel={_("State")} data-field="state">
                <Label isCompact color={vm.active ? "green" : "grey"}>{stateLabel(vm.state)}</Label>
            </Td>
            {vm.error && !live && !config
                ? <Td colSpan={SUMMARY_FIELDS.length + 1} data-field="error">{vm.error}</Td>
                : <>
                    <Td dataLabel={_("CPU profile")} data-field="profile">
                        <LiveConfigValue live={profile(vm.live)} config={profile(vm.config)} running={vm.active} />
                    </Td>
                    {SUMMARY_FIELDS.map(field => (
                        <Td key={field} dataLabel={columnTitle(field)} data-field={field}>
                            <LiveConfigValue live={live?.[field]} config={config?.[field]} running={vm.active} />
                        </Td>
                    ))}
                </>}
        </Tr>
    );
});

/** A VM named by the listing whose definition is still being read: name and state now, the rest soon.
 *  Plain table markup with the table's classes: 1000 of these render in one go on a large host. */
const PendingRow = memo(function PendingRow({ vm, connection }: { vm: ListedVm; connection: ConnectionId }) {
    return (
        <tr className="pf-v6-c-table__tr" data-pending-vm={vm.name}>
            <td className="pf-v6-c-table__td pf-m-nowrap" data-label={_("Name")} data-field="name">
                <a href={vmHref(connection, vm.name)} data-link="vm">{vm.name}</a>
            </td>
            <td className="pf-v6-c-table__td" data-label={_("State")} data-field="state">{stateLabel(vm.state)}</td>
            <td className="pf-v6-c-table__td vmtune-muted" colSpan={SUMMARY_FIELDS.length + 1}>{_("Reading the definition…")}</td>
        </tr>
    );
});

type Row = { vm: Vm; listed?: undefined } | { vm?: undefined; listed: ListedVm };

/** The read VMs and, while the first load runs, the listed ones not read yet, in one name order. */
function rowsOf(vms: Vm[], pending: readonly ListedVm[] | undefined): Row[] {
    if (!pending?.length) return vms.map(vm => ({ vm }));
    const read = new Set(vms.map(v => v.name));
    const rows: Row[] = [...vms.map(vm => ({ vm })), ...pending.filter(p => !read.has(p.name)).map(listed => ({ listed }))];
    const name = (r: Row) => r.vm?.name ?? r.listed?.name ?? "";
    return rows.sort((a, b) => name(a).localeCompare(name(b)));
}

/** `label`: what the table lists, for screen readers (two tables on one page need two names).
 *  `pending`: VMs listed but not read yet (a large host's first load), shown by name and state. */
export function VmTable({ vms, connection, label, pending }: { vms: Vm[]; connection: ConnectionId; label: string; pending?: readonly ListedVm[] | undefined }) {
    const rows = useMemo(() => rowsOf(vms, pending), [vms, pending]);
    const host = useHostInfo()?.info?.topology;
    return (
        <div className="vmtune-scroll-x">
            <Table aria-label={label} id={connection === "system" ? "vm-table" : `vm-table-${connection}`}>
                <Thead>
                    <Tr>
                        <Th modifier="wrap">{_("Name")}</Th>
                        <Th modifier="wrap">{_("State")}</Th>
                        <Th modifier="wrap">{_("CPU profile")}</Th>
                        {SUMMARY_FIELDS.map(field => <Th key={field} modifier="wrap">{columnTitle(field)}</Th>)}
                    </Tr>
                </Thead>
                <Tbody>
                    {rows.map(r => r.vm
                        ? <VmRow key={r.vm.name} vm={r.vm} connection={connection} host={host} />
                        : <PendingRow key={r.listed.name} vm={r.listed} connection={connection} />)}
                </Tbody>
            </Table>
        </div>
    );
}
