// "Suggest placement" for one VM: the model's suggestion (shown on the map by the parent), its pins and
// numatune listed, then one plan (vcpupin, emulatorpin, numatune) through the usual review.
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../model/vm/vm.ts";
import type { PlacementSuggestion } from "../../model/placement/placement-suggest.ts";
import type { Scope } from "../../model/types.ts";
import { planFor } from "../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../plan/ScopeChoice.tsx";

const _ = cockpit.gettext;

export function SuggestCard({ vm, suggestion, hostCpus, onDone }: {
    vm: Vm;
    suggestion: PlacementSuggestion;
    hostCpus: number;
    onDone: () => void;
}) {
    const allowed = allowedScopes(vm.active, vm.persistent);
    // numatune's mode never changes live and its nodeset only under restrictive: next boot is the safe default
    const [scope, setScope] = useState<Scope>(allowed.includes("config") ? "config" : allowed[0] ?? "live");
    const d = suggestion.desired;
    const findings = suggestion.fits ? [] : [{ field: "@suggest", severity: "error" as const, message: suggestion.explanation }];
    return (
        <TuningCardFrame id="card-suggest" title={cockpit.format(_("Suggested placement for $0"), vm.name)} vm={vm}
                    scope={scope} onScope={setScope} findings={findings} dirty={suggestion.fits}
                    buildPlan={() => planFor(vm, scope, hostCpus, d)} onReset={onDone}>
            {suggestion.fits && (
                <>
                    <Content component="p" id="suggest-explanation">{suggestion.explanation}</Content>
                    <DescriptionList isHorizontal isCompact id="suggest-details">
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("vCPU pins")}</DescriptionListTerm>
                            <DescriptionListDescription data-field="vcpupin">
                                {(d.vcpupin ?? []).map(p => cockpit.format(_("vCPU $0 → CPU $1"), p.id, p.cpuset ?? "*")).join(", ")}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Emulator affinity")}</DescriptionListTerm>
                            <DescriptionListDescription data-field="emulatorpin">{d.emulatorpin ?? "—"}</DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Memory")}</DescriptionListTerm>
                            <DescriptionListDescription data-field="numatune">
                                {d.numatune ? cockpit.format(_("mode $0, host nodes $1"), d.numatune.mode ?? "strict", d.numatune.nodeset ?? "—") : "—"}
                                {d.memnodes && d.memnodes.length > 0 &&
                                    " · " + d.memnodes.map(m => cockpit.format(_("cell $0 → nodes $1"), m.cellid, m.nodeset)).join(", ")}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                    </DescriptionList>
                    <Content component="p" className="vmtune-muted">
                        {_("The map marks the suggested CPUs with a dashed outline. Review lists the steps; a running VM's memory mode and (unless restrictive) its nodeset change only for next boot.")}
                    </Content>
                </>
            )}
        </TuningCardFrame>
    );
}
