// What the two memory attach dialogs (DIMM, virtio-mem) share: the guest NUMA node to plug into, the
// scope, the findings that belong to no single field, and the Review / Cancel footer. `prefix` makes
// the element ids (dimm-node, virtiomem-findings, …) the tests and labels rely on.
import { Notice } from "../../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { ModalFooter } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import cockpit from "cockpit";
import type { Finding, GuestCell, Scope } from "../../../model/types.ts";
import { ScopeChoice } from "../../plan/ScopeChoice.tsx";

const _ = cockpit.gettext;

export function GuestNodeAndScope({ prefix, cells, node, onNode, scope, allowed, onScope }: {
    prefix: string;
    cells: readonly GuestCell[];
    node: number;
    onNode: (node: number) => void;
    scope: Scope;
    allowed: Scope[];
    onScope: (scope: Scope) => void;
}) {
    return (
        <>
            <FormGroup label={_("Guest NUMA node")} fieldId={`${prefix}-node`}>
                <FormSelect id={`${prefix}-node`} value={String(node)} onChange={(_e, v) => onNode(Number(v))}
                            isDisabled={cells.length === 0} aria-label={_("Guest NUMA node")}>
                    {cells.length === 0
                        ? <FormSelectOption value="0" label={_("no guest NUMA cells")} />
                        : cells.map(c => <FormSelectOption key={c.id} value={String(c.id)} label={cockpit.format(_("Node $0"), c.id)} />)}
                </FormSelect>
            </FormGroup>
            <FormGroup label={_("Apply to")} fieldId={`${prefix}-scope`}>
                <ScopeChoice id={`${prefix}-scope`} value={scope} allowed={allowed} onChange={onScope} />
            </FormGroup>
        </>
    );
}

/** Findings about the whole device (not one field's), under the form. */
export function GeneralFindings({ prefix, findings }: { prefix: string; findings: readonly Finding[] }) {
    return (
        <div id={`${prefix}-findings`}>
            {findings.map((f, i) => (
                <Notice key={i} isInline isPlain variant={f.severity === "error" ? "danger" : "warning"} title={f.message}
                       data-finding={f.severity} data-field={f.field} />
            ))}
        </div>
    );
}

export function ReviewCancelFooter({ prefix, canReview, onReview, onClose }: {
    prefix: string;
    canReview: boolean;
    onReview: () => void;
    onClose: () => void;
}) {
    return (
        <ModalFooter>
            <Button variant="primary" id={`${prefix}-attach-review`} isDisabled={!canReview} onClick={onReview}>{_("Review")}</Button>
            <Button variant="link" id={`${prefix}-attach-cancel`} onClick={onClose}>{_("Cancel")}</Button>
        </ModalFooter>
    );
}
