// Thread scheduling as a card: a policy per vCPU, IOThread and the emulator (fifo and rr with a
// priority; batch, idle, or the host's default), next boot only (libvirt applies <vcpusched> and its
// siblings when QEMU starts): one define, reviewed. The rules say what real-time threads need on this
// host (a CPU of their own per the placement map, a CPU left without them), with its RT throttling.
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "../../table.tsx";
import cockpit from "cockpit";
import { useMemo } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { Finding, SchedPolicy, Tuning } from "../../../model/types.ts";
import { SCHED_POLICIES } from "../../../model/types.ts";
import type { SchedSet } from "../../../model/rules/rules.ts";
import { checkThreadSched, isRealtime } from "../../../model/rules/rules.ts";
import type { ThreadPolicy } from "../../../model/view/sched-rows.ts";
import { policyOf, schedList } from "../../../model/view/sched-rows.ts";
import { rtThrottleText } from "../../../model/host/rt-throttle.ts";
import type { DesiredTuning } from "../../../model/plan/plan-types.ts";
import { Field } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { useInventoryState } from "../../useInventory.ts";
import { placedVms } from "../../host/placed-vms.ts";
import { useRuleContext } from "../useRuleContext.ts";
import { useRtThrottle } from "./useRtThrottle.ts";
import { useTaskSched } from "./useTaskSched.ts";
import { livePolicyText } from "../../../model/host/task-sched.ts";

const _ = cockpit.gettext;

interface Thread {
    /** draft key and element id part: vcpu-0, iothread-1, emulator */
    key: string;
    label: string;
    pin: string | undefined;
}

function threadsOf(t: Tuning): Thread[] {
    const out: Thread[] = [];
    for (let id = 0; id < t.vcpu.max; id++)
        out.push({ key: `vcpu-${id}`, label: cockpit.format(_("vCPU $0"), id), pin: t.cputune.vcpupin.find(p => p.id === id)?.cpuset ?? t.vcpu.cpuset });
    out.push({ key: "emulator", label: _("Emulator"), pin: t.cputune.emulatorpin ?? t.vcpu.cpuset });
    for (const id of t.iothreadIds)
        out.push({ key: `iothread-${id}`, label: cockpit.format(_("IOThread $0"), id), pin: t.cputune.iothreadpin.find(p => p.id === id)?.cpuset ?? t.vcpu.cpuset });
    return out;
}

function policyText(p: ThreadPolicy | undefined): [string, string] {
    return [p?.scheduler ?? "", p?.priority === undefined ? "" : String(p.priority)];
}

function policyLabel(p: SchedPolicy): string {
    switch (p) {
    case "fifo": return _("fifo (real-time, first in first out)");
    case "rr": return _("rr (real-time, round robin)");
    case "batch": return _("batch (long, CPU-bound work)");
    case "idle": return _("idle (only when nothing else runs)");
    }
}

export function SchedCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const host = useHostInfo()?.info?.topology;
    const { domains } = useInventoryState();
    const others = useMemo(() => placedVms(domains), [domains]);
    const rt = useRtThrottle();
    const now = useTaskSched(vm);
    // next boot only: the definition a define replaces (a transient VM has none)
    const config = vm.persistent ? vm.config : undefined;
    const threads = config ? threadsOf(config) : [];
    const current: Record<string, string> = {};
    const policyAt = (key: string): ThreadPolicy | undefined => {
        if (!config) return undefined;
        const [kind, id] = key.split("-");
        if (kind === "vcpu") return policyOf(config.cputune.vcpusched, Number(id));
        if (kind === "iothread") return policyOf(config.cputune.iothreadsched, Number(id));
        const e = config.cputune.emulatorsched;
        return e === undefined ? undefined : e.priority === undefined ? { scheduler: e.scheduler } : { scheduler: e.scheduler, priority: e.priority };
    };
    for (const t of threads) {
        const [policy, priority] = policyText(policyAt(t.key));
        current[`${t.key}.policy`] = policy;
        current[`${t.key}.priority`] = priority;
    }
    const draft = useDraft<string>(current);
    if (!ctx || ctx.driver === "lxc" || !host || (vm.persistent && !config)) return null;

    const findings: Finding[] = [];
    // the draft's policy of each thread; a priority that is no number is said under its field
    const wanted = (key: string): ThreadPolicy | undefined => {
        const scheduler = draft.text(`${key}.policy`);
        if (!(SCHED_POLICIES as readonly string[]).includes(scheduler)) return undefined;
        const text = draft.text(`${key}.priority`).trim();
        if (scheduler !== "fifo" && scheduler !== "rr") return { scheduler: scheduler as SchedPolicy };
        return /^\d+$/.test(text) ? { scheduler: scheduler as SchedPolicy, priority: Number(text) } : { scheduler: scheduler as SchedPolicy };
    };
    for (const t of threads) {
        const p = wanted(t.key);
        const text = draft.text(`${t.key}.priority`).trim();
        if (p !== undefined && isRealtime({ scheduler: p.scheduler }) && !/^\d+$/.test(text))
            findings.push({ field: `${t.key}.priority`, severity: "error", message: _("A real-time policy needs a priority from 1 (lowest) to 99") });
    }
    const edited = threads.some(t => [`${t.key}.policy`, `${t.key}.priority`].some(k => draft.edits[k] !== undefined && draft.edits[k] !== current[k]));
    let desired: DesiredTuning = {};
    if (config && edited) {
        const vcpuIds = [...Array(config.vcpu.max).keys()];
        const sched: SchedSet = {
            vcpusched: schedList(config.cputune.vcpusched, vcpuIds, id => wanted(`vcpu-${id}`)),
            iothreadsched: schedList(config.cputune.iothreadsched, config.iothreadIds, id => wanted(`iothread-${id}`)),
            emulatorsched: wanted("emulator"),
        };
        // a priority that is no number is said under its field, not once more by the rules
        if (findings.length === 0)
            findings.push(...checkThreadSched(vm.name, sched, config, { host, vms: others, rt: rt ?? undefined }));
        desired = { sched: { vcpusched: [...sched.vcpusched], iothreadsched: [...sched.iothreadsched], emulatorsched: sched.emulatorsched ?? null } };
    }

    // what the kernel has now, read from /proc (a running VM only)
    const nowText = (key: string): string => {
        const task = now.byThread?.get(key);
        return task ? livePolicyText(task) : "—";
    };

    return (
        <TuningCardFrame id="card-sched" title={_("Thread scheduling")} vm={vm}
                    readOnly={vm.persistent ? undefined : _("This VM is transient: it has no next-boot definition to hold the scheduling policies.")}
                    findings={findings} fields={f => f.endsWith(".priority")}
                    dirty={draft.dirty} buildPlan={() => planFor(vm, "config", ctx.hostCpus, desired)} onReset={draft.reset}>
            <p className="vmtune-muted" id="sched-rt-throttle">
                {rt === undefined ? _("Reading the host's real-time throttling…")
                    : rt === null ? _("The host's real-time throttling could not be read (/proc/sys/kernel/sched_rt_runtime_us).")
                        : rtThrottleText(rt)}
            </p>
            <Table aria-label={_("Thread scheduling")} id="sched-table">
                <Thead>
                    <Tr>
                        <Th>{_("Thread")}</Th><Th>{_("Pinned to (next boot)")}</Th>
                        {vm.active && <Th>{_("Now (from /proc)")}</Th>}
                        <Th>{_("Policy")}</Th><Th>{_("Priority")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {threads.map(t => {
                        const realtime = isRealtime({ scheduler: draft.text(`${t.key}.policy`) as SchedPolicy });
                        return (
                            <Tr key={t.key} data-row={t.key}>
                                <Td dataLabel={_("Thread")}>{t.label}</Td>
                                <Td dataLabel={_("Pinned to (next boot)")}>{t.pin ?? _("not pinned")}</Td>
                                {vm.active && (
                                    <Td dataLabel={_("Now (from /proc)")} data-now>
                                        {nowText(t.key)}
                                    </Td>
                                )}
                                <Td dataLabel={_("Policy")}>
                                    <FormSelect id={`sched-${t.key}-policy`} value={draft.text(`${t.key}.policy`)} aria-label={cockpit.format(_("$0 policy"), t.label)}
                                                onChange={(_e, v) => draft.set(`${t.key}.policy`, v)}>
                                        <FormSelectOption value="" label={_("Default (the host's normal scheduler)")} />
                                        {SCHED_POLICIES.map(p => <FormSelectOption key={p} value={p} label={policyLabel(p)} />)}
                                    </FormSelect>
                                </Td>
                                <Td dataLabel={_("Priority")}>
                                    {realtime
                                        ? <Field id={`sched-${t.key}-priority`} label={cockpit.format(_("$0 priority"), t.label)} width={6}
                                                 value={draft.text(`${t.key}.priority`)} onChange={v => draft.set(`${t.key}.priority`, v)}
                                                 findings={findings.filter(f => f.field === `${t.key}.priority`)} help={_("1 to 99")} />
                                        : "—"}
                                </Td>
                            </Tr>
                        );
                    })}
                </Tbody>
            </Table>
            {now.error && <p className="vmtune-muted" id="sched-now-error">{cockpit.format(_("The threads' policies now could not be read: $0"), now.error)}</p>}
            <p className="vmtune-muted" id="sched-boot">
                {_("Next boot: libvirt sets these policies on the threads when the VM starts. Real-time vCPUs need host CPUs of their own: pin them first (Pinning).")}
            </p>
        </TuningCardFrame>
    );
}
