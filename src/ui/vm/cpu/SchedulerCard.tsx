// virsh schedinfo as a card: shares, periods and quotas, live and next boot, with this VM's share
// of all running VMs' shares beside cpu_shares.
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { Plan, SchedulerKey, SchedulerParams, Scope } from "../../../model/types.ts";
import { SCHEDULER_KEYS } from "../../../model/types.ts";
import { parseIntegerField, schedulerKeysFor, schedulerRangeHelp, validateScheduler } from "../../../model/rules/rules.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useInventoryState } from "../../useInventory.ts";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;

export function schedulerLabel(key: SchedulerKey): string {
    switch (key) {
    case "shares": return _("CPU shares");
    case "period": return _("vCPU period");
    case "quota": return _("vCPU quota");
    case "emulator_period": return _("Emulator period");
    case "emulator_quota": return _("Emulator quota");
    case "global_period": return _("Global period");
    case "global_quota": return _("Global quota");
    case "iothread_period": return _("IOThread period");
    case "iothread_quota": return _("IOThread quota");
    }
}

function text(value: number | undefined, key: SchedulerKey): string {
    if (value === undefined) return "";
    if (key.endsWith("quota") && value < 0) return "unlimited";
    return String(value);
}

function texts(params: SchedulerParams | undefined): Record<SchedulerKey, string> {
    const out = {} as Record<SchedulerKey, string>;
    for (const key of SCHEDULER_KEYS) out[key] = text(params?.[key], key);
    return out;
}

export function SchedulerCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const { domains } = useInventoryState();
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const live = vm.active ? vm.sched : undefined;
    const config = vm.config?.cputune;
    const current = texts(scope === "config" ? config : live);
    const draft = useDraft<SchedulerKey>(current);
    if (!ctx) return null;
    const offered = schedulerKeysFor(ctx);
    const { values, findings } = validateScheduler(draft.edits, ctx, scope);
    const shown = SCHEDULER_KEYS.filter(k => offered.includes(k));

    const runningShares = domains.filter(d => d.active).reduce((sum, d) => sum + (d.sched?.shares ?? 0), 0);
    // the share picture follows the field only when it holds a valid number (Number() read "0x10" as 16)
    const sharesField = parseIntegerField("shares", draft.text("shares"));
    const ownShares = sharesField.ok ? sharesField.value ?? 0 : 0;
    const others = runningShares - (vm.active ? (live?.shares ?? 0) : 0);
    const percent = ownShares > 0 ? Math.round(1000 * ownShares / (others + ownShares)) / 10 : undefined;

    const buildPlan = (): Plan => planFor(vm, scope, ctx.hostCpus, { scheduler: values });

    return (
        <TuningCardFrame id="card-scheduler" title={_("Scheduler")} vm={vm} scope={scope} onScope={setScope}
                    findings={findings} fields={f => (shown as string[]).includes(f)}
                    dirty={draft.dirty} buildPlan={buildPlan} onReset={draft.reset}>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={4}>
                    {shown.map(key => {
                        const other = scope === "config" ? text(live?.[key], key) : text(config?.[key], key);
                        const differs = vm.active && vm.persistent && other !== current[key];
                        let help = schedulerRangeHelp(key, ctx.cgroup);
                        if (key === "shares" && percent !== undefined)
                            // xgettext:no-c-format ("%" here is a percent sign; msgmerge would mark the entry fuzzy)
                            help = cockpit.format(_("$0 % of all running VMs' shares. $1"), percent, help);
                        if (differs)
                            help = cockpit.format(scope === "config" ? _("Live: $0. $1") : _("Next boot: $0. $1"), other || _("unset"), help);
                        return (
                            <GridItem key={key}>
                                <Field id={`sched-${key}`} label={schedulerLabel(key)} value={draft.text(key)}
                                       onChange={v => draft.set(key, v)} findings={findingsOfField(findings, key)} help={help} />
                            </GridItem>
                        );
                    })}
                </Grid>
            </Form>
        </TuningCardFrame>
    );
}
