// virtio-mem devices: each over live and next boot with what the host requests against what the guest
// has plugged, followed while the guest moves; "Attach virtio-mem", "Resize" (only <requested>
// changes) and "Detach", each through the same review → apply (conflict check, rollback) as the
// other cards.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useEffect, useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import type { Plan } from "../../../model/types.ts";
import type { VirtioMemRow } from "../../../model/view/virtiomem-view.ts";
import {
    detachScope, guestFollowing, pluggedText, resizeScopes, virtioMemRows, virtioMemSummary,
} from "../../../model/view/virtiomem-view.ts";
import { formatSize } from "../../../model/values/units.ts";
import { planFor } from "../../../model/vm/plan-for.ts";
import { PlanReview } from "../../views.tsx";
import { usePlanRunner } from "../../plan/usePlanRunner.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { useThpSize } from "../../useThpSize.ts";
import { useRuleContext } from "../useRuleContext.ts";
import { useAccess } from "../../access/useAccess.ts";
import { Notice } from "../../Notice.tsx";
import { AttachVirtioMemDialog } from "./AttachVirtioMemDialog.tsx";
import { ResizeVirtioMemDialog } from "./ResizeVirtioMemDialog.tsx";
import { VirtioMemFollower } from "./useVirtioMemFollow.ts";

const _ = cockpit.gettext;

export function VirtioMemCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const host = useHostInfo()?.info;
    const thpKiB = useThpSize();
    const [dialog, setDialog] = useState<{ kind: "attach" } | { kind: "resize"; row: VirtioMemRow }>();
    const [review, setReview] = useState<{ plan: Plan; seen: Vm }>();
    const [stalled, setStalled] = useState(false);
    const run = usePlanRunner();
    const readOnly = useAccess().readOnly;
    const t = configOrLive(vm);
    const rows = virtioMemRows(vm.active ? vm.live : undefined, vm.config);
    const following = vm.active && guestFollowing(rows);
    const requestedKey = rows.map(r => r.requested).join();
    // a new request (after a resize) is followed afresh
    useEffect(() => setStalled(false), [requestedKey]);
    if (!ctx || !t) return null;

    const plugged = rows.map(r => r.plugged ?? "").join();
    const close = () => {
        setReview(undefined);
        run.reset();
    };
    const toReview = (plan: Plan) => {
        setDialog(undefined);
        setReview({ plan, seen: vm });
    };
    const detach = (row: VirtioMemRow) => {
        const { scope } = detachScope(row, vm, host?.hypervisorVersion);
        const dev = scope === "config" ? row.config : (row.live ?? row.config);
        if (scope && dev) toReview(planFor(vm, scope, ctx.hostCpus, { detachVirtioMem: [dev] }));
    };
    const liveRefusal = rows.map(r => detachScope(r, vm, host?.hypervisorVersion).live).find(f => f.length > 0)?.[0];

    return (
        <Card id="card-virtiomem" isCompact>
            <CardHeader actions={{
                actions: <Button variant="secondary" id="virtiomem-attach" isDisabled={readOnly !== undefined} onClick={() => setDialog({ kind: "attach" })}>{_("Attach virtio-mem")}</Button>,
                hasNoOffset: true,
            }}>
                <CardTitle>{_("virtio-mem (resizable memory)")}</CardTitle>
            </CardHeader>
            <CardBody>
                {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                <Content component="p" className="vmtune-muted" id="virtiomem-summary">{virtioMemSummary(t)}</Content>
                {rows.length === 0
                    ? <Content component="p" id="virtiomem-none">{_("No virtio-mem devices.")}</Content>
                    : (
                        <Table aria-label={_("virtio-mem devices")} id="virtiomem-table">
                            <Thead><Tr>
                                <Th>{_("Size")}</Th><Th>{_("Block")}</Th><Th>{_("Guest node")}</Th>
                                <Th>{_("Plugged of requested")}</Th><Th>{_("Next boot")}</Th>
                                <Th>{_("Address")}</Th><Th>{_("Alias")}</Th>
                                <Th screenReaderText={_("Actions")} />
                            </Tr></Thead>
                            <Tbody>
                                {rows.map(r => {
                                    const d = detachScope(r, vm, host?.hypervisorVersion);
                                    return (
                                        <Tr key={r.key} data-row={r.key} data-requested={r.requested} data-plugged={r.plugged ?? ""}>
                                            <Td dataLabel={_("Size")}>{formatSize(r.size)}</Td>
                                            <Td dataLabel={_("Block")}>{r.block === undefined ? "—" : formatSize(r.block)}</Td>
                                            <Td dataLabel={_("Guest node")}>{r.node ?? "—"}</Td>
                                            <Td dataLabel={_("Plugged of requested")} data-cell="plugged">
                                                {pluggedText(r)}{r.following && <span className="vmtune-muted">{" "}{_("(the guest is following)")}</span>}
                                            </Td>
                                            <Td dataLabel={_("Next boot")} data-cell="config">
                                                {r.config === undefined ? "—" : formatSize(r.nextRequested ?? r.requested)}
                                            </Td>
                                            <Td dataLabel={_("Address")}>{r.pci ?? "—"}</Td>
                                            <Td dataLabel={_("Alias")}>{r.alias ?? "—"}</Td>
                                            <Td isActionCell>
                                                <Button variant="secondary" size="sm" id={`virtiomem-resize-${r.key}`}
                                                        isDisabled={readOnly !== undefined || resizeScopes(r, vm).length === 0}
                                                        onClick={() => setDialog({ kind: "resize", row: r })}>{_("Resize")}</Button>
                                                {" "}
                                                <Button variant="secondary" isDanger size="sm" id={`virtiomem-detach-${r.key}`}
                                                        isDisabled={readOnly !== undefined || d.scope === undefined}
                                                        onClick={() => detach(r)}>{d.scope === "config" && r.live && vm.active ? _("Detach for next boot") : _("Detach")}</Button>
                                            </Td>
                                        </Tr>
                                    );
                                })}
                            </Tbody>
                        </Table>
                    )}
                {following && !stalled && (
                    <>
                        <Content component="p" className="vmtune-muted" id="virtiomem-following">{_("The guest is plugging or unplugging memory: the sizes update as it goes.")}</Content>
                        <VirtioMemFollower vm={vm} plugged={plugged} onStall={() => setStalled(true)} />
                    </>
                )}
                {following && stalled && (
                    <Notice isInline isPlain variant="warning" id="virtiomem-stalled"
                            title={_("The guest has stopped short of the requested size: it may have no virtio_mem driver, or cannot free the memory it uses. The sizes are no longer followed; reload to read them again.")} />
                )}
                {liveRefusal && <Content component="p" className="vmtune-muted" id="virtiomem-detach-note">{liveRefusal.message}</Content>}
            </CardBody>
            {dialog?.kind === "attach" && !readOnly && (
                <AttachVirtioMemDialog vm={vm} ctx={ctx} thpKiB={thpKiB} hostKiB={host?.hostMemory?.total}
                                       onClose={() => setDialog(undefined)} onReview={toReview} />
            )}
            {dialog?.kind === "resize" && !readOnly && (
                <ResizeVirtioMemDialog vm={vm} row={dialog.row} hostCpus={ctx.hostCpus}
                                       onClose={() => setDialog(undefined)} onReview={toReview} />
            )}
            {review && <PlanReview vm={review.seen} plan={review.plan} run={run} onClose={close} />}
        </Card>
    );
}
