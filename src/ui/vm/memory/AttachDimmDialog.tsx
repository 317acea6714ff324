// "Attach memory": size, target guest NUMA cell and scope of a new DIMM, every hotplug precondition
// checked as you type (per side the scope touches); Review hands the plan to the card.
import { Notice } from "../../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import type { RuleContext } from "../../../model/rules/rules.ts";
import type { Finding, Plan, Scope, Tuning } from "../../../model/types.ts";
import { validateDimmAttach } from "../../../model/rules/rules.ts";
import { checkHostMemory } from "../../../model/view/memory-view.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { ScopeChoice, allowedScopes } from "../../plan/ScopeChoice.tsx";

const _ = cockpit.gettext;

/** The findings of an attach on every side the scope touches, each message once. */
export function attachFindings(vm: Vm, ctx: RuleContext, scope: Scope, size: string, node: number, hostKiB?: number): Finding[] {
    const sides: Tuning[] = [];
    if (scope !== "config" && vm.live) sides.push(vm.live);
    if (scope !== "live" && vm.config) sides.push(vm.config);
    if (sides.length === 0 && configOrLive(vm)) sides.push(configOrLive(vm) as Tuning);
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const t of sides) {
        const r = validateDimmAttach({ size, node }, t, ctx, scope);
        for (const f of [...r.findings, ...checkHostMemory("dimm.size", r.value?.size, hostKiB)]) {
            if (seen.has(f.message)) continue;
            seen.add(f.message);
            out.push(f);
        }
    }
    return out;
}

export function AttachDimmDialog({ vm, ctx, hostKiB, onReview, onClose }: {
    vm: Vm;
    ctx: RuleContext;
    hostKiB?: number | undefined;
    onReview: (plan: Plan) => void;
    onClose: () => void;
}) {
    const allowed = allowedScopes(vm.active, vm.persistent);
    const [scope, setScope] = useState<Scope>(allowed.includes("both") ? "both" : (allowed[0] ?? "config"));
    const [size, setSize] = useState("128 MiB");
    const cells = configOrLive(vm)?.cpu.cells ?? [];
    const [node, setNode] = useState(cells[0]?.id ?? 0);
    const findings = attachFindings(vm, ctx, scope, size, node, hostKiB);
    const errors = findings.filter(f => f.severity === "error");
    const general = findings.filter(f => f.field !== "dimm.size");
    const review = () => {
        const r = validateDimmAttach({ size, node }, configOrLive(vm) as Tuning, ctx, scope);
        if (r.value) onReview(planFor(vm, scope, ctx.hostCpus, { attachDimms: [r.value] }));
    };
    return (
        <Modal isOpen variant="small" onClose={onClose} id="dimm-attach-dialog" aria-labelledby="dimm-attach-title">
            <ModalHeader title={_("Attach memory")} labelId="dimm-attach-title" />
            <ModalBody>
                <Form onSubmit={e => { e.preventDefault(); if (!errors.length) review() }}>
                    <Field id="dimm-size" label={_("Size")} value={size} onChange={setSize}
                           findings={findingsOfField(findings, "dimm.size")}
                           help={_("A multiple of 128 MiB for Linux guests (their memory block size)")} />
                    <FormGroup label={_("Guest NUMA node")} fieldId="dimm-node">
                        <FormSelect id="dimm-node" value={String(node)} onChange={(_e, v) => setNode(Number(v))}
                                    isDisabled={cells.length === 0} aria-label={_("Guest NUMA node")}>
                            {cells.length === 0
                                ? <FormSelectOption value="0" label={_("no guest NUMA cells")} />
                                : cells.map(c => <FormSelectOption key={c.id} value={String(c.id)} label={cockpit.format(_("Node $0"), c.id)} />)}
                        </FormSelect>
                    </FormGroup>
                    <FormGroup label={_("Apply to")} fieldId="dimm-scope">
                        <ScopeChoice id="dimm-scope" value={scope} allowed={allowed} onChange={setScope} />
                    </FormGroup>
                </Form>
                <div id="dimm-findings">
                    {general.map((f, i) => (
                        <Notice key={i} isInline isPlain variant={f.severity === "error" ? "danger" : "warning"} title={f.message}
                               data-finding={f.severity} data-field={f.field} />
                    ))}
                </div>
            </ModalBody>
            <ModalFooter>
                <Button variant="primary" id="dimm-attach-review" isDisabled={errors.length > 0} onClick={review}>{_("Review")}</Button>
                <Button variant="link" id="dimm-attach-cancel" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
