// virsh setvcpus as a card: current vCPUs (hot-plug/unplug live), maximum and topology for next boot.
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive, sideForScope } from "../../../model/vm/vm.ts";
import type { Scope, Topology } from "../../../model/types.ts";
import { parseTopologyFields, validateVcpus } from "../../../model/rules/rules.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useRuleContext } from "../useRuleContext.ts";
import { GuestVcpus } from "./GuestVcpus.tsx";
import { TopologyFit } from "./TopologyFit.tsx";
import { useHostInfo } from "../../useHostInfo.ts";

const _ = cockpit.gettext;
type Key = "current" | "max" | "sockets" | "dies" | "cores" | "threads";
const TOPOLOGY = ["sockets", "dies", "cores", "threads"] as const;

function topologyLabel(key: typeof TOPOLOGY[number]): string {
    switch (key) {
    case "sockets": return _("Sockets");
    case "dies": return _("Dies");
    case "cores": return _("Cores per die");
    case "threads": return _("Threads per core");
    }
}

export function VcpuCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const host = useHostInfo()?.info?.topology;
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const shown = sideForScope(vm, scope);
    const config = configOrLive(vm);
    const topo = config?.cpu.topology;
    const current: Record<Key, string> = {
        current: String(shown?.vcpu.current ?? ""),
        max: String(config?.vcpu.max ?? ""),
        sockets: String(topo?.sockets ?? ""),
        dies: String(topo?.dies ?? ""),
        cores: String(topo?.cores ?? ""),
        threads: String(topo?.threads ?? ""),
    };
    const draft = useDraft<Key>(current);
    if (!ctx || !shown || !config) return null;

    const topologyEdited = TOPOLOGY.some(k => draft.edits[k] !== undefined && draft.edits[k] !== current[k]);
    // plain decimal integers only; an empty or malformed field is an error under it, never a silent 1
    const parsed = topologyEdited
        ? parseTopologyFields({ sockets: draft.text("sockets"), dies: draft.text("dies"), cores: draft.text("cores"), threads: draft.text("threads") })
        : undefined;
    const topology: Topology | undefined = parsed ? parsed.topology : topo;
    const texts = {
        ...(draft.edits.current !== undefined ? { current: draft.edits.current } : {}),
        ...(draft.edits.max !== undefined ? { max: draft.edits.max } : {}),
        ...(topology ? { topology } : {}),
    };
    const checked = validateVcpus(texts, { current: shown.vcpu.current, max: config.vcpu.max, topology: topo }, ctx, scope);
    const { values } = checked;
    const findings = [...(parsed?.findings ?? []), ...checked.findings];
    const other = scope === "config" ? vm.live : vm.config;
    const help = other && other.vcpu.current !== shown.vcpu.current
        ? cockpit.format(scope === "config" ? _("Live: $0") : _("Next boot: $0"), other.vcpu.current)
        : cockpit.format(_("1 to $0 (the maximum)"), config.vcpu.max);

    // the suggestion goes into the fields; the topology is next boot only
    const applySuggestion = (t: Topology) => {
        TOPOLOGY.forEach(k => draft.set(k, String(t[k])));
        if (scope === "live") setScope(allowedScopes(vm.active, vm.persistent).includes("config") ? "config" : scope);
    };
    const fitConfig = vm.persistent && vm.config && host ? { ...vm.config, cpu: { ...vm.config.cpu, topology } } : undefined;

    const buildPlan = () => planFor(vm, scope, ctx.hostCpus, {
        vcpus: values,
        ...(topologyEdited && topology ? { topology } : {}),
    });

    return (
        <TuningCardFrame id="card-vcpus" title={_("vCPUs")} vm={vm} scope={scope} onScope={setScope}
                    findings={findings} fields={f => f === "vcpu.current" || f === "vcpu.max" || f.startsWith("topology.")}
                    dirty={draft.dirty} buildPlan={buildPlan} onReset={draft.reset}>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6}>
                    <GridItem>
                        <Field id="vcpu-current" label={_("Current vCPUs")} value={draft.text("current")}
                               onChange={v => draft.set("current", v)} findings={findingsOfField(findings, "vcpu.current")} help={help} />
                    </GridItem>
                    <GridItem>
                        <Field id="vcpu-max" label={_("Maximum vCPUs")} value={draft.text("max")}
                               onChange={v => draft.set("max", v)} findings={findingsOfField(findings, "vcpu.max")}
                               help={_("Next boot only; must equal sockets × dies × cores × threads")} />
                    </GridItem>
                    {TOPOLOGY.map(key => (
                        <GridItem key={key} md={3}>
                            <Field id={`topology-${key}`} label={topologyLabel(key)} value={draft.text(key)}
                                   onChange={v => draft.set(key, v)} findings={findingsOfField(findings, `topology.${key}`)}
                                   help={_("Next boot")} />
                        </GridItem>
                    ))}
                </Grid>
            </Form>
            {fitConfig && host && ctx.driver === "qemu" && <TopologyFit config={fitConfig} host={host} onUse={applySuggestion} />}
            {ctx.driver === "qemu" && <GuestVcpus vm={vm} />}
        </TuningCardFrame>
    );
}
