// Guest NUMA cells (next boot only): a row per cell with "Cell N CPUs" and "Cell N memory", cells added
// and removed at the end (ids stay 0…n-1), every vCPU in exactly one cell, the cells adding up to the
// VM's memory, DIMMs still targeting an existing cell. Applied by redefining the VM.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Flex, FlexItem } from "../../layout.tsx";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { DesiredTuning } from "../../../model/plan/plan-types.ts";
import type { Finding, Tuning } from "../../../model/types.ts";
import { initialMemory, parseSizeField, validateGuestCells } from "../../../model/rules/rules.ts";
import { formatExactSize, formatSize } from "../../../model/values/units.ts";
import type { CellRow } from "../../../model/view/cell-rows.ts";
import { guestCellRows } from "../../../model/view/cell-rows.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;

type Row = CellRow;
// exact texts: an unedited row parses back to the very KiB libvirt holds (formatSize rounds)
const rowsOf = guestCellRows;

/** DIMMs and other memory devices must target a cell that still exists. */
function checkDeviceNodes(t: Tuning, cellCount: number): Finding[] {
    return t.memoryDevices.filter(d => d.node !== undefined && d.node >= cellCount).map(d => ({
        field: "@cells", severity: "error" as const,
        message: cockpit.format(_("A $0 memory module of $1 targets guest cell $2, which would no longer exist: detach it first or keep the cell"),
                                d.model, formatSize(d.size), d.node ?? 0),
    }));
}

export function GuestCellsCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const config = vm.config;
    const [rows, setRows] = useState<Row[]>();
    const [total, setTotal] = useState<string>();
    if (!ctx || !config)
        return null;
    const current = rowsOf(config);
    const shown = rows ?? current;
    const totalText = total ?? formatExactSize(initialMemory(config));
    const max = config.vcpu.max;
    const edit = (i: number, key: "cpus" | "memory", value: string) =>
        setRows(shown.map((r, k) => (k === i ? { ...r, [key]: value } : r)));
    const add = () => setRows([...shown, { id: shown.length, cpus: "", memory: "" }]);
    const remove = () => setRows(shown.slice(0, -1));

    const totalResult = parseSizeField("cells.total", totalText, { required: shown.length > 0, min: 1 });
    const expected = totalResult.ok ? totalResult.value : undefined;
    const { values, findings } = validateGuestCells(shown, { maxVcpus: max, topology: config.cpu.topology, cells: config.cpu.cells },
                                                    ctx, "config", shown.length > 0 ? expected : undefined);
    if (!totalResult.ok) findings.push(totalResult.finding);
    findings.push(...checkDeviceNodes(config, shown.length));
    const dirty = (rows !== undefined && JSON.stringify(rows) !== JSON.stringify(current)) ||
        (total !== undefined && expected !== initialMemory(config));
    const desired: DesiredTuning = { cells: values };
    // memnodes of removed cells would make libvirt refuse the definition
    if (config.numatune.memnodes.some(m => m.cellid >= shown.length))
        desired.memnodes = config.numatune.memnodes.filter(m => m.cellid < shown.length);
    const sum = values.reduce((s, c) => s + c.memory, 0);
    if (sum > 0 && config.currentMemory > sum)
        desired.memory = { current: sum };
    const reset = () => { setRows(undefined); setTotal(undefined) };
    // fields show their own findings; the rest become card alerts ("@"); any error disables Review
    const inField = (f: Finding) => /^cell\.\d+\.(cpus|memory)$/.test(f.field) || f.field === "cells.total";
    const general = findings.map(f => (inField(f) || f.field.startsWith("@") ? f : { ...f, field: "@" + f.field }));

    return (
        <TuningCardFrame id="card-cells" title={_("Guest NUMA cells")} vm={vm} findings={general} dirty={dirty}
                    buildPlan={() => planFor(vm, "config", ctx.hostCpus, desired)} onReset={reset}>
            <Content component="p" id="cells-next-boot">
                {vm.active
                    ? _("Next boot only: libvirt cannot change the NUMA cells of a running VM. Apply redefines the VM (virsh define); the guest sees the new cells after it is shut down and started again.")
                    : _("Next boot only: Apply redefines the VM (virsh define); the guest sees the new cells when it starts.")}
            </Content>
            {shown.length === 0 && <Content component="p" className="vmtune-muted" id="cells-none">{_("This VM has no guest NUMA cells: the guest sees one node. Add cells to give it several (memory hotplug also needs one).")}</Content>}
            {shown.length > 0 && (
                <Table aria-label={_("Guest NUMA cells")} id="cells-table">
                    <Thead><Tr><Th>{_("Cell")}</Th><Th>{_("vCPUs")}</Th><Th>{_("Memory")}</Th><Th>{_("Host nodes")}</Th></Tr></Thead>
                    <Tbody>
                        {shown.map((r, i) => (
                            <Tr key={r.id} data-cell={r.id}>
                                <Td dataLabel={_("Cell")}>{r.id}</Td>
                                <Td dataLabel={_("vCPUs")}>
                                    <Field id={`cell-${r.id}-cpus`} label={cockpit.format(_("Cell $0 CPUs"), r.id)} value={r.cpus}
                                           onChange={v => edit(i, "cpus", v)} findings={findingsOfField(findings, `cell.${r.id}.cpus`)} width={16}
                                           help={cockpit.format(_("vCPUs of this cell, e.g. 0-1 (the VM has 0-$0)"), max - 1)} />
                                </Td>
                                <Td dataLabel={_("Memory")}>
                                    <Field id={`cell-${r.id}-memory`} label={cockpit.format(_("Cell $0 memory"), r.id)} value={r.memory}
                                           onChange={v => edit(i, "memory", v)} findings={findingsOfField(findings, `cell.${r.id}.memory`)} width={14} />
                                </Td>
                                <Td dataLabel={_("Host nodes")}>{config.numatune.memnodes.find(m => m.cellid === r.id)?.nodeset ?? "—"}</Td>
                            </Tr>
                        ))}
                    </Tbody>
                </Table>
            )}
            <Flex alignItems={{ default: "alignItemsFlexEnd" }}>
                <FlexItem>
                    <Field id="cells-total" label={_("VM memory (the cells add up to it)")} value={totalText} onChange={setTotal}
                           findings={findingsOfField(findings, "cells.total")} width={14}
                           help={cockpit.format(_("The cells now add up to $0."), formatSize(sum))} />
                </FlexItem>
                <FlexItem><Button variant="secondary" id="cells-add" onClick={add}>{_("Add cell")}</Button></FlexItem>
                <FlexItem>
                    <Button variant="secondary" id="cells-remove" isDisabled={shown.length === 0} onClick={remove}>
                        {shown.length > 0 ? cockpit.format(_("Remove cell $0"), shown.length - 1) : _("Remove cell")}
                    </Button>
                </FlexItem>
            </Flex>
        </TuningCardFrame>
    );
}
