// The Review's before/after figures for a running VM: the same figures for the window before Apply
// and the window after it, each window's length stated, the window after with its progress and a
// way to stop it early. Rows carry their numbers as data-before/data-after for tests and copying.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Progress } from "@patternfly/react-core/dist/esm/components/Progress/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../table.tsx";
import cockpit from "cockpit";
import type { Vm } from "../../model/vm/vm.ts";
import type { WindowSummary } from "../../model/perf/window.ts";
import { percentText, windowNote } from "../../model/perf/window.ts";
import { WINDOW_MS, useBeforeAfter } from "./useBeforeAfter.ts";

const _ = cockpit.gettext;

function note(s: WindowSummary | undefined): string {
    return (s && windowNote(s)) ?? "";
}

export function PerfOutcome({ vm, startedAt, finishedAt }: { vm: Vm; startedAt: number | undefined; finishedAt: number | undefined }) {
    const { phase, before, after, rows, samples, error, cancel } = useBeforeAfter(vm, startedAt, finishedAt);
    const seconds = WINDOW_MS / 1000;
    return (
        <section id="plan-outcome-perf" data-phase={phase.kind} data-samples={samples} aria-labelledby="plan-outcome-perf-title">
            <Content component="h3" id="plan-outcome-perf-title">{_("Before and after")}</Content>
            <Content component="p" id="plan-outcome-perf-window">
                {cockpit.format(_("Figures of the $0 s before Apply and the $0 s after it, read from libvirt and the VM's cgroups by this page (nothing is stored on the host)."), seconds)}
            </Content>
            {error && <Content component="p" className="vmtune-muted">{error}</Content>}
            {phase.kind === "waiting" && (
                <Content component="p" className="vmtune-muted" id="plan-outcome-perf-before-note">
                    {cockpit.format(_("Reading while this review is open: $0 readings so far."), samples)}
                </Content>
            )}
            {phase.kind === "measuring" && (
                <div id="plan-outcome-perf-progress">
                    <Progress value={Math.min(100, phase.elapsedMs / WINDOW_MS * 100)} size="sm"
                              title={_("Measuring the window after the change")}
                              label={cockpit.format(_("$0 s of $1 s"), Math.floor(phase.elapsedMs / 1000), seconds)}
                              valueText={cockpit.format(_("$0 s of $1 s"), Math.floor(phase.elapsedMs / 1000), seconds)} />
                    <Button variant="link" isInline id="plan-outcome-perf-cancel" onClick={cancel}>{_("Stop measuring")}</Button>
                </div>
            )}
            {phase.kind === "done" && (
                rows.length === 0
                    ? <Content component="p" id="plan-outcome-perf-empty">{_("Not enough readings to compare.")}</Content>
                    : (
                        <Table aria-label={_("Before and after")} id="plan-outcome-perf-rows">
                            <Thead>
                                <Tr>
                                    <Th>{_("Figure")}</Th>
                                    <Th>{_("Before")}</Th>
                                    <Th>{_("After")}</Th>
                                </Tr>
                            </Thead>
                            <Tbody>
                                {rows.map(r => (
                                    <Tr key={r.metric} data-metric={r.metric} data-before={r.before ?? ""} data-after={r.after ?? ""}>
                                        <Td dataLabel={_("Figure")}>{r.label}</Td>
                                        <Td dataLabel={_("Before")}>{percentText(r.before)}</Td>
                                        <Td dataLabel={_("After")}>{percentText(r.after)}</Td>
                                    </Tr>
                                ))}
                            </Tbody>
                        </Table>
                    )
            )}
            {phase.kind === "done" && (note(before) || note(after)) && (
                <Content component="p" className="vmtune-muted" id="plan-outcome-perf-notes">
                    {note(before) && cockpit.format(_("Before: $0."), note(before))}{" "}
                    {note(after) && cockpit.format(_("After: $0."), note(after))}
                    {phase.cancelled && " " + _("Measuring was stopped early.")}
                </Content>
            )}
        </section>
    );
}
