// Where the VM's memory sits on the host's NUMA nodes (QEMU's numa_maps summed per node), huge pages
// among it, beside what numatune asks for.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import cockpit from "cockpit";
import type { NodeRow } from "../../../model/view/perf-view.ts";
import { pctText, pctValue } from "../../../model/view/perf-view.ts";
import { Cell, PerfTable } from "./PerfTable.tsx";

const _ = cockpit.gettext;

/** `none`: why there are no rows, when the reason is known */
export function PerfMemoryCard({ rows, numatune, none }: { rows: NodeRow[]; numatune: string; none?: string | undefined }) {
    return (
        <Card isCompact id="perf-card-memory">
            <CardTitle component="h2">{_("Memory placement")}</CardTitle>
            <CardBody>
                <p id="perf-numatune">{numatune}</p>
                {rows.length === 0
                    ? <p className="vmtune-muted" id="perf-numa-none">{none ?? _("Where the VM's memory sits could not be read (QEMU's numa_maps).")}</p>
                    : (
                        <PerfTable id="perf-numa" label={_("Memory per host NUMA node")}
                                   head={[_("Host node"), _("Memory"), _("Share"), _("In huge pages")]} numeric={[1, 2, 3]}>
                            {rows.map(r => (
                                <tr key={r.node} id={`perf-numa-node-${r.node}`} className="pf-v6-c-table__tr">
                                    <Cell>{cockpit.format(_("Node $0"), r.node)}</Cell>
                                    <Cell col="kib" value={r.kib}>{r.sizeText}</Cell>
                                    <Cell col="pct" value={pctValue(r.pct)}>{pctText(r.pct)}</Cell>
                                    <Cell col="huge" value={r.hugeKib}>{r.hugeText}</Cell>
                                </tr>
                            ))}
                        </PerfTable>
                    )}
            </CardBody>
        </Card>
    );
}
