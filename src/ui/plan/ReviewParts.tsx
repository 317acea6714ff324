// What every Review dialog shows alike, for a VM's plan and for the host's: the refusals, the ordered
// steps with their status and command line, and the Apply / Cancel / Close footer. Element ids are
// the same in both, so tests and keyboard users meet one dialog.
import { Notice } from "../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { ModalFooter } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import cockpit from "cockpit";
import type { ReactNode } from "react";
import type { Finding } from "../../model/types.ts";
import type { StepStatus } from "./usePlanRunner.ts";
import { CommandBlock } from "./CommandBlock.tsx";

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

export function Refusals({ refusals }: { refusals: Finding[] }) {
    if (!refusals.length) return null;
    return (
        <>
            {refusals.map((r, i) => (
                <Notice key={i} isInline isPlain variant={r.severity === "error" ? "danger" : "warning"}
                       title={r.message} data-field={r.field} className="vmtune-refusal" />
            ))}
        </>
    );
}

/** A step as both reviews list it: `command` its kind, `virsh` the line CommandBlock shows. */
interface ReviewStep {
    command: string;
    description: string;
    virsh: string;
    shown?: string | undefined;
}

export function ReviewSteps<S extends ReviewStep>({ steps, statuses, scopeOf, prefixOf, commandLabel }: {
    steps: readonly S[];
    statuses: readonly StepStatus[];
    /** data-scope of a step: live, config, both, or host */
    scopeOf: (step: S) => string;
    /** what goes before the description (the VM's scope label) */
    prefixOf?: ((step: S) => ReactNode) | undefined;
    /** the command block's label for step n (1-based) */
    commandLabel: (n: number) => string;
}) {
    return (
        <List component="ol" id="plan-steps">
            {steps.map((step, i) => (
                <ListItem key={i} data-command={step.command} data-scope={scopeOf(step)}>
                    <Content component="p">
                        {prefixOf?.(step)}{step.description}
                        {" "}<span className="vmtune-muted" data-status={statuses[i] ?? "pending"}>{statusText(statuses[i])}</span>
                    </Content>
                    <CommandBlock id={`plan-step-${i}-command`} step={step} label={commandLabel(i + 1)} />
                </ListItem>
            ))}
        </List>
    );
}

export function ReviewFooter({ finished, running, canApply, onApply, onClose }: {
    finished: boolean;
    running: boolean;
    /** steps to run, nothing refused, and the right to change */
    canApply: boolean;
    onApply: () => void;
    onClose: () => void;
}) {
    return (
        <ModalFooter>
            {!finished && (
                <Button variant="primary" id="plan-apply" isLoading={running} isDisabled={running || !canApply} onClick={onApply}>
                    {_("Apply")}
                </Button>
            )}
            <Button variant={finished ? "primary" : "link"} id="plan-close" isDisabled={running} onClick={onClose}>
                {finished ? _("Close") : _("Cancel")}
            </Button>
        </ModalFooter>
    );
}
