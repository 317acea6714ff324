// The memory picture: maximum, balloon target, what the balloon holds, usable and unused in the
// guest, and QEMU's RSS, as bars on one scale (PatternFly Progress; no chart library).
import { Notice } from "../../Notice.tsx";
import { Progress, ProgressMeasureLocation, ProgressSize } from "@patternfly/react-core/dist/esm/components/Progress/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import type { Vm } from "../../../model/vm/vm.ts";
import { memoryPicture } from "../../../model/view/memory-view.ts";
import { formatSize } from "../../../model/values/units.ts";
import { STATS_PERIOD, useMemoryStats } from "./useMemoryStats.ts";

const _ = cockpit.gettext;

export function MemoryChart({ vm }: { vm: Vm }) {
    const { stats, period, error } = useMemoryStats(vm);
    const t = vm.live;
    if (!vm.active || !t)
        return <p className="vmtune-muted" id="memory-chart-off">{_("The VM is not running: balloon statistics exist only while it runs.")}</p>;
    if (!t.memballoon || t.memballoon.model === "none")
        return <p className="vmtune-muted" id="memory-chart-off">{_("The VM has no balloon device: the guest reports no memory statistics.")}</p>;
    const bars = memoryPicture(t.memory, t.currentMemory, stats);
    return (
        <div id="memory-chart">
            {period === 0 && (
                <Notice isInline isPlain variant="info" id="memory-stats-off"
                       title={cockpit.format(_("Balloon statistics are off for this VM: the guest reports no usage. To turn them on, set \"Statistics period\" above (e.g. $0 s) and apply it (virsh dommemstat --period $0 --live)."), STATS_PERIOD)} />
            )}
            {error && <Notice isInline isPlain variant="warning" title={cockpit.format(_("Balloon statistics unavailable: $0"), error)} />}
            <Title headingLevel="h3" size="md">{_("Memory now (refreshed every few seconds)")}</Title>
            <Grid hasGutter md={6} xl={4}>
                {bars.map(b => (
                    <GridItem key={b.id} data-bar={b.id} data-kib={b.kib ?? ""}>
                            <Progress id={`memory-bar-${b.id}`} title={b.label} value={b.percent} size={ProgressSize.sm}
                                  measureLocation={ProgressMeasureLocation.outside}
                                  label={b.kib === undefined ? _("not reported") : formatSize(b.kib)}
                                  valueText={b.kib === undefined ? _("not reported") : formatSize(b.kib)} />
                    </GridItem>
                ))}
            </Grid>
            {stats?.usable === undefined && stats !== undefined && (
                <p className="vmtune-muted">{_("The guest reports no usable/unused figures: its balloon driver may not send statistics.")}</p>
            )}
        </div>
    );
}
