// virsh numatune as a card: "Memory mode" and "Memory nodes" (live and next boot, with the model's
// live rules: the mode never changes live; a live nodeset change needs mode restrictive) and, for next
// boot, the host nodes of each guest cell (<memnode>).
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive, sideForScope } from "../../../model/vm/vm.ts";
import type { DesiredTuning } from "../../../model/plan/plan-types.ts";
import type { MemNode, NumaMode, Numatune, Scope } from "../../../model/types.ts";
import { NUMA_MODES } from "../../../model/types.ts";
import { validateNumatune } from "../../../model/rules/rules.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;

export function modeLabel(mode: string): string {
    switch (mode) {
    case "strict": return _("strict: only these nodes");
    case "preferred": return _("preferred: these nodes first");
    case "interleave": return _("interleave: spread over these nodes");
    case "restrictive": return _("restrictive: only these nodes, changeable live");
    default: return _("not set (libvirt's default: strict)");
    }
}

function values(n: Numatune | undefined): Record<string, string> {
    const out: Record<string, string> = {
        mode: n?.mode ?? (n?.nodeset !== undefined ? "strict" : ""),
        nodeset: n?.nodeset ?? "",
    };
    for (const m of n?.memnodes ?? []) out[`memnode.${m.cellid}`] = m.nodeset;
    return out;
}

export function NumatuneCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const config = configOrLive(vm);
    const side = sideForScope(vm, scope);
    const current = values(side?.numatune);
    const cells = config?.cpu.cells ?? [];
    for (const c of cells) current[`memnode.${c.id}`] ??= "";
    const draft = useDraft<string>(current);
    if (!ctx || !config) return null;

    const edited = (k: string) => draft.edits[k] !== undefined && draft.edits[k] !== current[k];
    const desiredNuma: { mode?: NumaMode; nodeset?: string } = {};
    if (edited("mode") && draft.text("mode") !== "") desiredNuma.mode = draft.text("mode") as NumaMode;
    if (edited("nodeset")) desiredNuma.nodeset = draft.text("nodeset");
    const memnodeEdited = cells.some(c => edited(`memnode.${c.id}`));
    const memnodes: MemNode[] | undefined = memnodeEdited
        ? cells.filter(c => draft.text(`memnode.${c.id}`).trim() !== "").map(c => ({
            cellid: c.id,
            mode: config.numatune.memnodes.find(m => m.cellid === c.id)?.mode ?? "strict",
            nodeset: draft.text(`memnode.${c.id}`).trim(),
        }))
        : undefined;
    const findings = validateNumatune({ ...desiredNuma, ...(memnodes ? { memnodes } : {}) }, config.numatune, cells, ctx, scope,
                                      vm.active ? vm.live?.numatune : undefined);
    const desired: DesiredTuning = {
        ...(Object.keys(desiredNuma).length > 0 ? { numatune: desiredNuma } : {}),
        ...(memnodes ? { memnodes } : {}),
    };
    const other = scope === "config" ? (vm.active ? values(vm.live?.numatune) : undefined) : vm.persistent ? values(vm.config?.numatune) : undefined;
    const otherHelp = (key: string) => {
        const o = other?.[key];
        if (other === undefined || o === current[key]) return undefined;
        return cockpit.format(scope === "config" ? _("Live: $0") : _("Next boot: $0"), o || _("unset"));
    };
    const modeFinding = findingsOfField(findings, "numatune.mode")[0];
    const modeHelp = otherHelp("mode") ?? (vm.active ? _("The mode of a running VM cannot change: a change applies at next boot.") : undefined);
    const shown = new Set(["numatune.mode", "numatune.nodeset", ...cells.map(c => `memnode.${c.id}`)]);

    return (
        <TuningCardFrame id="card-numatune" title={_("Host memory placement (numatune)")} vm={vm} scope={scope} onScope={setScope}
                    findings={findings.map(f => (shown.has(f.field) ? f : { ...f, field: "@" + f.field }))}
                    dirty={draft.dirty} buildPlan={() => planFor(vm, scope, ctx.hostCpus, desired)} onReset={draft.reset}>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6}>
                    <GridItem>
                        <FormGroup label={_("Memory mode")} fieldId="numa-mode">
                            <FormSelect id="numa-mode" value={draft.text("mode")} onChange={(_e, v) => draft.set("mode", v)}
                                        validated={modeFinding ? (modeFinding.severity === "error" ? "error" : "warning") : "default"}
                                        aria-describedby="numa-mode-helper">
                                {current.mode === "" && <FormSelectOption value="" label={modeLabel("")} />}
                                {NUMA_MODES.map(m => <FormSelectOption key={m} value={m} label={modeLabel(m)} />)}
                            </FormSelect>
                            <FormHelperText>
                                <HelperText id="numa-mode-helper">
                                    {modeFinding
                                        ? <HelperTextItem variant={modeFinding.severity === "error" ? "error" : "warning"} data-finding={modeFinding.severity}>{modeFinding.message}</HelperTextItem>
                                        : modeHelp ? <HelperTextItem>{modeHelp}</HelperTextItem> : null}
                                </HelperText>
                            </FormHelperText>
                        </FormGroup>
                    </GridItem>
                    <GridItem>
                        <Field id="numa-nodeset" label={_("Memory nodes")} value={draft.text("nodeset")} onChange={v => draft.set("nodeset", v)}
                               findings={findingsOfField(findings, "numatune.nodeset")}
                               help={otherHelp("nodeset") ?? cockpit.format(_("Host NUMA nodes, e.g. 0 or 0-1. This host has nodes $0."), ctx.hostNodes.join(", "))} />
                    </GridItem>
                    {cells.map(c => (
                        <GridItem key={c.id}>
                            <Field id={`numa-memnode-${c.id}`} label={cockpit.format(_("Cell $0 memory nodes"), c.id)}
                                   value={draft.text(`memnode.${c.id}`)} onChange={v => draft.set(`memnode.${c.id}`, v)}
                                   findings={findingsOfField(findings, `memnode.${c.id}`)} readOnly={scope === "live"}
                                   help={_("Host nodes for this guest cell's memory (next boot only); empty: follow Memory nodes.")} />
                        </GridItem>
                    ))}
                </Grid>
            </Form>
        </TuningCardFrame>
    );
}
