// <cpu> mode, named model, migratable, cache and feature flags as a card, for next boot only (a define:
// QEMU builds the guest's CPU when it starts). The draft's definition is checked against the hypervisor's
// domain capabilities for this VM's virttype before Review: an unsupported mode, an unusable model or a
// feature the host cannot provide is refused here, before anything is sent.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { definitionAfter } from "../../../model/vm/definition-after.ts";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Flex, FlexItem, Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { CpuFeaturePolicy, CpuMode, Finding, Tuning } from "../../../model/types.ts";
import { CPU_FEATURE_POLICIES } from "../../../model/types.ts";
import { checkCpuModel } from "../../../model/rules/rules.ts";
import { cpuModelChange } from "../../../model/plan/plan-cpumodel.ts";
import type { CacheChoice, CpuModelDraft } from "../../../model/view/cpumodel-view.ts";
import {
    cpuModelDraft, draftCpuModel, featureSuggestions, modeChoices, modelChoices, sameCpuModelDraft, withFeature,
} from "../../../model/view/cpumodel-view.ts";
import { findingsOfField } from "../../plan/Field.tsx";
import { SelectField } from "../../plan/SelectField.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { useRuleContext } from "../useRuleContext.ts";
import { useDomainCaps, useWithBlockers } from "./useDomainCaps.ts";

const _ = cockpit.gettext;

function modeLabel(mode: CpuMode): string {
    switch (mode) {
    case "host-passthrough": return _("host-passthrough: the host's CPU as it is");
    case "host-model": return _("host-model: the closest named model with the host's features");
    case "custom": return _("custom: a named model");
    case "maximum": return _("maximum: every feature the hypervisor can give");
    }
}

const POLICY_LABELS: Record<CpuFeaturePolicy, string> = {
    force: "force", require: "require", optional: "optional", disable: "disable", forbid: "forbid",
};

/** The definition the draft would leave, or why it cannot be written. */
function after(vm: Vm, config: Tuning, draft: CpuModelDraft): { tuning: Tuning } | { error: string } {
    const change = cpuModelChange(draftCpuModel(draft, config), config);
    return definitionAfter(vm, config, change === undefined ? undefined : { cpuModel: change });
}

export function CpuModelCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const { caps: read, error: capsError } = useDomainCaps(vm);
    const [edited, setEdited] = useState<CpuModelDraft>();
    // an unusable model is explained by what it lacks here
    const caps = useWithBlockers(read, edited ? (edited.mode === "custom" ? edited.model : undefined) : vm.config?.cpu.model);
    const [newName, setNewName] = useState("");
    const [newPolicy, setNewPolicy] = useState<CpuFeaturePolicy>("require");
    const config = vm.persistent ? vm.config : undefined;
    if (!ctx || ctx.driver === "lxc" || (vm.persistent && !config)) return null;
    const current = config ? cpuModelDraft(config) : undefined;
    const draft = edited ?? current;
    if (!config || !current || !draft) {
        return (
            <TuningCardFrame id="card-cpumodel" title={_("CPU model")} vm={vm} findings={[]} dirty={false}
                             buildPlan={() => planFor(vm, "config", ctx.hostCpus, {})} onReset={() => undefined}
                             readOnly={_("This VM is transient: it has no next-boot definition, and the CPU model changes only at boot.")}>
                <span />
            </TuningCardFrame>
        );
    }
    const dirty = edited !== undefined && !sameCpuModelDraft(edited, current);
    const set = (patch: Partial<CpuModelDraft>) => setEdited({ ...draft, ...patch });
    const result = after(vm, config, draft);
    const findings: Finding[] = [
        ...("error" in result ? [{ field: "cpumodel", severity: "error" as const, message: result.error }] : []),
        ...("tuning" in result ? checkCpuModel(result.tuning, caps) : []),
    ];
    // the draft is judged against the capabilities: no Review of a change until they are read
    if (dirty && caps === undefined && capsError === undefined)
        findings.push({ field: "cpumodel.caps", severity: "error", message: _("Reading the hypervisor's CPU capabilities: the change is checked against them before Review") });
    if (capsError !== undefined)
        findings.push({ field: "cpumodel.caps", severity: "warning", message: cockpit.format(_("The hypervisor's CPU capabilities could not be read: $0"), capsError) });
    if (caps?.hostFeaturesError !== undefined)
        findings.push({ field: "cpumodel.caps", severity: "warning", message: cockpit.format(_("The features the host can provide could not be read, so they are not checked: $0"), caps.hostFeaturesError) });
    const featureFindings = (name: string) => findingsOfField(findings, `cpumodel.feature.${name}`);
    const passthroughLike = draft.mode === "host-passthrough" || draft.mode === "maximum";
    const suggestions = featureSuggestions(caps, draft.features);
    const buildPlan = () => planFor(vm, "config", ctx.hostCpus, { cpuModel: draftCpuModel(draft, config) });
    const reset = () => { setEdited(undefined); setNewName("") };
    const addFeature = () => { set({ features: withFeature(draft.features, newName, newPolicy) }); setNewName("") };

    return (
        <TuningCardFrame id="card-cpumodel" title={_("CPU model")} vm={vm} findings={findings}
                         fields={f => f === "cpumodel.mode" || f === "cpumodel.model" || f === "cpumodel.migratable" || f === "cpumodel.cache" || f.startsWith("cpumodel.feature.")}
                         dirty={dirty} buildPlan={buildPlan} onReset={reset}>
            <Content component="p" className="vmtune-muted" id="cpumodel-scope">
                {vm.active
                    ? _("Next boot: QEMU builds the guest's CPU when the VM starts. The running VM keeps its CPU as it is.")
                    : _("Next boot: QEMU builds the guest's CPU when the VM starts.")}
                {caps ? " " + cockpit.format(_("Checked against libvirt's capabilities for type $0, machine $1."), caps.virttype, caps.machine ?? "") : ""}
            </Content>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6} xl={3}>
                    <GridItem>
                        <SelectField id="cpumodel-mode" label={_("Mode")} value={draft.mode} findings={findingsOfField(findings, "cpumodel.mode")}
                                options={modeChoices(caps).map(c => ({ value: c.mode, label: c.unsupported ? `${modeLabel(c.mode)} (${c.unsupported})` : modeLabel(c.mode) }))}
                                onChange={v => set({ mode: v as CpuMode, migratable: v === "host-passthrough" || v === "maximum" ? draft.migratable : "", model: v === "custom" ? draft.model || current.model : draft.model })} />
                    </GridItem>
                    {draft.mode === "custom" && (
                        <GridItem>
                            <SelectField id="cpumodel-model" label={_("Model")} value={draft.model} findings={findingsOfField(findings, "cpumodel.model")}
                                    options={[{ value: "", label: _("None (QEMU's default)") }, ...modelChoices(caps, draft.model).map(m => ({ value: m.name, label: m.label }))]}
                                    onChange={v => set({ model: v })} />
                        </GridItem>
                    )}
                    {passthroughLike && (
                        <GridItem>
                            <SelectField id="cpumodel-migratable" label={_("Migratable")} value={draft.migratable} findings={findingsOfField(findings, "cpumodel.migratable")}
                                    options={[{ value: "", label: _("Not set (libvirt's default: on)") }, { value: "on", label: _("on: only features that migrate") }, { value: "off", label: _("off: every host feature, no migration") }]}
                                    onChange={v => set({ migratable: v as CpuModelDraft["migratable"] })} />
                        </GridItem>
                    )}
                    <GridItem>
                        <SelectField id="cpumodel-cache" label={_("Cache")} value={draft.cache} findings={findingsOfField(findings, "cpumodel.cache")}
                                options={[{ value: "", label: _("Not set (the hypervisor's default)") }, { value: "passthrough", label: _("passthrough: the host's cache layout") },
                                    { value: "emulate", label: _("emulate: a level 3 cache") }, { value: "disable", label: _("disable: no cache information") }]}
                                onChange={v => set({ cache: v as CacheChoice })}
                                help={_("Passthrough needs host-passthrough or maximum")} />
                    </GridItem>
                </Grid>
                <FormGroup label={_("Features")} fieldId="cpumodel-feature-new" role="group">
                    <ul id="cpumodel-features" aria-label={_("Features")} style={{ listStyle: "none", padding: 0, margin: 0 }}>
                        {draft.features.map(f => {
                            const own = featureFindings(f.name);
                            return (
                                <li key={f.name} data-feature={f.name}>
                                    <Flex alignItems={{ default: "alignItemsCenter" }}>
                                        <FlexItem style={{ minWidth: "14ch" }}><code>{f.name}</code></FlexItem>
                                        <FlexItem>
                                            <FormSelect id={`cpumodel-feature-${f.name}-policy`} value={f.policy} aria-label={cockpit.format(_("Policy of $0"), f.name)}
                                                        validated={own[0] ? (own[0].severity === "error" ? "error" : "warning") : "default"}
                                                        onChange={(_e, v) => set({ features: withFeature(draft.features, f.name, v as CpuFeaturePolicy) })}>
                                                {CPU_FEATURE_POLICIES.map(p => <FormSelectOption key={p} value={p} label={POLICY_LABELS[p]} />)}
                                            </FormSelect>
                                        </FlexItem>
                                        <FlexItem>
                                            <Button variant="link" id={`cpumodel-feature-${f.name}-remove`} aria-label={cockpit.format(_("Remove $0"), f.name)}
                                                    onClick={() => set({ features: draft.features.filter(x => x.name !== f.name) })}>
                                                {_("Remove")}
                                            </Button>
                                        </FlexItem>
                                    </Flex>
                                    {own.map(x => <HelperText key={x.message}><HelperTextItem variant={x.severity === "error" ? "error" : "warning"} data-finding={x.severity}>{x.message}</HelperTextItem></HelperText>)}
                                </li>
                            );
                        })}
                    </ul>
                    <Flex alignItems={{ default: "alignItemsCenter" }} style={{ marginTop: "var(--pf-t--global--spacer--sm)" }}>
                        <FlexItem>
                            <TextInput id="cpumodel-feature-new" value={newName} onChange={(_e, v) => setNewName(v)} aria-label={_("Feature name")}
                                       placeholder={_("Feature name, e.g. topoext")} list="cpumodel-feature-names" style={{ maxWidth: "24ch" }} />
                            <datalist id="cpumodel-feature-names">
                                {suggestions.map(n => <option key={n} value={n} />)}
                            </datalist>
                        </FlexItem>
                        <FlexItem>
                            <FormSelect id="cpumodel-feature-new-policy" value={newPolicy} aria-label={_("Policy of the new feature")}
                                        onChange={(_e, v) => setNewPolicy(v as CpuFeaturePolicy)}>
                                {CPU_FEATURE_POLICIES.map(p => <FormSelectOption key={p} value={p} label={POLICY_LABELS[p]} />)}
                            </FormSelect>
                        </FlexItem>
                        <FlexItem>
                            <Button variant="secondary" id="cpumodel-feature-add" isDisabled={newName.trim() === ""} onClick={addFeature}>{_("Add feature")}</Button>
                        </FlexItem>
                    </Flex>
                    <FormHelperText>
                        <HelperText>
                            <HelperTextItem>{_("require and force need the feature from the host; disable and forbid turn it off; optional takes it where the host has it.")}</HelperTextItem>
                        </HelperText>
                    </FormHelperText>
                </FormGroup>
            </Form>
        </TuningCardFrame>
    );
}
