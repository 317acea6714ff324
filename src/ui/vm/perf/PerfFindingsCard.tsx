// The figures in words, each with a link that opens the tab and card that fixes it.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import cockpit from "cockpit";
import type { ConnectionId } from "../../../libvirt/connections.ts";
import type { PerfFinding, PerfFix } from "../../../model/perf/findings.ts";
import { vmHref, vmRoute } from "../../routes.ts";
import { openCard } from "./focusCard.ts";

const _ = cockpit.gettext;

function fixLabel(fix: PerfFix): string {
    switch (fix.card) {
    case "card-pinning": return _("Change the pinning");
    case "card-scheduler": return _("Change the quota");
    case "card-numatune": return _("Change numatune");
    }
}

export function PerfFindingsCard({ findings, measured, connection, vm }:
    { findings: PerfFinding[]; measured: boolean; connection: ConnectionId; vm: string }) {
    return (
        <Card isCompact id="perf-findings">
            <CardTitle component="h2">{_("Findings")}</CardTitle>
            <CardBody>
                <p className="vmtune-muted" id="perf-findings-span">
                    {_("From the means of the last 30 seconds, so that a burst or a pause does not come and go as a finding.")}
                </p>
                {findings.length === 0
                    ? (
                        <p className="vmtune-muted" id="perf-no-findings">
                            {measured ? _("Nothing stands out: no shared host CPU with high waiting, no throttling by its own quota, no remote memory.")
                                : _("Findings need two readings; the first figures come in a few seconds.")}
                        </p>
                    )
                    : (
                        <ul className="vmtune-perf-findings">
                            {findings.map((f, i) => (
                                <li key={i} className="perf-finding vmtune-perf-finding" data-kind={f.kind} data-severity={f.severity}>
                                    {f.text}{" "}
                                    <a className="perf-finding-fix" href={vmHref(connection, vm, f.fix.tab)} data-card={f.fix.card}
                                       onClick={e => { e.preventDefault(); openCard(vmRoute(connection, vm, f.fix.tab), f.fix.card) }}>
                                        {fixLabel(f.fix)}
                                    </a>
                                </li>
                            ))}
                        </ul>
                    )}
            </CardBody>
        </Card>
    );
}
