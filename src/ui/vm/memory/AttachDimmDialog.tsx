// "Attach memory": size, target guest NUMA cell and scope of a new DIMM, every hotplug precondition
// checked as you type (per side the scope touches); Review hands the plan to the card.
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
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
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { GeneralFindings, GuestNodeAndScope, ReviewCancelFooter } from "./AttachDialogParts.tsx";

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
                    <GuestNodeAndScope prefix="dimm" cells={cells} node={node} onNode={setNode}
                                       scope={scope} allowed={allowed} onScope={setScope} />
                </Form>
                <GeneralFindings prefix="dimm" findings={general} />
            </ModalBody>
            <ReviewCancelFooter prefix="dimm" canReview={errors.length === 0} onReview={review} onClose={onClose} />
        </Modal>
    );
}
