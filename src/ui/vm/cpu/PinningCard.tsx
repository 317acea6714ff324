// virsh vcpupin / emulatorpin / iothreadpin as one card: a row per vCPU (online and offline) with
// its live and next-boot affinity, an editable cpuset, the host NUMA nodes it falls on, bulk actions.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Flex, FlexItem } from "../../layout.tsx";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import type { Scope, Tuning } from "../../../model/types.ts";
import { formatCpuset, parseCpuset } from "../../../model/values/cpuset.ts";
import type { HostTopology } from "../../../model/host/capabilities.ts";
import { cellsOfCpus } from "../../../model/host/capabilities.ts";
import { validatePinning } from "../../../model/rules/rules.ts";
import type { BulkPin } from "../../../model/placement/pin-bulk.ts";
import { onePerCore, pinAllToNode, resetToAll } from "../../../model/placement/pin-bulk.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;

/** What a vCPU may run on per the definition: its pin, else <vcpu cpuset>, else every host CPU. */
function vcpuAffinity(t: Tuning | undefined, id: number, all: string): string | undefined {
    if (!t) return undefined;
    return t.cputune.vcpupin.find(p => p.id === id)?.cpuset ?? t.vcpu.cpuset ?? all;
}

function emulatorAffinity(t: Tuning | undefined, all: string): string | undefined {
    if (!t) return undefined;
    return t.cputune.emulatorpin ?? t.vcpu.cpuset ?? all;
}

function iothreadAffinity(t: Tuning | undefined, id: number, all: string): string | undefined {
    if (!t) return undefined;
    return t.cputune.iothreadpin.find(p => p.id === id)?.cpuset ?? t.vcpu.cpuset ?? all;
}

function online(vm: Vm, id: number): boolean {
    const t = vm.live ?? vm.config;
    const state = t?.vcpus.find(v => v.id === id);
    if (state) return state.enabled;
    return id < (t?.vcpu.current ?? 0);
}

function nodesText(host: HostTopology, cpuset: string): string {
    try {
        const cells = cellsOfCpus(host, parseCpuset(cpuset, host.totalCpus));
        return cells.length ? cells.join(", ") : "—";
    } catch {
        return "—";
    }
}

// A native select: picking a node fills every vCPU's affinity, then it shows its title again.
function NodeMenu({ host, onPick }: { host: HostTopology; onPick: (node: number) => void }) {
    const title = _("All vCPUs to one NUMA node");
    return (
        <FormSelect id="pin-bulk-node" value="" aria-label={title} onChange={(_e, v) => { if (v !== "") onPick(Number(v)) }}>
            <FormSelectOption value="" label={title} isDisabled />
            {host.cells.map(c => (
                <FormSelectOption key={c.id} value={String(c.id)} label={cockpit.format(_("Node $0 (CPUs $1)"), c.id, formatCpuset(c.cpus.map(x => x.id)))} />
            ))}
        </FormSelect>
    );
}

export function PinningCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const host = useHostInfo()?.info?.topology;
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const config = configOrLive(vm);
    const max = config?.vcpu.max ?? 0;
    const iothreads = config?.iothreadIds ?? [];
    const all = host ? formatCpuset(host.onlineCpus.length ? host.onlineCpus : [...Array(host.totalCpus).keys()]) : "";
    const side = scope === "config" ? vm.config : (vm.live ?? vm.config);
    const current: Record<string, string> = { emulator: emulatorAffinity(side, all) ?? "" };
    for (let id = 0; id < max; id++) current[`vcpu.${id}`] = vcpuAffinity(side, id, all) ?? "";
    for (const id of iothreads) current[`iothread.${id}`] = iothreadAffinity(side, id, all) ?? "";
    const draft = useDraft<string>(current);
    if (!ctx || !host || !config) return null;

    const edited = (key: string) => draft.edits[key] !== undefined && draft.edits[key] !== current[key];
    const vcpupin = [...Array(max).keys()].filter(id => edited(`vcpu.${id}`))
        .map(id => ({ id, cpuset: draft.text(`vcpu.${id}`) }));
    const iothreadpin = iothreads.filter(id => edited(`iothread.${id}`)).map(id => ({ id, cpuset: draft.text(`iothread.${id}`) }));
    const pins = {
        vcpupin,
        iothreadpin,
        ...(edited("emulator") ? { emulatorpin: draft.text("emulator") } : {}),
    };
    const findings = validatePinning(pins, { maxVcpus: max, iothreadIds: iothreads }, ctx, scope);
    const bulk = (list: BulkPin[]) => list.forEach(p => draft.set(`vcpu.${p.id}`, p.cpuset));
    const buildPlan = () => planFor(vm, scope, ctx.hostCpus, pins);

    const row = (key: string, field: string, label: string, state: string, liveText?: string, configText?: string) => (
        <Tr key={key} data-row={key}>
            <Td dataLabel={_("Thread")}>{label}</Td>
            <Td dataLabel={_("State")}>{state}</Td>
            <Td dataLabel={_("Live")} data-side="live">{liveText ?? "—"}</Td>
            <Td dataLabel={_("Next boot")} data-side="config">{configText ?? "—"}</Td>
            <Td dataLabel={_("Affinity")}>
                <Field id={`pin-${key.replace(".", "-")}`} label={cockpit.format(_("$0 affinity"), label)} value={draft.text(key)}
                       onChange={v => draft.set(key, v)} findings={findingsOfField(findings, field)} width={18} />
            </Td>
            <Td dataLabel={_("Host nodes")} data-nodes>{nodesText(host, draft.text(key))}</Td>
        </Tr>
    );

    return (
        <TuningCardFrame id="card-pinning" title={_("Pinning")} vm={vm} scope={scope} onScope={setScope}
                    findings={findings} fields={f => /^(vcpupin|iothreadpin)\.\d+$|^emulatorpin$/.test(f)}
                    dirty={draft.dirty} buildPlan={buildPlan} onReset={draft.reset}>
            <Flex>
                <FlexItem><NodeMenu host={host} onPick={node => bulk(pinAllToNode(max, host, node))} /></FlexItem>
                <FlexItem><Button variant="secondary" id="pin-bulk-core" onClick={() => bulk(onePerCore(max, host))}>{_("One vCPU per physical core")}</Button></FlexItem>
                <FlexItem><Button variant="secondary" id="pin-bulk-reset" onClick={() => bulk(resetToAll(max, host))}>{_("Reset to all CPUs")}</Button></FlexItem>
            </Flex>
            <Table aria-label={_("vCPU pinning")} id="pin-table">
                <Thead>
                    <Tr>
                        <Th>{_("Thread")}</Th><Th>{_("State")}</Th><Th>{_("Live")}</Th><Th>{_("Next boot")}</Th>
                        <Th>{_("Affinity")}</Th><Th>{_("Host nodes")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {[...Array(max).keys()].map(id => row(`vcpu.${id}`, `vcpupin.${id}`, cockpit.format(_("vCPU $0"), id),
                                                          online(vm, id) ? _("online") : _("offline"),
                                                          vm.active ? vcpuAffinity(vm.live, id, all) : undefined,
                                                          vcpuAffinity(vm.config, id, all)))}
                    {row("emulator", "emulatorpin", _("Emulator"), "", vm.active ? emulatorAffinity(vm.live, all) : undefined,
                         emulatorAffinity(vm.config, all))}
                    {iothreads.map(id => row(`iothread.${id}`, `iothreadpin.${id}`, cockpit.format(_("IOThread $0"), id), "",
                                             vm.active ? iothreadAffinity(vm.live, id, all) : undefined,
                                             iothreadAffinity(vm.config, id, all)))}
                </Tbody>
            </Table>
        </TuningCardFrame>
    );
}
