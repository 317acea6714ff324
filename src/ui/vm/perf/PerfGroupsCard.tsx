// CFS throttling, what a quota does to a VM: periods, throttled periods and time for the VM's cgroup
// and each sub-group libvirt made, with the quota in force and the kernel's CPU pressure where it has it.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import cockpit from "cockpit";
import type { GroupRow } from "../../../model/view/perf-view.ts";
import { pctText, pctValue, usecText } from "../../../model/view/perf-view.ts";
import { Cell, PerfTable } from "./PerfTable.tsx";

const _ = cockpit.gettext;

/** `none`: why there are no rows, when the reason is known (a session VM has no cgroups of its own) */
export function PerfGroupsCard({ rows, none }: { rows: GroupRow[]; none?: string | undefined }) {
    const pressure = rows.some(r => r.pressureSome !== undefined);
    return (
        <Card isCompact id="perf-card-groups">
            <CardTitle component="h2">{_("CPU throttling (cgroup quota)")}</CardTitle>
            <CardBody>
                {rows.length === 0
                    ? <p className="vmtune-muted" id="perf-groups-none">{none ?? _("The VM's cgroups could not be read, so its throttling is not shown.")}</p>
                    : (
                        <>
                            <p className="vmtune-muted">
                                {_("Counts since the VM started. Throttled: the group used up its quota within a period and had to wait for the next one.")}
                                {pressure && <>{" "}{_("CPU pressure: share of the time in which some of its threads waited for a CPU (the kernel's pressure stall information).")}</>}
                            </p>
                            <div className="vmtune-scroll-x">
                                <PerfTable id="perf-groups" label={_("CPU throttling")}
                                           head={[_("Group"), _("Quota in force"), _("Periods"), _("Throttled periods"), _("Throttled time"),
                                               _("Throttled now"), ...pressure ? [_("CPU pressure")] : []]}
                                           numeric={[2, 3, 4, 5, 6]}>
                                    {rows.map(r => (
                                        <tr key={r.key} id={`perf-group-${r.key}`} className="pf-v6-c-table__tr">
                                            <Cell>{r.label}</Cell>
                                            <Cell>{r.limit || "—"}</Cell>
                                            <Cell col="periods" value={r.periods}>{r.periods}</Cell>
                                            <Cell col="throttled-periods" value={r.throttledPeriods}>{r.throttledPeriods}</Cell>
                                            <Cell col="throttled-time" value={r.throttledUsec}>{usecText(r.throttledUsec)}</Cell>
                                            <Cell col="throttled-pct" value={pctValue(r.throttledPct)}>{pctText(r.throttledPct)}</Cell>
                                            {pressure && <Cell col="pressure" value={pctValue(r.pressureSome)}>{pctText(r.pressureSome)}</Cell>}
                                        </tr>
                                    ))}
                                </PerfTable>
                            </div>
                        </>
                    )}
            </CardBody>
        </Card>
    );
}
