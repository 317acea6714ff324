// The balloon's policy as a card: deflate on out of memory (autodeflate) and free page reporting, both
// attributes of <memballoon> that QEMU reads when the VM starts: next boot only, one define, reviewed.
// Viewing never writes (like the statistics period beside it).
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import type { Vm } from "../../../model/vm/vm.ts";
import type { DesiredTuning } from "../../../model/plan/plan-types.ts";
import type { Finding } from "../../../model/types.ts";
import type { BalloonPolicy, BalloonPolicyKey } from "../../../model/rules/rules.ts";
import { checkBalloonPolicy } from "../../../model/rules/rules.ts";
import { findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { useDraft } from "../../plan/useDraft.ts";
import { useHostInfo } from "../../useHostInfo.ts";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;
const KEYS: readonly BalloonPolicyKey[] = ["autodeflate", "freePageReporting"];
const IDS: Record<BalloonPolicyKey, string> = { autodeflate: "balloon-autodeflate", freePageReporting: "balloon-free-page-reporting" };

function onOffText(v: boolean | undefined): string {
    return v ? "on" : "off";
}

export function BalloonPolicyCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const libvirtVersion = useHostInfo()?.info?.libvirtVersion;
    // next boot only: the definition a define replaces (a transient VM has none)
    const config = vm.persistent ? vm.config : undefined;
    const current: Record<BalloonPolicyKey, string> = {
        autodeflate: onOffText(config?.memballoon?.autodeflate),
        freePageReporting: onOffText(config?.memballoon?.freePageReporting),
    };
    const draft = useDraft<BalloonPolicyKey>(current);
    if (!ctx || ctx.driver === "lxc" || (vm.persistent && !config)) return null;

    const policy: BalloonPolicy = {};
    for (const k of KEYS) {
        const text = draft.text(k);
        // off removes the attribute (QEMU's default) rather than writing off='off'
        if (draft.edits[k] !== undefined && text !== current[k]) policy[k] = text === "on" ? true : null;
    }
    const findings: Finding[] = config ? checkBalloonPolicy(policy, config, ctx.driver, libvirtVersion) : [];
    const desired: DesiredTuning = Object.keys(policy).length > 0 ? { memballoon: policy } : {};
    const live = vm.active ? vm.live?.memballoon : undefined;
    const labels: Record<BalloonPolicyKey, string> = {
        autodeflate: _("Deflate on out of memory (autodeflate)"),
        freePageReporting: _("Free page reporting"),
    };
    const help: Record<BalloonPolicyKey, string> = {
        autodeflate: _("When the guest runs out of memory, its balloon gives memory back before the guest's kernel kills a process: the guest may then use more than the current memory set here."),
        freePageReporting: _("The guest reports pages it freed, and the host takes them back: the VM's resident memory follows what the guest uses (libvirt 6.9 or newer)."),
    };

    return (
        <TuningCardFrame id="card-balloon-policy" title={_("Balloon policy")} vm={vm}
                    readOnly={vm.persistent ? undefined : _("This VM is transient: it has no next-boot definition to hold the balloon's policy.")}
                    findings={findings} fields={f => KEYS.some(k => f === `memballoon.${k}`)}
                    dirty={draft.dirty} buildPlan={() => planFor(vm, "config", ctx.hostCpus, desired)} onReset={draft.reset}>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6}>
                    {KEYS.map(k => {
                        const finding = findingsOfField(findings, `memballoon.${k}`)[0];
                        const liveText = live !== undefined && onOffText(live[k]) !== current[k]
                            ? cockpit.format(_("Live: $0"), live[k] ? _("on") : _("off"))
                            : undefined;
                        return (
                            <GridItem key={k}>
                                <FormGroup label={labels[k]} fieldId={IDS[k]}>
                                    <FormSelect id={IDS[k]} value={draft.text(k)} onChange={(_e, v) => draft.set(k, v)}
                                                validated={finding ? "error" : "default"} aria-describedby={`${IDS[k]}-helper`}>
                                        <FormSelectOption value="off" label={_("Off")} />
                                        <FormSelectOption value="on" label={_("On")} />
                                    </FormSelect>
                                    <FormHelperText>
                                        <HelperText id={`${IDS[k]}-helper`}>
                                            {finding
                                                ? <HelperTextItem variant="error" data-finding={finding.severity}>{finding.message}</HelperTextItem>
                                                : <HelperTextItem>{liveText ? `${liveText}. ${help[k]}` : help[k]}</HelperTextItem>}
                                        </HelperText>
                                    </FormHelperText>
                                </FormGroup>
                            </GridItem>
                        );
                    })}
                </Grid>
            </Form>
            <p className="vmtune-muted" id="balloon-policy-boot">
                {vm.active
                    ? _("Next boot: QEMU reads these when the VM starts; the running VM keeps its own until it is shut down and started again.")
                    : _("Next boot: QEMU reads these when the VM starts.")}
            </p>
        </TuningCardFrame>
    );
}
