// Under the topology fields: where the guest topology and the vCPU pins disagree, and the topology that
// fits this host's SMT, dies and nodes, with the reasons and one click to put it in the fields (next boot).
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import cockpit from "cockpit";
import { useMemo } from "react";
import { Notice } from "../../Notice.tsx";
import type { Topology, Tuning } from "../../../model/types.ts";
import type { HostTopology } from "../../../model/host/capabilities.ts";
import { suggestTopology, topologyFindings } from "../../../model/placement/topology-fit.ts";

const _ = cockpit.gettext;

function same(a: Topology | undefined, b: Topology): boolean {
    return a !== undefined && a.sockets === b.sockets && a.dies === b.dies && a.cores === b.cores && a.threads === b.threads;
}

/** `config`: the next-boot definition with the topology as the fields show it. */
export function TopologyFit({ config, host, onUse }: { config: Tuning; host: HostTopology; onUse: (t: Topology) => void }) {
    const suggestion = useMemo(() => suggestTopology(config, host), [config, host]);
    const findings = useMemo(() => topologyFindings(config, host), [config, host]);
    if (!suggestion) return null;
    const t = suggestion.topology;
    const matches = same(config.cpu.topology, t);
    return (
        <div id="topology-fit">
            {findings.map(f => (
                <Notice key={f.field} isInline isPlain variant="warning" title={f.message} data-field={f.field} className="topology-finding" />
            ))}
            <p id="topology-suggestion" data-topology={`${t.sockets},${t.dies},${t.cores},${t.threads}`}>
                {matches
                    ? cockpit.format(_("The topology fits this host and the pins (sockets × dies × cores × threads = $0 × $1 × $2 × $3)."), t.sockets, t.dies, t.cores, t.threads)
                    : cockpit.format(_("Suggested for this host and the pins: sockets × dies × cores × threads = $0 × $1 × $2 × $3."), t.sockets, t.dies, t.cores, t.threads)}
                {!matches && (
                    <>
                        {" "}
                        <Button variant="link" isInline id="topology-use-suggestion" onClick={() => onUse(t)}>{_("Use the suggestion (next boot)")}</Button>
                    </>
                )}
            </p>
            {!matches && (
                <ul className="vmtune-muted" id="topology-reasons">
                    {suggestion.reasons.map(r => <li key={r}>{r}</li>)}
                </ul>
            )}
        </div>
    );
}
