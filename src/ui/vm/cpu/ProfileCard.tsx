// The CPU profile of one VM: what its settings amount to now (live and next boot), and Dedicated /
// Dedicated with isolated threads / Shared applied as one reviewed plan. The host CPUs come from the
// placement model (every VM's live and next-boot pins, the host's isolation where read); when nothing
// fits, the reason blocks Review, so nothing is sent.
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import cockpit from "cockpit";
import { useMemo, useState } from "react";
import type { Finding, Scope } from "../../../model/types.ts";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import { formatCpuset } from "../../../model/values/cpuset.ts";
import { hostIsolation } from "../../../model/host/isolation.ts";
import type { ProfileKind } from "../../../model/placement/profile-fit.ts";
import { fitDedicated, floatingOver } from "../../../model/placement/profile-fit.ts";
import { detectProfile } from "../../../model/placement/profile-detect.ts";
import { dedicatedDesired, sharedDesired } from "../../../model/placement/profile-desired.ts";
import type { ProfileParts } from "../../../model/vm/plan-profile.ts";
import { planProfile } from "../../../model/vm/plan-profile.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { useHostInfo } from "../../useHostInfo.ts";
import { useInventoryState } from "../../useInventory.ts";
import { placedVms } from "../../host/placed-vms.ts";
import { useHostIsolation } from "../../host/useHostIsolation.ts";
import { profileLabel } from "../../profile-label.ts";
import { UnsupportedCard, useUnsupported } from "../UnsupportedCard.tsx";

const _ = cockpit.gettext;

type Choice = "" | Exclude<ProfileKind, "custom">;

interface Proposal {
    parts?: ProfileParts | undefined;
    findings: Finding[];
    vcpus?: string | undefined;
    helpers?: string | undefined;
    memory?: string | undefined;
    notes: string[];
}

export function ProfileCard({ vm }: { vm: Vm }) {
    const host = useHostInfo()?.info?.topology;
    const { domains } = useInventoryState();
    const iso = useHostIsolation();
    // a profile pins CPUs and binds memory: a connection that can do neither gets the reason instead
    const noPins = useUnsupported("vcpupin");
    const noNumatune = useUnsupported("numatune");
    const [choice, setChoice] = useState<Choice>("");
    // numatune's mode never changes live: next boot is where a whole profile lands; Both pins now as well
    const [scope, setScope] = useState<Scope>(vm.persistent ? "config" : "live");
    const others = useMemo(() => placedVms(domains), [domains]);
    const isolated = useMemo(() => (iso.sources && host ? hostIsolation(iso.sources, host.totalCpus).isolated : undefined), [iso.sources, host]);

    const config = configOrLive(vm);
    const proposal = useMemo((): Proposal => {
        if (!host || !config || choice === "")
            return { findings: [], notes: [] };
        if (choice === "shared") {
            const s = sharedDesired(vm.active ? vm.live : undefined, config, host);
            return { parts: { pins: s.live, nextBoot: s.nextBoot, pinsLiveOnly: true }, findings: [], notes: s.notes };
        }
        const me = { name: vm.name, running: vm.active, live: vm.live, config };
        const fit = fitDedicated(me, host, others, { isolatedThreads: choice === "dedicated-isolated", hostIsolated: isolated });
        if (!fit.fits)
            return { findings: [{ field: "@profile", severity: "error", message: fit.reason }], notes: [] };
        const d = dedicatedDesired(fit, config);
        const floating = floatingOver(vm.name, fit.vcpuCpus, others, host.totalCpus);
        const findings: Finding[] = floating.map(f => ({
            field: "@profile-floating", severity: "warning",
            message: cockpit.format(_("$0 is not pinned off CPUs $1: its vCPUs still run there. Give it a profile or pins on other CPUs (Dedicated, or the Pinning card), or keep these CPUs for pinned threads with isolcpus."),
                                    f.vm, formatCpuset(f.cpus)),
        }));
        return {
            parts: { pins: d.pins, nextBoot: d.nextBoot },
            findings,
            vcpus: fit.vcpuCpus.map((cpu, v) => cockpit.format(_("vCPU $0 → CPU $1"), v, cpu)).join(", "),
            helpers: d.pins.emulatorpin ?? "",
            memory: cockpit.format(_("strict on host nodes $0"), formatCpuset(fit.nodes)),
            notes: d.notes,
        };
    }, [host, config, choice, vm, others, isolated]);

    const unsupported = noPins ?? noNumatune;
    if (unsupported) return <UnsupportedCard id="card-profile" title={_("Profile")} reason={unsupported} />;
    if (!host || !config) return null;
    const now = (t: typeof config | undefined) => (t ? profileLabel(detectProfile(t, host)) : "—");
    const explain: Record<Exclude<Choice, "">, string> = {
        "dedicated": _("Each vCPU (up to the maximum) on a host CPU of its own on one node (or one node per guest NUMA cell), the emulator and IOThreads on the node's other CPUs, memory strict to the node, no page merging (nosharepages)."),
        "dedicated-isolated": _("As Dedicated, and each guest core on a whole host core: no other VM's vCPU runs on a sibling thread of the chosen cores."),
        "shared": _("Back to floating: every pin goes, with the dedicated-vCPU hint and nosharepages; the memory's NUMA tuning goes only when it is what Dedicated sets."),
    };
    return (
        <TuningCardFrame id="card-profile" title={_("Profile")} vm={vm} scope={scope} onScope={setScope}
                         findings={proposal.findings} dirty={choice !== ""}
                         buildPlan={() => (proposal.parts ? planProfile(vm, scope, host.totalCpus, proposal.parts) : { steps: [], refusals: [] })}
                         onReset={() => setChoice("")}>
            <DescriptionList isHorizontal isCompact id="profile-current">
                {vm.active && (
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Live")}</DescriptionListTerm>
                        <DescriptionListDescription data-side="live">{now(vm.live)}</DescriptionListDescription>
                    </DescriptionListGroup>
                )}
                {vm.persistent && (
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Next boot")}</DescriptionListTerm>
                        <DescriptionListDescription data-side="config">{now(vm.config)}</DescriptionListDescription>
                    </DescriptionListGroup>
                )}
            </DescriptionList>
            <FormSelect id="profile-choice" value={choice} aria-label={_("Apply a profile")} onChange={(_e, v) => setChoice(v as Choice)}>
                <FormSelectOption value="" label={_("Apply a profile…")} />
                {(["dedicated", "dedicated-isolated", "shared"] as const).map(k => <FormSelectOption key={k} value={k} label={profileLabel(k)} />)}
            </FormSelect>
            {choice !== "" && <Content component="p" id="profile-explanation">{explain[choice]}</Content>}
            {proposal.vcpus !== undefined && (
                <DescriptionList isHorizontal isCompact id="profile-details">
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("vCPU pins")}</DescriptionListTerm>
                        <DescriptionListDescription data-field="vcpupin">{proposal.vcpus}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Emulator and IOThreads")}</DescriptionListTerm>
                        <DescriptionListDescription data-field="emulatorpin">{proposal.helpers}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Memory")}</DescriptionListTerm>
                        <DescriptionListDescription data-field="numatune">{proposal.memory}</DescriptionListDescription>
                    </DescriptionListGroup>
                </DescriptionList>
            )}
            {proposal.notes.map((n, i) => <Content key={i} component="p" className="vmtune-muted" data-note>{n}</Content>)}
            {choice !== "" && choice !== "shared" && (
                <Content component="p" className="vmtune-muted">
                    {_("The memory mode, nosharepages and the hint change only for next boot; Both also pins the running VM now.")}
                </Content>
            )}
        </TuningCardFrame>
    );
}
