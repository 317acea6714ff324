// IOThreads as one card: each IOThread (live and next boot) with its pin, its polling and the disks
// using it; add and remove (virsh iothreadadd / iothreaddel), a disk's IOThread for next boot (define),
// polling on the running VM (virsh iothreadset: libvirt-dbus has no method for it, libvirt keeps it in
// no definition), and each IOThread's pin (PinIOThread; also in the Pinning card, which lists only the
// next-boot IOThreads).
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { IothreadPoll, Scope, Tuning } from "../../../model/types.ts";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import type { PollField } from "../../../model/rules/rules-iothreads.ts";
import { POLL_FIELDS, iothreadWish } from "../../../model/rules/rules-iothreads.ts";
import { validatePinning } from "../../../model/rules/rules.ts";
import { planFor } from "../../../model/vm/plan-for.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { useRuleContext } from "../useRuleContext.ts";
import { useIothreadPoll } from "./useIothreadPoll.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { formatCpuset } from "../../../model/values/cpuset.ts";
import { UnsupportedCard } from "../UnsupportedCard.tsx";

const _ = cockpit.gettext;

function pollLabel(key: PollField): string {
    switch (key) {
    case "maxNs": return _("Polling maximum (ns)");
    case "grow": return _("Polling grow factor");
    case "shrink": return _("Polling shrink factor");
    }
}

/** What an IOThread may run on per a definition: its pin, else <vcpu cpuset>, else every host CPU (`all`). */
function pinText(t: Tuning | undefined, id: number, all: string): string {
    if (!t?.iothreadIds.includes(id)) return "—";
    return t.cputune.iothreadpin.find(p => p.id === id)?.cpuset ?? t.vcpu.cpuset ?? all;
}

function disksText(t: Tuning | undefined, id: number): string {
    const disks = t?.disks.filter(d => d.iothread === id).map(d => d.target) ?? [];
    return disks.length > 0 ? disks.join(", ") : "—";
}

function pollText(p: IothreadPoll | undefined): string {
    return p === undefined ? "—" : cockpit.format(_("max $0 ns, grow $1, shrink $2"), p.maxNs, p.grow, p.shrink);
}

function sortedUnion(a: readonly number[], b: readonly number[]): number[] {
    return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

export function IothreadsCard({ vm }: { vm: Vm }) {
    if (vm.connection.driver === "lxc")
        return <UnsupportedCard id="card-iothreads" title={_("IOThreads")} reason={_("LXC containers have no IOThreads: they are QEMU's threads for disk I/O")} />;
    return <IothreadsEditor vm={vm} />;
}

function IothreadsEditor({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const poll = useIothreadPoll(vm);
    const [scope, setScope] = useState<Scope>(allowedScopes(vm.active, vm.persistent)[0] ?? "config");
    const [add, setAdd] = useState("");
    const [del, setDel] = useState<number[]>([]);
    const [disks, setDisks] = useState<Record<string, string>>({});
    const [pins, setPins] = useState<Record<number, string>>({});
    const [pollEdits, setPollEdits] = useState<Record<number, Partial<Record<PollField, string>>>>({});
    const host = useHostInfo()?.info?.topology;
    const config = configOrLive(vm);
    if (!ctx || !config || !host) return null;
    const all = formatCpuset(host.onlineCpus.length ? host.onlineCpus : [...Array(host.totalCpus).keys()]);

    const live = vm.active ? vm.live : undefined;
    const next = vm.persistent ? vm.config : undefined;
    const ids = sortedUnion(live?.iothreadIds ?? [], next?.iothreadIds ?? []);
    const pollOf = (id: number) => poll?.find(p => p.id === id);
    const pollEditable = scope === "live" && vm.active;
    const { wish, findings } = iothreadWish({ add, del, disks, poll: pollEdits });
    // the pin of the side the scope starts from; the planner checks each side (and refuses a missing IOThread)
    const pinSide = scope === "config" ? next : live ?? next;
    const pinEdits = Object.entries(pins).filter(([id, v]) => v !== pinText(pinSide, Number(id), all))
        .map(([id, cpuset]) => ({ id: Number(id), cpuset }));
    const pinFindings = pinEdits.length > 0 ? validatePinning({ vcpupin: [], iothreadpin: pinEdits }, { maxVcpus: config.vcpu.max, iothreadIds: pinSide?.iothreadIds ?? [] }, ctx, scope) : [];
    const allFindings = [...findings, ...pinFindings];
    const desired = pinEdits.length > 0 ? { ...wish, iothreadpin: pinEdits } : wish;
    const dirty = add.trim() !== "" || del.length > 0 || Object.keys(disks).length > 0 || Object.keys(pollEdits).length > 0 || pinEdits.length > 0;
    const reset = () => { setAdd(""); setDel([]); setDisks({}); setPollEdits({}); setPins({}) };
    // the polling as read is the planner's "before" (the inverse): it is in no XML, so it joins the live side here
    const planned: Vm = live && poll ? { ...vm, live: { ...live, iothreadPoll: poll } } : vm;
    const buildPlan = () => planFor(planned, scope, ctx.hostCpus, desired);
    const diskList = config.disks;
    const count = (t: Tuning | undefined) => t === undefined ? "—" : String(t.iothreadIds.length);

    const pollCell = (id: number) => {
        const have = pollOf(id);
        if (!pollEditable || have === undefined || !live?.iothreadIds.includes(id))
            return <span data-poll>{pollText(have)}</span>;
        return POLL_FIELDS.map(key => (
            <Field key={key} id={`iothread-${id}-${key}`} label={pollLabel(key)} width={14}
                   value={pollEdits[id]?.[key] ?? String(have[key])}
                   onChange={v => setPollEdits(prev => ({ ...prev, [id]: { ...prev[id], [key]: v } }))}
                   findings={findingsOfField(findings, `iothread.${id}.${key}`)} />
        ));
    };

    return (
        <TuningCardFrame id="card-iothreads" title={_("IOThreads")} vm={vm} scope={scope} onScope={setScope}
                         findings={allFindings} fields={f => f === "iothread.add" || /^iothread\.\d+\.(maxNs|grow|shrink)$|^iothreadpin\.\d+$/.test(f)}
                         dirty={dirty} buildPlan={buildPlan} onReset={reset}>
            <Content component="p" id="iothreads-count">
                {cockpit.format(_("IOThreads live: $0, next boot: $1"), count(live), count(next))}
            </Content>
            <Content component="p" className="vmtune-muted">
                {_("Polling is set on the running VM only: libvirt keeps it in no definition, so QEMU's default is back after a restart.")}
            </Content>
            {ids.length > 0 && (
                <Table aria-label={_("IOThreads")} id="iothreads-table">
                    <Thead>
                        <Tr>
                            <Th>{_("IOThread")}</Th><Th>{_("Live pin")}</Th><Th>{_("Next-boot pin")}</Th><Th>{_("Affinity")}</Th>
                            <Th>{_("Polling (live)")}</Th><Th>{_("Disks (next boot)")}</Th><Th>{_("Remove")}</Th>
                        </Tr>
                    </Thead>
                    <Tbody>
                        {ids.map(id => (
                            <Tr key={id} data-row={`iothread.${id}`}>
                                <Td dataLabel={_("IOThread")}>{id}</Td>
                                <Td dataLabel={_("Live pin")} data-side="live">{live ? pinText(live, id, all) : "—"}</Td>
                                <Td dataLabel={_("Next-boot pin")} data-side="config">{pinText(next, id, all)}</Td>
                                <Td dataLabel={_("Affinity")}>
                                    {/* only where the scope's side has this IOThread */}
                                    {pinSide?.iothreadIds.includes(id)
                                        ? <Field id={`iothread-pin-${id}`} label={cockpit.format(_("IOThread $0 affinity"), id)} width={14}
                                                 value={pins[id] ?? pinText(pinSide, id, all)} onChange={v => setPins(prev => ({ ...prev, [id]: v }))}
                                                 findings={findingsOfField(allFindings, `iothreadpin.${id}`)} />
                                        : "—"}
                                </Td>
                                <Td dataLabel={_("Polling (live)")}>{pollCell(id)}</Td>
                                <Td dataLabel={_("Disks (next boot)")} data-disks>{disksText(next ?? live, id)}</Td>
                                <Td dataLabel={_("Remove")}>
                                    <Checkbox id={`iothread-del-${id}`} aria-label={cockpit.format(_("Remove IOThread $0"), id)}
                                              isChecked={del.includes(id)}
                                              onChange={(_e, on) => setDel(prev => on ? [...prev, id] : prev.filter(x => x !== id))} />
                                </Td>
                            </Tr>
                        ))}
                    </Tbody>
                </Table>
            )}
            <Field id="iothreads-add" label={_("Add IOThreads (ids)")} value={add} onChange={setAdd} width={18}
                   findings={findingsOfField(findings, "iothread.add")}
                   help={_("New IOThread ids, for example 2 or 2, 4, added as the scope says")} />
            {diskList.length > 0 && (
                <Table aria-label={_("Disks and their IOThread")} id="iothreads-disks">
                    <Thead>
                        <Tr><Th>{_("Disk")}</Th><Th>{_("Bus")}</Th><Th>{_("Live")}</Th><Th>{_("IOThread for next boot")}</Th></Tr>
                    </Thead>
                    <Tbody>
                        {diskList.map(d => {
                            const have = next?.disks.find(x => x.target === d.target)?.iothread;
                            const value = disks[d.target] ?? (have === undefined ? "" : String(have));
                            return (
                                <Tr key={d.target} data-row={`disk.${d.target}`}>
                                    <Td dataLabel={_("Disk")}>{d.target}</Td>
                                    <Td dataLabel={_("Bus")}>{d.bus ?? "—"}</Td>
                                    <Td dataLabel={_("Live")} data-side="live">{String(live?.disks.find(x => x.target === d.target)?.iothread ?? "—")}</Td>
                                    <Td dataLabel={_("IOThread for next boot")}>
                                        <FormSelect id={`disk-iothread-${d.target}`} value={value} isDisabled={!vm.persistent}
                                                    aria-label={cockpit.format(_("IOThread of disk $0 for next boot"), d.target)}
                                                    onChange={(_e, v) => setDisks(prev => {
                                                        const out = { ...prev };
                                                        if (v === (have === undefined ? "" : String(have))) delete out[d.target];
                                                        else out[d.target] = v;
                                                        return out;
                                                    })}>
                                            <FormSelectOption value="" label={_("none")} />
                                            {(next?.iothreadIds ?? []).map(id => <FormSelectOption key={id} value={String(id)} label={String(id)} />)}
                                        </FormSelect>
                                    </Td>
                                </Tr>
                            );
                        })}
                    </Tbody>
                </Table>
            )}
        </TuningCardFrame>
    );
}
