// virsh setmem / setmaxmem and <maxMemory slots> as a card: current memory (the balloon), maximum
// memory, hotplug limit and slots; the plan keeps current ≤ maximum at every step.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive, sideForScope } from "../../../model/vm/vm.ts";
import type { DesiredTuning } from "../../../model/plan/plan-types.ts";
import type { Finding, Scope } from "../../../model/types.ts";
import { parseStatsPeriodField, validateMemory } from "../../../model/rules/rules.ts";
import { checkHostMemory, exactSizeText, validateHotplugLimit } from "../../../model/view/memory-view.ts";
import { formatSize } from "../../../model/values/units.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { vmHref } from "../../routes.ts";
import { useInventory } from "../../useInventory.ts";
import { useRuleContext } from "../useRuleContext.ts";
import { MemoryChart } from "./MemoryChart.tsx";

const _ = cockpit.gettext;
type Key = "current" | "max" | "hotplug" | "slots" | "period";
const FIELDS = ["memory.current", "memory.max", "maxMemory.size", "maxMemory.slots", "memballoon.period"];

export function BalloonCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const connection = useInventory().libvirt.connection.id;
    const hostKiB = useHostInfo()?.info?.hostMemory?.total;
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const config = configOrLive(vm);
    const side = sideForScope(vm, scope);
    const current: Record<Key, string> = {
        current: side ? exactSizeText(side.currentMemory) : "",
        max: config ? exactSizeText(config.memory) : "",
        hotplug: config?.maxMemory ? exactSizeText(config.maxMemory.size) : "",
        slots: config?.maxMemory ? String(config.maxMemory.slots) : "",
        period: String(side?.memballoon?.statsPeriod ?? 0),
    };
    const draft = useDraft<Key>(current);
    if (!ctx || !config || !side) return null;

    const edited = (k: Key) => draft.edits[k] !== undefined && draft.edits[k] !== current[k];
    const numa = config.cpu.cells.length > 0;
    // a container has no balloon and no memory modules: its current memory is the cgroup's limit
    const lxc = ctx.driver === "lxc";
    const { values, findings } = validateMemory({
        ...(edited("current") ? { current: draft.text("current") } : {}),
        ...(edited("max") ? { max: draft.text("max") } : {}),
    }, config, ctx, scope, vm.live);
    const all: Finding[] = [...findings,
        ...checkHostMemory("memory.current", values.current, hostKiB),
        ...checkHostMemory("memory.max", values.max, hostKiB)];

    const desired: DesiredTuning = {};
    if (values.current !== undefined || values.max !== undefined) desired.memory = values;
    // the statistics period: a reviewed change like the others (viewing the tab never sets it)
    const balloon = side.memballoon !== undefined && side.memballoon.model !== "none";
    if (edited("period")) {
        const r = parseStatsPeriodField(draft.text("period"));
        if (!r.ok) all.push(r.finding);
        else if (r.value !== undefined) desired.memstatPeriod = r.value;
    }
    const newMax = values.max ?? config.memory;
    let limit = config.maxMemory;
    if (edited("hotplug") || edited("slots")) {
        const r = validateHotplugLimit({ size: draft.text("hotplug"), slots: draft.text("slots") }, config, newMax);
        all.push(...r.findings);
        if (r.value !== undefined) {
            desired.maxMemory = r.value;
            limit = r.value ?? undefined;
            if (r.value) all.push(...checkHostMemory("maxMemory.size", r.value.size, hostKiB, false));
        }
        if (scope === "live")
            all.push({ field: "maxMemory.size", severity: "error", message: _("The hotplug limit and slots change only for next boot: choose Next boot or Both") });
    }
    if (values.max !== undefined && limit !== undefined && values.max > limit.size) {
        all.push({ field: "memory.max", severity: "error",
                   message: cockpit.format(_("The maximum memory cannot exceed the hotplug limit ($0): raise the hotplug limit too"), formatSize(limit.size)) });
    }

    const other = scope === "config" ? vm.live : vm.config;
    const currentHelp = other && vm.active && other.currentMemory !== side.currentMemory
        ? cockpit.format(scope === "config" ? _("Live: $0") : _("Next boot: $0"), formatSize(other.currentMemory))
        : cockpit.format(lxc ? _("The container's memory limit, at most the maximum ($0)") : _("The balloon target, at most the maximum ($0)"),
                         formatSize(vm.live && scope !== "config" ? vm.live.memory : config.memory));
    const maxHelp = numa
        ? cockpit.format(_("The sum of the guest NUMA cells ($0 cells) plus memory modules: it changes through the cells"), config.cpu.cells.length)
        : vm.active ? _("Next boot only: a running VM's maximum cannot change") : _("The VM's memory at boot");

    const buildPlan = () => planFor(vm, scope, ctx.hostCpus, desired);

    return (
        <TuningCardFrame id="card-balloon" title={_("Memory")} vm={vm} scope={scope} onScope={setScope}
                    findings={all} fields={f => FIELDS.includes(f)}
                    dirty={draft.dirty} buildPlan={buildPlan} onReset={draft.reset}>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6} xl={3}>
                    <GridItem>
                        <Field id="memory-current" label={_("Current memory")} value={draft.text("current")}
                               onChange={v => draft.set("current", v)} findings={findingsOfField(all, "memory.current")} help={currentHelp} />
                    </GridItem>
                    <GridItem>
                        <Field id="memory-max" label={_("Maximum memory")} value={draft.text("max")} readOnly={numa}
                               onChange={v => draft.set("max", v)} findings={findingsOfField(all, "memory.max")} help={maxHelp} />
                        {numa && (
                            // a link (not a button): it stays usable in a read-only card, and keeps the VM's connection
                            <Button variant="link" isInline id="memory-numa-link" component="a" href={vmHref(connection, vm.name, "numa")}>
                                {_("Change the cells on the NUMA tab")}
                            </Button>
                        )}
                    </GridItem>
                    {!lxc && (
                        <>
                            <GridItem>
                                <Field id="memory-hotplug" label={_("Hotplug memory limit")} value={draft.text("hotplug")}
                                       onChange={v => draft.set("hotplug", v)} findings={findingsOfField(all, "maxMemory.size")}
                                       help={_("Next boot; <maxMemory>: memory plus modules; empty for none")} />
                            </GridItem>
                            <GridItem>
                                <Field id="memory-slots" label={_("Memory slots")} value={draft.text("slots")}
                                       onChange={v => draft.set("slots", v)} findings={findingsOfField(all, "maxMemory.slots")}
                                       help={_("Next boot; 1 to 256 memory modules")} />
                            </GridItem>
                        </>
                    )}
                    {!lxc && balloon && (
                        <GridItem>
                            <Field id="memory-stats-period" label={_("Statistics period (seconds)")} value={draft.text("period")}
                                   onChange={v => draft.set("period", v)} findings={findingsOfField(all, "memballoon.period")}
                                   help={_("How often the guest reports balloon statistics; 0 is off (virsh dommemstat --period)")} />
                        </GridItem>
                    )}
                </Grid>
            </Form>
            <Content component="p" className="vmtune-muted" id="memory-order-rule">
                {_("Sizes take units (512 MiB, 2 GiB; MiB when none). Current memory never exceeds the maximum: raising both sets the maximum first, lowering both sets current first.")}
            </Content>
            {/* guest statistics come from QEMU's balloon driver */}
            {!lxc && <MemoryChart vm={vm} />}
        </TuningCardFrame>
    );
}
