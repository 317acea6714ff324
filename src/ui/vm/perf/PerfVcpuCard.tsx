// Per vCPU: what it used, how long it waited for a host CPU (steal in the guest), I/O wait, halted,
// where it last ran and what it may run on; then a small picture of each over the last minutes.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import cockpit from "cockpit";
import type { VcpuChart, VcpuRow } from "../../../model/view/perf-view.ts";
import { pctText, pctValue } from "../../../model/view/perf-view.ts";
import { Cell, PerfTable } from "./PerfTable.tsx";
import { Sparkline } from "./Sparkline.tsx";

const _ = cockpit.gettext;

export function PerfVcpuCard({ rows, charts }: { rows: VcpuRow[]; charts: VcpuChart[] }) {
    return (
        <Card isCompact id="perf-card-vcpus">
            <CardTitle component="h2">{_("vCPUs")}</CardTitle>
            <CardBody>
                <p className="vmtune-muted">
                    {_("Percent of one host CPU over the last few seconds. Waiting: ready to run but no host CPU was free (the guest sees it as steal time).")}
                </p>
                <div className="vmtune-scroll-x">
                    <PerfTable id="perf-vcpus" label={_("vCPUs")}
                               head={[_("vCPU"), _("Used"), _("Waiting for a host CPU"), _("I/O wait"), _("Halted"), _("Last host CPU"), _("May run on")]}
                               numeric={[1, 2, 3, 5]}>
                        {rows.map(r => (
                            <tr key={r.id} id={`perf-vcpu-${r.id}`} className="pf-v6-c-table__tr">
                                <Cell>{r.label}</Cell>
                                <Cell col="used" value={pctValue(r.used)}>{pctText(r.used)}</Cell>
                                <Cell col="steal" value={pctValue(r.steal)}>{pctText(r.steal)}</Cell>
                                <Cell col="wait" value={pctValue(r.wait)}>{pctText(r.wait)}</Cell>
                                <Cell col="halted" value={r.halted === undefined ? "" : String(r.halted)} num={false}>{r.haltedText}</Cell>
                                <Cell col="cpu" value={r.lastCpu ?? ""}>{r.lastCpu ?? "—"}</Cell>
                                <Cell col="pin" value={r.pin} num={false}>
                                    {r.pin || "—"}{!r.pinned && r.pin ? <span className="vmtune-muted">{" "}{_("(not pinned)")}</span> : null}
                                </Cell>
                            </tr>
                        ))}
                    </PerfTable>
                </div>
                {charts.length > 0 && (
                    <div className="vmtune-perf-charts" id="perf-charts" style={{ marginBlockStart: "var(--pf-t--global--spacer--md)" }}>
                        {charts.map(c => <Sparkline key={c.id} chart={c} />)}
                    </div>
                )}
            </CardBody>
        </Card>
    );
}
