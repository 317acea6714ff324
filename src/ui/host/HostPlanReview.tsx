// The review of a host plan (hugepage pools, KSM), in the VM review's form and with its element ids:
// the refusals, each step with its equivalent command line, Apply, and the outcome read back from the
// host (the kernel may give fewer huge pages than asked), a conflict (nothing written) or a failure
// with what was undone.
import { Notice } from "../Notice.tsx";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import cockpit from "cockpit";
import type { HostPlan } from "../../model/host/host-plan.ts";
import { planRefused } from "../../model/host/host-plan.ts";
import type { HostReading } from "../../model/host/host-values.ts";
import { describeDifference } from "../../model/host/host-values.ts";
import { CommandBlock } from "../plan/CommandBlock.tsx";
import { Refusals, ReviewFooter, ReviewSteps } from "../plan/ReviewParts.tsx";
import type { HostPlanRun } from "./useHostPlanRunner.ts";

const _ = cockpit.gettext;

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
                <ReviewSteps steps={plan.steps} statuses={run.statuses} scopeOf={() => "host"}
                             commandLabel={n => cockpit.format(_("Command of step $0"), n)} />
                {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                <HostOutcome run={run} />
            </ModalBody>
            <ReviewFooter finished={finished} running={run.running}
                          canApply={plan.steps.length > 0 && !refused && readOnly === undefined}
                          onApply={() => { void run.apply(seen, plan.steps) }} onClose={onClose} />
        </Modal>
    );
}
