// Hot spots across the host's running VMs (overview and host page): the vCPUs waiting most for a host
// CPU and the VMs and vCPUs running at their CPU quota, each linking to that VM's Performance tab.
// What one GetAllDomainStats reading can tell is said on the card: cgroup throttling counters and
// memory placement need per-VM reads, which the Performance tab makes for the VM it shows.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import cockpit from "cockpit";
import type { HotSpot, HotSpotKind } from "../../model/perf/hotspots.ts";
import { vmHref } from "../routes.ts";
import { REFRESH_MS, useHotSpots } from "./useHotSpots.ts";

const _ = cockpit.gettext;

function kindTitle(kind: HotSpotKind): string {
    switch (kind) {
    case "steal": return _("Waiting for a host CPU (steal)");
    case "throttled": return _("At their CPU quota");
    case "remote-memory": return _("Memory on another node");
    }
}

function Spots({ kind, spots }: { kind: HotSpotKind; spots: HotSpot[] }) {
    const mine = spots.filter(s => s.kind === kind);
    return (
        <div data-kind-list={kind}>
            <Content component="h3">{kindTitle(kind)}</Content>
            {mine.length === 0
                ? <Content component="p" className="vmtune-muted">{kind === "steal" ? _("No vCPU waited for a host CPU.") : _("No VM or vCPU uses 90 % or more of what its quota allows.")}</Content>
                : (
                    <List isPlain>
                        {mine.map(s => (
                            <ListItem key={`${s.vm}/${s.vcpu ?? ""}`} className="hotspot" data-kind={s.kind} data-vm={s.vm}
                                      data-vcpu={s.vcpu} data-value={s.value.toFixed(1)}>
                                <a href={vmHref("system", s.vm, "perf")}>{s.vm}</a>{": "}{s.text}
                            </ListItem>
                        ))}
                    </List>
                )}
        </div>
    );
}

export function HotSpotsCard() {
    const { spots, running, readings, error } = useHotSpots();
    return (
        <Card isCompact id="hotspots" data-readings={readings}>
            <CardTitle>{_("Hot spots")}</CardTitle>
            <CardBody>
                <Content component="p" className="vmtune-muted" id="hotspots-source">
                    {cockpit.format(_("From one reading of libvirt's statistics for all running VMs every $0 s while this page is shown. Throttling is judged from each VM's CPU use against its quota; the cgroups' throttling counters and where memory sits are on each VM's Performance tab."), REFRESH_MS / 1000)}
                </Content>
                {error && <Content component="p" id="hotspots-error">{error}</Content>}
                {spots === undefined && !error && <Content component="p" className="vmtune-muted">{_("Reading…")}</Content>}
                {spots !== undefined && running === 0 && <Content component="p" id="hotspots-none">{_("No VM is running.")}</Content>}
                {spots !== undefined && running !== 0 && (
                    <>
                        <Spots kind="steal" spots={spots} />
                        <Spots kind="throttled" spots={spots} />
                    </>
                )}
            </CardBody>
        </Card>
    );
}
