// The review of a host plan (hugepage pools, KSM), in the VM review's form and with its element ids:
// the refusals, each step with its equivalent command line, Apply, and the outcome read back from the
// host (the kernel may give fewer huge pages than asked), a conflict (nothing written) or a failure
// with what was undone.
import { Notice } from "../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import cockpit from "cockpit";
import type { HostPlan } from "../../model/host/host-plan.ts";
import { planRefused } from "../../model/host/host-plan.ts";
import type { HostReading } from "../../model/host/host-values.ts";
import { describeDifference } from "../../model/host/host-values.ts";
import type { StepStatus } from "../plan/usePlanRunner.ts";
import { CommandBlock } from "../plan/CommandBlock.tsx";
import { Refusals } from "../plan/PlanReview.tsx";
import type { HostPlanRun } from "./useHostPlanRunner.ts";

const _ = cockpit.gettext;

function statusText(status: StepStatus | undefined): string {
    switch (status) {
    case "running": return _("running…");
    case "done": return _("done");
    case "undoing": return _("undoing…");
    case "undone": return _("undone");
    default: return "";
    }
}

function HostOutcome({ run }: { run: HostPlanRun }) {
    const { outcome, error } = run;
    if (error)
        return <Notice isInline variant="danger" title={_("Could not apply")} id="apply-error">{error}</Notice>;
    if (!outcome) return null;
    if (outcome.kind === "done")
        return outcome.short.length === 0
            ? <Notice isInline variant="success" title={_("Applied; read back from the host")} id="apply-done" />
            : (
                <Notice isInline variant="warning" id="apply-done" data-short="true"
                        title={_("Applied, but the host reads back otherwise than asked:")}>
                    <List id="apply-short">{outcome.short.map(d => <ListItem key={d.target}>{describeDifference(d, "short")}</ListItem>)}</List>
                </Notice>
            );
    if (outcome.kind === "conflict")
        return (
            <Notice isInline variant="warning" id="apply-conflict"
                   title={_("The host was changed by someone else since this page read it. Nothing was written.")}>
                <List>{outcome.changes.map(d => <ListItem key={d.target}>{describeDifference(d, "changed")}</ListItem>)}</List>
                <Content component="p">{_("The page now shows the new values; review your change again.")}</Content>
            </Notice>
        );
    return (
        <Notice isInline variant="danger" id="apply-failed" title={cockpit.format(_("Step failed: $0"), outcome.failedStep.description)}>
            <CommandBlock id="apply-failed-command" step={outcome.failedStep} label={_("The command that failed")} />
            <Content component="p" className="vmtune-libvirt-message">{outcome.message}</Content>
            {outcome.undone.length > 0 && outcome.notRestored.length === 0 &&
                <Content component="p">{cockpit.format(_("$0 earlier steps were undone; the host is as it was."), outcome.undone.length)}</Content>}
            {outcome.undoFailures.map((f, i) => (
                <Content component="p" key={i}>{cockpit.format(_("Could not undo $0: $1"), f.step.virsh, f.message)}</Content>
            ))}
            {outcome.notRestored.length > 0 && (
                <div id="apply-not-restored">
                    <Content component="p">{_("The host is not exactly as it was before. What still differs:")}</Content>
                    <List>{outcome.notRestored.map(d => <ListItem key={d.target}>{describeDifference(d, "not-restored")}</ListItem>)}</List>
                </div>
            )}
        </Notice>
    );
}

export function HostPlanReview({ title, plan, seen, run, readOnly, onClose }: {
    title: string;
    plan: HostPlan;
    /** the host as read for this review: the apply stops if what it writes changed since */
    seen: HostReading;
    run: HostPlanRun;
    readOnly?: string | undefined;
    onClose: () => void;
}) {
    const finished = run.outcome !== undefined || run.error !== undefined;
    const refused = planRefused(plan);
    return (
        <Modal isOpen variant="medium" onClose={run.running ? undefined : onClose} id="plan-review"
               aria-labelledby="plan-review-title">
            <ModalHeader title={title} labelId="plan-review-title" />
            <ModalBody>
                <Refusals refusals={plan.refusals} />
                <List component="ol" id="plan-steps">
                    {plan.steps.map((step, i) => (
                        <ListItem key={i} data-command={step.command} data-scope="host">
                            <Content component="p">
                                {step.description}
                                {" "}<span className="vmtune-muted" data-status={run.statuses[i] ?? "pending"}>{statusText(run.statuses[i])}</span>
                            </Content>
                            <CommandBlock id={`plan-step-${i}-command`} step={step}
                                          label={cockpit.format(_("Command of step $0"), i + 1)} />
                        </ListItem>
                    ))}
                </List>
                {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                <HostOutcome run={run} />
            </ModalBody>
            <ModalFooter>
                {!finished && (
                    <Button variant="primary" id="plan-apply" isLoading={run.running}
                            isDisabled={run.running || plan.steps.length === 0 || refused || readOnly !== undefined}
                            onClick={() => { void run.apply(seen, plan.steps) }}>
                        {_("Apply")}
                    </Button>
                )}
                <Button variant={finished ? "primary" : "link"} id="plan-close" isDisabled={run.running} onClick={onClose}>
                    {finished ? _("Close") : _("Cancel")}
                </Button>
            </ModalFooter>
        </Modal>
    );
}
