// Memory modules (DIMMs): the list over live and next boot, "Attach memory" and "Detach", each through
// the same review → apply (conflict check, rollback) as the other cards.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import type { Plan, Scope } from "../../../model/types.ts";
import type { DimmRow } from "../../../model/view/memory-view.ts";
import { dimmRows } from "../../../model/view/memory-view.ts";
import { checkDimmDetach, initialMemory, usesSlot } from "../../../model/rules/rules.ts";
import { formatSize } from "../../../model/values/units.ts";
import { planFor } from "../../../model/vm/plan-for.ts";
import { AttachDimmDialog, PlanReview } from "../../views.tsx";
import { usePlanRunner } from "../../plan/usePlanRunner.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { useRuleContext } from "../useRuleContext.ts";
import { useAccess } from "../../access/useAccess.ts";
import { Notice } from "../../Notice.tsx";

const _ = cockpit.gettext;

/** Where a detach of this row applies: every side that has the module. */
function detachScope(row: DimmRow, vm: Vm): Scope {
    if (row.live && row.config && vm.active) return "both";
    return row.live && vm.active ? "live" : "config";
}

export function DimmCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const hostKiB = useHostInfo()?.info?.hostMemory?.total;
    const [attaching, setAttaching] = useState(false);
    // the VM as it was when the plan was made: the apply compares against it
    const [review, setReview] = useState<{ plan: Plan; seen: Vm }>();
    const run = usePlanRunner();
    // attach and detach change the VM: only with the session's right to change VMs
    const readOnly = useAccess().readOnly;
    const t = configOrLive(vm);
    if (!ctx || !t) return null;

    const rows = dimmRows(vm.active ? vm.live : undefined, vm.config);
    const used = t.memoryDevices.filter(usesSlot).length;
    const room = t.maxMemory ? t.maxMemory.size - initialMemory(t) - t.memoryDevices.reduce((s, d) => s + d.size, 0) : undefined;
    const detach = (row: DimmRow) => {
        const scope = detachScope(row, vm);
        const dev = scope === "live" ? row.live : (row.config ?? row.live);
        if (dev) setReview({ plan: planFor(vm, scope, ctx.hostCpus, { detachDimms: [dev] }), seen: vm });
    };
    const close = () => {
        setReview(undefined);
        run.reset();
    };
    const summary = t.maxMemory
        ? cockpit.format(_("$0 of $1 slots used; $2 left under the hotplug limit of $3 (next boot)"),
                         used, t.maxMemory.slots, formatSize(Math.max(0, room ?? 0)), formatSize(t.maxMemory.size))
        : _("No hotplug limit (<maxMemory>) is set: memory modules cannot be attached. Set one with slots on the Memory card (next boot).");

    return (
        <Card id="card-dimms" isCompact>
            <CardHeader actions={{
                actions: <Button variant="secondary" id="dimm-attach" isDisabled={readOnly !== undefined} onClick={() => setAttaching(true)}>{_("Attach memory")}</Button>,
                hasNoOffset: true,
            }}>
                <CardTitle>{_("Memory modules (DIMM hotplug)")}</CardTitle>
            </CardHeader>
            <CardBody>
                {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                <Content component="p" className="vmtune-muted" id="dimm-summary">{summary}</Content>
                {rows.length === 0
                    ? <Content component="p" id="dimm-none">{_("No memory modules attached.")}</Content>
                    : (
                        <Table aria-label={_("Memory modules")} id="dimm-table">
                            <Thead><Tr>
                                <Th>{_("Model")}</Th><Th>{_("Size")}</Th><Th>{_("Guest node")}</Th><Th>{_("Slot")}</Th>
                                <Th>{_("Address")}</Th><Th>{_("Alias")}</Th><Th>{_("Live")}</Th><Th>{_("Next boot")}</Th>
                                <Th screenReaderText={_("Actions")} />
                            </Tr></Thead>
                            <Tbody>
                                {rows.map(r => (
                                    <Tr key={r.key} data-row={r.key} data-size={r.size} data-node={r.node ?? ""}>
                                        <Td dataLabel={_("Model")}>{r.model}</Td>
                                        <Td dataLabel={_("Size")}>{formatSize(r.size)}</Td>
                                        <Td dataLabel={_("Guest node")}>{r.node ?? "—"}</Td>
                                        <Td dataLabel={_("Slot")}>{r.slot ?? "—"}</Td>
                                        <Td dataLabel={_("Address")}>{r.base ?? "—"}</Td>
                                        <Td dataLabel={_("Alias")}>{r.alias ?? "—"}</Td>
                                        <Td dataLabel={_("Live")} data-side="live">{r.live ? _("attached") : "—"}</Td>
                                        <Td dataLabel={_("Next boot")} data-side="config">{r.config ? _("attached") : "—"}</Td>
                                        <Td isActionCell>
                                            <Button variant="secondary" isDanger size="sm" isDisabled={readOnly !== undefined} onClick={() => detach(r)}
                                                    id={`dimm-detach-${r.key}`} className="vmtune-dimm-detach">{_("Detach")}</Button>
                                        </Td>
                                    </Tr>
                                ))}
                            </Tbody>
                        </Table>
                    )}
                {rows.some(r => r.live) && checkDimmDetach(vm.active).map((f, i) => (
                    <Content key={i} component="p" className="vmtune-muted">{f.message}</Content>
                ))}
            </CardBody>
            {attaching && !readOnly && (
                <AttachDimmDialog vm={vm} ctx={ctx} hostKiB={hostKiB} onClose={() => setAttaching(false)}
                                  onReview={plan => { setAttaching(false); setReview({ plan, seen: vm }) }} />
            )}
            {review && <PlanReview vm={review.seen} plan={review.plan} run={run} onClose={close} />}
        </Card>
    );
}
