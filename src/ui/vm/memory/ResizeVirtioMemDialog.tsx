// "Resize" a virtio-mem device: a new requested size for the sides that have the device (live: the
// guest plugs or unplugs blocks at once; next boot: what it starts with). Only <requested> changes.
import { Notice } from "../../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { Finding, MemoryDevice, Plan, Scope } from "../../../model/types.ts";
import { validateVirtioMemResize } from "../../../model/rules/rules.ts";
import type { VirtioMemRow } from "../../../model/view/virtiomem-view.ts";
import { resizeScopes } from "../../../model/view/virtiomem-view.ts";
import { exactSizeText } from "../../../model/view/memory-view.ts";
import { formatSize } from "../../../model/values/units.ts";
import { Field } from "../../plan/Field.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { ScopeChoice } from "../../plan/ScopeChoice.tsx";

const _ = cockpit.gettext;

export function ResizeVirtioMemDialog({ vm, row, hostCpus, onReview, onClose }: {
    vm: Vm;
    row: VirtioMemRow;
    hostCpus: number;
    onReview: (plan: Plan) => void;
    onClose: () => void;
}) {
    const allowed = resizeScopes(row, vm);
    const [scope, setScope] = useState<Scope>(allowed.includes("both") ? "both" : (allowed[0] ?? "config"));
    const [text, setText] = useState(exactSizeText(row.requested));
    const devices = [scope !== "config" ? row.live : undefined, scope !== "live" ? row.config : undefined]
        .filter((d): d is MemoryDevice => d !== undefined);
    const findings: Finding[] = [];
    let value: number | undefined;
    for (const dev of devices) {
        const r = validateVirtioMemResize(text, dev, scope === "both" ? (dev === row.live ? "live" : "config") : scope, vm.active);
        value = r.value;
        for (const f of r.findings) if (!findings.some(o => o.message === f.message)) findings.push(f);
    }
    const errors = findings.filter(f => f.severity === "error");
    const review = () => {
        if (value !== undefined)
            onReview(planFor(vm, scope, hostCpus, { resizeVirtioMem: [{ device: (row.live ?? row.config) as MemoryDevice, requested: value }] }));
    };
    return (
        <Modal isOpen variant="small" onClose={onClose} id="virtiomem-resize-dialog" aria-labelledby="virtiomem-resize-title">
            <ModalHeader title={cockpit.format(_("Resize virtio-mem device $0"), row.alias ?? row.pci ?? "")} labelId="virtiomem-resize-title" />
            <ModalBody>
                <Form onSubmit={e => { e.preventDefault(); if (!errors.length) review() }}>
                    <Field id="virtiomem-new-requested" label={_("Requested size")} value={text} onChange={setText} findings={findings}
                           help={cockpit.format(_("0 to $0, in steps of $1"), formatSize(row.size), formatSize(row.block ?? 0))} />
                    <FormGroup label={_("Apply to")} fieldId="virtiomem-resize-scope">
                        <ScopeChoice id="virtiomem-resize-scope" value={scope} allowed={allowed} onChange={setScope} />
                    </FormGroup>
                </Form>
                {allowed.length < 3 && vm.active && (
                    <Notice isInline isPlain variant="info" id="virtiomem-resize-sides"
                            title={row.live ? _("This device is not in the next-boot definition: only the running VM changes.") : _("This device is attached for next boot only.")} />
                )}
            </ModalBody>
            <ModalFooter>
                <Button variant="primary" id="virtiomem-resize-review" isDisabled={errors.length > 0 || value === undefined} onClick={review}>{_("Review")}</Button>
                <Button variant="link" id="virtiomem-resize-cancel" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
