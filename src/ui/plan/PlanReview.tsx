// The review before Apply: ordered steps with scope and the equivalent virsh command (whole, copyable),
// then progress, and the outcome: done, conflict (nothing written), or failure with rollback.
import { Notice } from "../Notice.tsx";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import cockpit from "cockpit";
import type { Plan } from "../../model/types.ts";
import { hintFor } from "../../model/view/hints.ts";
import { displayedLine } from "../../model/view/step-display.ts";
import type { Vm } from "../../model/vm/vm.ts";
import type { PlanRun } from "./usePlanRunner.ts";
import { scopeLabel } from "./ScopeChoice.tsx";
import { CommandBlock } from "./CommandBlock.tsx";
import { Refusals, ReviewFooter, ReviewSteps } from "./ReviewParts.tsx";
import { useAccess } from "../access/useAccess.ts";
import { PerfOutcome } from "./PerfOutcome.tsx";

const _ = cockpit.gettext;

export function Outcome({ run }: { run: PlanRun }) {
    const { outcome, error } = run;
    if (error)
        return <Notice isInline variant="danger" title={_("Could not apply")} id="apply-error">{error}</Notice>;
    if (!outcome) return null;
    if (outcome.kind === "done")
        return (
            <>
                <Notice isInline variant="success" title={_("Applied; read back from libvirt")} id="apply-done" />
                {outcome.adjusted.length > 0 && (
                    <Notice isInline variant="warning" id="apply-adjusted" title={_("libvirt stored the definition differently from what was sent:")}>
                        <List>{outcome.adjusted.slice(0, 12).map(c => <ListItem key={c}>{c}</ListItem>)}</List>
                    </Notice>
                )}
            </>
        );
    if (outcome.kind === "conflict")
        return (
            <Notice isInline variant="warning" id="apply-conflict"
                   title={_("The VM was changed by someone else since this page read it. Nothing was written.")}>
                <Content component="p">{_("What changed:")}</Content>
                <List>{outcome.changes.slice(0, 12).map(c => <ListItem key={c}>{c}</ListItem>)}</List>
                <Content component="p">{_("The page now shows the new values; review your change again.")}</Content>
            </Notice>
        );
    const hint = hintFor(outcome.message);
    return (
        <Notice isInline variant="danger" id="apply-failed" title={cockpit.format(_("Step failed: $0"), outcome.failedStep.description)}>
            <CommandBlock id="apply-failed-command" step={outcome.failedStep}
                          label={_("The command that failed")} />
            <Content component="p" className="vmtune-libvirt-message">{outcome.message}</Content>
            {hint && <Content component="p">{hint}</Content>}
            {outcome.undone.length > 0 && outcome.notRestored.length === 0 &&
                <Content component="p">{cockpit.format(_("$0 earlier steps were undone; the VM is as it was."), outcome.undone.length)}</Content>}
            {outcome.redefined &&
                <Content component="p" id="apply-redefined">{_("The next-boot definition was saved again as it was before the apply.")}</Content>}
            {outcome.undoFailures.map(f => (
                <Content component="p" key={f.step.virsh}>
                    {cockpit.format(_("Could not undo $0: $1"), displayedLine(f.step), f.message)}
                </Content>
            ))}
            {outcome.notRestored.length > 0 && (
                <div id="apply-not-restored">
                    <Content component="p">{_("The VM is not exactly as it was before. What still differs:")}</Content>
                    <List>{outcome.notRestored.map(c => <ListItem key={c}>{c}</ListItem>)}</List>
                </div>
            )}
        </Notice>
    );
}

export function PlanReview({ vm, plan, run, onClose }: {
    vm: Vm;
    plan: Plan;
    run: PlanRun;
    onClose: () => void;
}) {
    const finished = run.outcome !== undefined || run.error !== undefined;
    // a review opened before the session lost its right to change (or by a card that forgot) never applies
    const readOnly = useAccess().readOnly;
    const restart = plan.steps.some(s => s.needsRestart);
    // a plan with a refused part is never applied in part: what is left may rely on what was refused
    const refused = plan.refusals.some(r => r.severity === "error");
    // before/after figures: a running QEMU VM and a change that reaches it now; gone on a conflict or failure
    const measured = vm.active && vm.connection.driver === "qemu" && plan.steps.some(s => s.scope !== "config") &&
        !run.error && (run.outcome === undefined || run.outcome.kind === "done");
    return (
        <Modal isOpen variant="medium" onClose={run.running ? undefined : onClose} id="plan-review"
               aria-labelledby="plan-review-title">
            <ModalHeader title={cockpit.format(_("Review changes to $0"), vm.name)} labelId="plan-review-title" />
            <ModalBody>
                <Refusals refusals={plan.refusals} />
                <ReviewSteps steps={plan.steps} statuses={run.statuses} scopeOf={step => step.scope}
                             prefixOf={step => <><strong>{scopeLabel(step.scope)}</strong>{" · "}</>}
                             commandLabel={n => cockpit.format(_("virsh command of step $0"), n)} />
                {restart && <Notice isInline isPlain variant="info" title={_("Some changes take effect at the next boot of the VM.")} />}
                {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                <Outcome run={run} />
                {measured && <PerfOutcome vm={vm} startedAt={run.startedAt} finishedAt={run.finishedAt} />}
            </ModalBody>
            <ReviewFooter finished={finished} running={run.running}
                          canApply={plan.steps.length > 0 && !refused && readOnly === undefined}
                          onApply={() => { void run.apply(vm, plan.steps) }} onClose={onClose} />
        </Modal>
    );
}
