// The frame every tuning card shares: title, scope choice, the fields, findings, and Review → Apply.
import { Notice } from "../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Flex, FlexItem } from "../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { ReactNode } from "react";
import type { Finding, Plan, Scope } from "../../model/types.ts";
import type { Vm } from "../../model/vm/vm.ts";
import { ScopeChoice, allowedScopes } from "./ScopeChoice.tsx";
import { PlanReview } from "../views.tsx";
import { usePlanRunner } from "./usePlanRunner.ts";
import { useAccess } from "../access/useAccess.ts";

const _ = cockpit.gettext;

export interface TuningCardFrameProps {
    id: string;
    title: string;
    vm: Vm;
    scope?: Scope | undefined;
    onScope?: ((scope: Scope) => void) | undefined;
    /** every finding of the draft: any error blocks Review */
    findings: Finding[];
    /** finding fields that a Field on the card shows itself; the card lists the others */
    fields?: (field: string) => boolean;
    dirty: boolean;
    /** the plan for the current draft; called when the user asks for the review */
    buildPlan: () => Plan;
    onReset: () => void;
    /** why nothing can be changed here, when that is so */
    readOnly?: string | undefined;
    children: ReactNode;
}

export function TuningCardFrame({ id, title, vm, scope, onScope, findings, fields = f => !f.startsWith("@"), dirty, buildPlan, onReset, readOnly: ownReason, children }: TuningCardFrameProps) {
    // the card's own reason (e.g. LXC), else the session's (no right to change)
    const access = useAccess();
    const readOnly = ownReason ?? access.readOnly;
    // the VM as it was when the plan was made: the apply compares against it, not against a newer read
    const [review, setReview] = useState<{ plan: Plan; seen: Vm }>();
    const run = usePlanRunner();
    const errors = findings.filter(f => f.severity === "error");
    // an edited card is likely to be reviewed: the dialog's code comes now rather than on the click
    if (dirty) PlanReview.preload();
    const close = () => {
        if (run.outcome?.kind === "done") onReset();
        setReview(undefined);
        run.reset();
    };
    return (
        <Card id={id} isCompact>
            <CardHeader {...(scope && onScope
                ? {
                    actions: {
                        actions: <ScopeChoice id={`${id}-scope`} value={scope} onChange={onScope} isDisabled={readOnly !== undefined}
                                              allowed={allowedScopes(vm.active, vm.persistent)} />,
                        hasNoOffset: true,
                    },
                }
                : {})}>
                <CardTitle>{title}</CardTitle>
            </CardHeader>
            <CardBody>
                {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                {/* a disabled fieldset disables every control of the card at once */}
                <fieldset disabled={readOnly !== undefined} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
                    {children}
                </fieldset>
                {findings.filter(f => !fields(f.field)).map((f, i) => (
                    <Notice key={i} isInline isPlain variant={f.severity === "error" ? "danger" : "warning"} title={f.message} />
                ))}
            </CardBody>
            {!readOnly && (
                <CardFooter>
                    <Flex>
                        <FlexItem>
                            <Button variant="primary" id={`${id}-review`} isDisabled={!dirty || errors.length > 0}
                                    onClick={() => setReview({ plan: buildPlan(), seen: vm })}>
                                {_("Review")}
                            </Button>
                        </FlexItem>
                        <FlexItem>
                            <Button variant="link" id={`${id}-reset`} isDisabled={!dirty} onClick={onReset}>{_("Reset")}</Button>
                        </FlexItem>
                    </Flex>
                </CardFooter>
            )}
            {review && <PlanReview vm={review.seen} plan={review.plan} run={run} onClose={close} />}
        </Card>
    );
}
