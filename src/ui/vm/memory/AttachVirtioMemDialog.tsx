// "Attach virtio-mem": size, block size, guest NUMA node, requested size and scope of a new device,
// every precondition checked as you type on each side the scope touches; Review hands the plan over.
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import { configOrLive } from "../../../model/vm/vm.ts";
import type { RuleContext } from "../../../model/rules/rules.ts";
import { validateVirtioMemAttach } from "../../../model/rules/rules.ts";
import type { Finding, Plan, Scope, Tuning } from "../../../model/types.ts";
import { checkHostMemory } from "../../../model/view/memory-view.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { allowedScopes } from "../../plan/ScopeChoice.tsx";
import { GeneralFindings, GuestNodeAndScope, ReviewCancelFooter } from "./AttachDialogParts.tsx";

const _ = cockpit.gettext;

interface Texts { size: string; block: string; requested: string; node: number }

/** The findings on every side the scope touches, each message once. */
function findingsFor(vm: Vm, ctx: RuleContext, scope: Scope, texts: Texts, thpKiB?: number, hostKiB?: number): Finding[] {
    const sides: Tuning[] = [];
    if (scope !== "config" && vm.live) sides.push(vm.live);
    if (scope !== "live" && vm.config) sides.push(vm.config);
    if (sides.length === 0 && configOrLive(vm)) sides.push(configOrLive(vm) as Tuning);
    const out: Finding[] = [];
    for (const t of sides) {
        const r = validateVirtioMemAttach(texts, t, ctx, scope, thpKiB);
        for (const f of [...r.findings, ...checkHostMemory("virtiomem.requested", r.value?.requested, hostKiB)]) {
            if (!out.some(o => o.message === f.message)) out.push(f);
        }
    }
    return out;
}

export function AttachVirtioMemDialog({ vm, ctx, thpKiB, hostKiB, onReview, onClose }: {
    vm: Vm;
    ctx: RuleContext;
    thpKiB?: number | undefined;
    hostKiB?: number | undefined;
    onReview: (plan: Plan) => void;
    onClose: () => void;
}) {
    const allowed = allowedScopes(vm.active, vm.persistent);
    const [scope, setScope] = useState<Scope>(allowed.includes("both") ? "both" : (allowed[0] ?? "config"));
    const cells = configOrLive(vm)?.cpu.cells ?? [];
    const [texts, setTexts] = useState<Texts>({
        size: "512 MiB", block: thpKiB !== undefined && thpKiB > 2048 ? `${thpKiB / 1024} MiB` : "2 MiB", requested: "128 MiB", node: cells[0]?.id ?? 0,
    });
    const set = (key: "size" | "block" | "requested") => (value: string) => setTexts(t => ({ ...t, [key]: value }));
    const findings = findingsFor(vm, ctx, scope, texts, thpKiB, hostKiB);
    const errors = findings.filter(f => f.severity === "error");
    const general = findings.filter(f => !["virtiomem.size", "virtiomem.block", "virtiomem.requested"].includes(f.field));
    const review = () => {
        const r = validateVirtioMemAttach(texts, configOrLive(vm) as Tuning, ctx, scope, thpKiB);
        if (r.value) onReview(planFor(vm, scope, ctx.hostCpus, { attachVirtioMem: [r.value] }));
    };
    return (
        <Modal isOpen variant="small" onClose={onClose} id="virtiomem-attach-dialog" aria-labelledby="virtiomem-attach-title">
            <ModalHeader title={_("Attach virtio-mem")} labelId="virtiomem-attach-title" />
            <ModalBody>
                <Form onSubmit={e => { e.preventDefault(); if (!errors.length) review() }}>
                    <Field id="virtiomem-size" label={_("Size (the most the device can plug)")} value={texts.size} onChange={set("size")}
                           findings={findingsOfField(findings, "virtiomem.size")}
                           help={_("Counts against the hotplug limit in full; a multiple of 128 MiB for Linux guests")} />
                    <Field id="virtiomem-block" label={_("Block size")} value={texts.block} onChange={set("block")}
                           findings={findingsOfField(findings, "virtiomem.block")}
                           help={_("The unit the guest plugs and unplugs: a power of two, at least the host's transparent hugepage size")} />
                    <Field id="virtiomem-requested" label={_("Requested size (plugged now)")} value={texts.requested} onChange={set("requested")}
                           findings={findingsOfField(findings, "virtiomem.requested")}
                           help={_("What the guest is asked to plug; change it later without detaching")} />
                    <GuestNodeAndScope prefix="virtiomem" cells={cells} node={texts.node} onNode={n => setTexts(t => ({ ...t, node: n }))}
                                       scope={scope} allowed={allowed} onScope={setScope} />
                </Form>
                <GeneralFindings prefix="virtiomem" findings={general} />
            </ModalBody>
            <ReviewCancelFooter prefix="virtiomem" canReview={errors.length === 0} onReview={review} onClose={onClose} />
        </Modal>
    );
}
