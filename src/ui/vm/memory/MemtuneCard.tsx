// virsh memtune as a card: hard, soft and swap hard limit ("unlimited" allowed), applied one limit at
// a time so that soft ≤ hard ≤ swap_hard holds after every step; min_guarantee shown as unsupported.
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive, sideForScope } from "../../../model/vm/vm.ts";
import type { DesiredLimit } from "../../../model/plan/plan-types.ts";
import type { Finding, Memtune, Scope, Tuning } from "../../../model/types.ts";
import { MEMTUNE_UNLIMITED } from "../../../model/types.ts";
import { checkMemtune, unsupportedReason, validateMemtune } from "../../../model/rules/rules.ts";
import { limitInputText } from "../../../model/view/memory-view.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;
const KEYS = ["hard_limit", "soft_limit", "swap_hard_limit"] as const;
type Key = typeof KEYS[number];

function label(key: Key): string {
    switch (key) {
    case "hard_limit": return _("Hard limit");
    case "soft_limit": return _("Soft limit");
    case "swap_hard_limit": return _("Swap hard limit");
    }
}

function help(key: Key): string {
    switch (key) {
    case "hard_limit": return _("Most memory the VM (QEMU included) may use; \"unlimited\" for none");
    case "soft_limit": return _("Enforced when the host runs short; at most the hard limit");
    case "swap_hard_limit": return _("Memory plus swap; at least the hard limit");
    }
}

/** Findings for one side, unique by field and message across sides. */
function merge(lists: Finding[][]): Finding[] {
    const seen = new Set<string>();
    return lists.flat().filter(f => {
        const key = `${f.field}\n${f.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

export function MemtuneCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const config = configOrLive(vm);
    const side = sideForScope(vm, scope);
    const current = Object.fromEntries(KEYS.map(k => [k, limitInputText(side?.memtune[k])])) as Record<Key, string>;
    const draft = useDraft<Key>(current);
    if (!ctx || !config || !side) return null;

    const edits: Partial<Record<Key, string>> = {};
    for (const k of KEYS)
        if (draft.edits[k] !== undefined && draft.edits[k] !== current[k]) edits[k] = draft.edits[k];
    const sides: Tuning[] = scope === "both" && vm.active && vm.live ? [vm.live, config] : [side];
    const results = sides.map(t => Object.keys(edits).length > 0
        ? validateMemtune(edits, t.memtune, ctx, scope, t.memory, vm.live?.currentMemory, vm.live?.memtune)
        : { values: t.memtune, findings: checkMemtune(t.memtune, ctx, t.memory) });
    const findings = merge(results.map(r => r.findings));
    const values: Memtune = results[0]?.values ?? {};

    const desired: Partial<Record<Key, DesiredLimit>> = {};
    for (const k of Object.keys(edits) as Key[]) {
        const v = values[k];
        desired[k] = v === undefined || v >= MEMTUNE_UNLIMITED ? null : v;
    }
    const buildPlan = () => planFor(vm, scope, ctx.hostCpus, { memtune: desired });
    const minGuarantee = unsupportedReason(ctx, "min_guarantee");

    return (
        <TuningCardFrame id="card-memtune" title={_("Memory limits (memtune)")} vm={vm} scope={scope} onScope={setScope}
                    findings={findings} fields={f => KEYS.some(k => f === `memtune.${k}`)}
                    dirty={draft.dirty} buildPlan={buildPlan} onReset={draft.reset}>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6} xl={3}>
                    {KEYS.map(key => {
                        const otherSide = scope === "config" ? vm.live : vm.config;
                        const other = otherSide && vm.active ? limitInputText(otherSide.memtune[key]) : undefined;
                        const text = other !== undefined && other !== current[key]
                            ? cockpit.format(scope === "config" ? _("Live: $0") : _("Next boot: $0"), other)
                            : help(key);
                        return (
                            <GridItem key={key}>
                                <Field id={`memtune-${key}`} label={label(key)} value={draft.text(key)}
                                       onChange={v => draft.set(key, v)} findings={findingsOfField(findings, `memtune.${key}`)} help={text} />
                            </GridItem>
                        );
                    })}
                    <GridItem>
                        <Field id="memtune-min_guarantee" label={_("Minimum guarantee")} value={limitInputText(side.memtune.min_guarantee)}
                               readOnly onChange={() => {}} findings={[]}
                               help={minGuarantee ?? _("Guaranteed memory")} />
                    </GridItem>
                </Grid>
            </Form>
            <Content component="p" className="vmtune-muted" id="memtune-order">
                {_("Sizes take units (MiB when none) or \"unlimited\". Limits are applied one at a time so that soft ≤ hard ≤ swap hard holds after every step.")}
            </Content>
        </TuningCardFrame>
    );
}
