// One vCPU over the last minutes as a small picture (plain SVG: no chart library, the page has a
// transfer budget), with the sentence it says as its <title> and the numbers behind it in a table.
import cockpit from "cockpit";
import type { VcpuChart } from "../../../model/view/perf-view.ts";
import { sparkPath } from "../../../model/view/perf-view.ts";
import { PerfTable, Cell } from "./PerfTable.tsx";

const _ = cockpit.gettext;

// the drawing box; the SVG stretches it to the card's width (strokes keep their width)
const W = 300;
const H = 60;

export function Sparkline({ chart }: { chart: VcpuChart }) {
    const id = `perf-chart-vcpu-${chart.id}`;
    return (
        <figure style={{ margin: 0 }}>
            <figcaption className="vmtune-perf-caption">
                <strong>{cockpit.format(_("vCPU $0"), chart.id)}</strong>
                <span className="vmtune-muted" data-scale={chart.yMax}>{cockpit.format(_("top: $0 %"), chart.yMax)}</span>
                <span className="vmtune-muted">
                    <span className="vmtune-spark-key vmtune-spark-used" />{_("used")}{" "}
                    <span className="vmtune-spark-key vmtune-spark-steal" />{_("waiting for a host CPU")}
                </span>
            </figcaption>
            <svg id={id} role="img" aria-labelledby={`${id}-title`} className="vmtune-spark" viewBox={`0 0 ${W} ${H}`}
                 preserveAspectRatio="none" data-points={chart.used.length}>
                <title id={`${id}-title`}>{chart.title}</title>
                <line className="vmtune-spark-grid" x1={0} x2={W} y1={H / 2} y2={H / 2} />
                <path className="vmtune-spark-line vmtune-spark-used" d={sparkPath(chart.used, W, H, chart.yMax)} />
                <path className="vmtune-spark-line vmtune-spark-steal" d={sparkPath(chart.steal, W, H, chart.yMax)} />
            </svg>
            <div className="vmtune-spark-axis vmtune-muted" aria-hidden="true"><span>{_("5 min ago")}</span><span>{_("now")}</span></div>
            <details className="vmtune-perf-numbers" id={`${id}-numbers`}>
                <summary>{_("Numbers (percent of one host CPU, last 5 minutes)")}</summary>
                <PerfTable label={chart.title} head={[_("Time"), _("Used"), _("Waiting")]} numeric={[1, 2]}>
                    {chart.rows.map((r, i) => (
                        <tr key={i} className="pf-v6-c-table__tr">
                            <Cell>{r.time}</Cell><Cell num>{r.used}</Cell><Cell num>{r.steal}</Cell>
                        </tr>
                    ))}
                </PerfTable>
            </details>
        </figure>
    );
}
