// KSM on the host: whether ksmd merges (sysfs run), what it shares and saves, and its settings through
// libvirt's node memory parameters (node-memory-tune), changed through a reviewed plan. Merging
// across nodes is explained against the VMs whose memory is pinned to host nodes.
import { Notice } from "../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import { Flex, FlexItem } from "../layout.tsx";
import cockpit from "cockpit";
import { useMemo, useState } from "react";
import type { KsmContext, KsmRun, KsmSettings, KsmState } from "../../model/host/ksm.ts";
import { ksmFindings, ksmSavedKiB, mergeAcrossNodesExplained, planKsm } from "../../model/host/ksm.ts";
import type { HostPlan } from "../../model/host/host-plan.ts";
import type { HostReading } from "../../model/host/host-values.ts";
import { formatSize } from "../../model/values/units.ts";
import { Field, findingsOfField } from "../plan/Field.tsx";
import { useHostInfo } from "../useHostInfo.ts";
import { useInventoryState } from "../useInventory.ts";
import { useKsm } from "./useKsm.ts";
import { useHostPlanRunner } from "./useHostPlanRunner.ts";
import { useHostWriteAccess } from "./useHostWriteAccess.ts";
import { HostPlanReview } from "./HostPlanReview.tsx";
import { pinnedMemory } from "../../model/vm/host-memory.ts";

const _ = cockpit.gettext;

interface Draft {
    run?: KsmRun | undefined;
    pagesToScan?: string | undefined;
    sleepMillisecs?: string | undefined;
    mergeAcrossNodes?: boolean | undefined;
}

function runText(run: KsmRun): string {
    return run === 1 ? _("Running: ksmd merges identical pages")
        : run === 2 ? _("Stopped, every shared page unmerged")
            : _("Stopped (pages merged before stay shared)");
}

/** A field's number, or NaN for anything that is not a plain whole number (the rules say why). */
function wholeNumber(text: string): number {
    return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

function wanted(ksm: KsmState, draft: Draft): KsmSettings {
    return {
        run: draft.run ?? ksm.run,
        pagesToScan: draft.pagesToScan === undefined ? ksm.pagesToScan : wholeNumber(draft.pagesToScan),
        sleepMillisecs: draft.sleepMillisecs === undefined ? ksm.sleepMillisecs : wholeNumber(draft.sleepMillisecs),
        mergeAcrossNodes: draft.mergeAcrossNodes ?? ksm.mergeAcrossNodes,
    };
}

function Counters({ ksm }: { ksm: KsmState }) {
    const item = (id: string, term: string, value: string) => (
        <DescriptionListGroup>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription id={id}>{value}</DescriptionListDescription>
        </DescriptionListGroup>
    );
    return (
        <DescriptionList isHorizontal isCompact id="ksm-counters">
            {item("ksm-state", _("State"), runText(ksm.run))}
            {item("ksm-pages-shared", _("Shared pages"), String(ksm.pagesShared))}
            {item("ksm-pages-sharing", _("Pages sharing them"), String(ksm.pagesSharing))}
            {item("ksm-saved", _("Memory saved"), formatSize(ksmSavedKiB(ksm)))}
            {item("ksm-pages-unshared", _("Pages unique, scanned again"), String(ksm.pagesUnshared))}
            {item("ksm-pages-volatile", _("Pages changing too fast to merge"), String(ksm.pagesVolatile))}
            {item("ksm-full-scans", _("Full scans"), String(ksm.fullScans))}
        </DescriptionList>
    );
}

export function KsmCard() {
    const { ksm, error, reload } = useKsm();
    const facts = useHostInfo();
    const { domains } = useInventoryState();
    const readOnly = useHostWriteAccess();
    const [draft, setDraft] = useState<Draft>({});
    const [review, setReview] = useState<{ plan: HostPlan; seen: HostReading }>();
    const run = useHostPlanRunner();
    const ctx: KsmContext = useMemo(() => ({
        hostNodes: facts?.info?.topology.cells.length ?? 1,
        pinned: pinnedMemory(domains),
    }), [facts, domains]);
    const dirty = Object.values(draft).some(v => v !== undefined);
    const want = ksm ? wanted(ksm, draft) : undefined;
    const findings = ksm && want && dirty ? ksmFindings(ksm, want, ctx) : [];
    const close = () => {
        if (run.outcome?.kind === "done") setDraft({});
        if (run.outcome) reload();
        setReview(undefined);
        run.reset();
    };
    return (
        <Card isCompact id="host-ksm">
            <CardTitle>{_("Kernel same-page merging (KSM)")}</CardTitle>
            <CardBody>
                {ksm === undefined && !error && <Skeleton screenreaderText={_("Reading KSM")} />}
                {error && <Notice isInline variant="danger" id="ksm-error" title={error} />}
                {ksm === null && <Notice isInline variant="info" id="ksm-none" title={_("libvirt reports no KSM on this host (a kernel without it).")} />}
                {ksm && want && (
                    <>
                        <Content component="p">{_("KSM merges identical memory pages of VMs into one copy-on-write page, trading CPU time for memory. Huge pages and VMs with nosharepages are never merged.")}</Content>
                        <Counters ksm={ksm} />
                        {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                        <Form isHorizontal onSubmit={e => e.preventDefault()} style={{ maxWidth: "80ch" }}>
                            <fieldset disabled={readOnly !== undefined} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
                                <FormGroup label={_("Run")} fieldId="ksm-run">
                                    <FormSelect id="ksm-run" value={String(want.run)} style={{ maxWidth: "40ch" }}
                                                onChange={(_e, v) => setDraft(d => ({ ...d, run: Number(v) === ksm.run ? undefined : Number(v) as KsmRun }))}>
                                        <FormSelectOption value="1" label={_("Merge (1)")} />
                                        <FormSelectOption value="0" label={_("Stop, keep merged pages (0)")} />
                                        <FormSelectOption value="2" label={_("Stop and unmerge every page (2)")} />
                                    </FormSelect>
                                </FormGroup>
                                <Field id="ksm-pages-to-scan" label={_("Pages to scan per pass")} width={12}
                                       value={draft.pagesToScan ?? String(ksm.pagesToScan)}
                                       onChange={v => setDraft(d => ({ ...d, pagesToScan: v.trim() === String(ksm.pagesToScan) ? undefined : v }))}
                                       findings={findingsOfField(findings, "ksm-pages-to-scan")} />
                                <Field id="ksm-sleep" label={_("Pause between passes (ms)")} width={12}
                                       value={draft.sleepMillisecs ?? String(ksm.sleepMillisecs)}
                                       onChange={v => setDraft(d => ({ ...d, sleepMillisecs: v.trim() === String(ksm.sleepMillisecs) ? undefined : v }))}
                                       findings={findingsOfField(findings, "ksm-sleep")} />
                                <FormGroup label={_("Across NUMA nodes")} fieldId="ksm-merge">
                                    <Checkbox id="ksm-merge" label={_("Merge identical pages of different host nodes")} isChecked={want.mergeAcrossNodes}
                                              onChange={(_e, v) => setDraft(d => ({ ...d, mergeAcrossNodes: v === ksm.mergeAcrossNodes ? undefined : v }))}
                                              description={<span id="ksm-merge-explained">{mergeAcrossNodesExplained(want, ctx)}</span>} />
                                </FormGroup>
                            </fieldset>
                        </Form>
                        {findings.filter(f => f.field === "ksm-merge" || f.field === "ksm-run").map(f => (
                            <Notice key={f.message} isInline isPlain variant={f.severity === "error" ? "danger" : "warning"} title={f.message} data-field={f.field} />
                        ))}
                    </>
                )}
            </CardBody>
            {ksm && !readOnly && (
                <CardFooter>
                    <Flex>
                        <FlexItem>
                            <Button variant="primary" id="host-ksm-review" isDisabled={!dirty || findings.some(f => f.severity === "error")}
                                    onClick={() => want && setReview({ plan: planKsm(ksm, want, ctx), seen: { ksm } })}>
                                {_("Review")}
                            </Button>
                        </FlexItem>
                        <FlexItem>
                            <Button variant="link" id="host-ksm-reset" isDisabled={!dirty} onClick={() => setDraft({})}>{_("Reset")}</Button>
                        </FlexItem>
                    </Flex>
                </CardFooter>
            )}
            {review && (
                <HostPlanReview title={_("Review changes to KSM")} plan={review.plan} seen={review.seen}
                                run={run} readOnly={readOnly} onClose={close} />
            )}
        </Card>
    );
}
