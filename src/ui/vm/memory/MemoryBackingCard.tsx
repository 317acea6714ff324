// <memoryBacking> as a card, for next boot only (a define): hugepages (one size for the VM, or per
// guest cell), KSM opt-out, locked memory, the backend's source, access and allocation, discard. The
// rules run on the definition the change would leave, with the host's pools: a VM whose pages would not
// be there at start is refused here, before anything is sent.
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { definitionAfter } from "../../../model/vm/definition-after.ts";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Grid, GridItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { Finding, Tuning } from "../../../model/types.ts";
import { checkMemoryBacking, pageDemands } from "../../../model/rules/rules.ts";
import type { HostPages } from "../../../model/rules/rules.ts";
import { backingChange } from "../../../model/plan/plan-backing.ts";
import type { BackingDraft } from "../../../model/view/backing-view.ts";
import { backingDraft, demandLine, draftBacking, draftThreads, pagesShowable, sameDraft } from "../../../model/view/backing-view.ts";
import { formatSize } from "../../../model/values/units.ts";
import { Field, findingsOfField } from "../../plan/Field.tsx";
import type { SelectOption } from "../../plan/SelectField.tsx";
import { SelectField } from "../../plan/SelectField.tsx";
import { planFor } from "../../../model/vm/plan-for.ts";
import { TuningCardFrame } from "../../plan/TuningCardFrame.tsx";
import { useHostHugePages } from "../../host/useHostHugePages.ts";
import { useRuleContext } from "../useRuleContext.ts";

const _ = cockpit.gettext;

function sizeLabel(choice: string, host: HostPages | undefined): string {
    if (choice === "default")
        return host ? cockpit.format(_("The host's default size ($0)"), formatSize(host.defaultSizeKiB)) : _("The host's default size");
    return formatSize(Number(choice));
}

/** The sizes offered: the host's, and whatever the definition already names. */
function sizeChoices(host: HostPages | undefined, draft: BackingDraft): string[] {
    const sizes = new Set((host?.pools ?? []).map(p => String(p.sizeKiB)));
    for (const c of [draft.wide, ...Object.values(draft.cells)])
        if (c !== "" && c !== "default") sizes.add(c);
    return ["default", ...[...sizes].sort((a, b) => Number(a) - Number(b))];
}

/** The definition the draft would leave, or why it cannot be written. */
function after(vm: Vm, config: Tuning, wanted: ReturnType<typeof draftBacking>): { tuning: Tuning } | { error: string } {
    const change = backingChange(wanted, config);
    return definitionAfter(vm, config, change === undefined ? undefined : { memoryBacking: change });
}

export function MemoryBackingCard({ vm }: { vm: Vm }) {
    const ctx = useRuleContext(vm);
    const host = useHostHugePages();
    const [edited, setEdited] = useState<BackingDraft>();
    const config = vm.config;
    if (!ctx) return null;
    if (!config) {
        return (
            <TuningCardFrame id="card-backing" title={_("Memory backing")} vm={vm} findings={[]} dirty={false}
                             buildPlan={() => planFor(vm, "config", ctx.hostCpus, {})} onReset={() => undefined}
                             readOnly={vm.configError ?? _("This VM is transient: it has no next-boot definition, and memory backing changes only at boot.")}>
                <span />
            </TuningCardFrame>
        );
    }
    const current = backingDraft(config);
    const draft = edited ?? current;
    const dirty = edited !== undefined && !sameDraft(edited, current);
    const set = (patch: Partial<BackingDraft>) => setEdited({ ...draft, ...patch });
    const showPages = pagesShowable(config);
    const pools = host.pages;
    const wanted = draftBacking(draft, showPages);
    const result = after(vm, config, wanted);
    const threads = draftThreads(draft.threads);
    const findings: Finding[] = [
        ...("error" in threads ? [{ field: "backing.threads", severity: "error" as const, message: threads.error }] : []),
        ...("error" in result ? [{ field: "backing", severity: "error" as const, message: result.error }] : []),
        ...("tuning" in result
            ? checkMemoryBacking(result.tuning, { host: pools, hostNodes: ctx.hostNodes, held: vm.active ? vm.live : undefined, before: config })
            : []),
    ];
    // the fit is checked before anything is sent: no Review of new pages until the pools are read
    const pagesChange = wanted.hugepages !== undefined && wanted.hugepages !== null && backingChange(wanted, config)?.hugepages !== undefined;
    if (pagesChange && !pools && !host.error)
        findings.push({ field: "backing.hugepages", severity: "error", message: _("Reading the host's hugepage pools: the pages are checked against them before Review") });
    if (host.error) findings.push({ field: "backing.host", severity: "warning", message: cockpit.format(_("The host's hugepage pools could not be read: $0"), host.error) });
    const sizes = sizeChoices(pools, draft);
    const sizeOptions = (none: string): SelectOption[] => [{ value: "", label: none }, ...sizes.map(s => ({ value: s, label: sizeLabel(s, pools) }))];
    const needs = "tuning" in result && pools ? pageDemands(result.tuning, ctx.hostNodes, pools.defaultSizeKiB) : [];
    const uses = vm.active && vm.live && pools ? pageDemands(vm.live, ctx.hostNodes, pools.defaultSizeKiB) : [];
    const buildPlan = () => planFor(vm, "config", ctx.hostCpus, { memoryBacking: wanted });
    const reset = () => { setEdited(undefined); host.reload() };

    return (
        <TuningCardFrame id="card-backing" title={_("Memory backing")} vm={vm} findings={findings}
                         fields={f => f === "backing.threads" || f === "backing.hugepages" || f === "backing.source" || f === "backing.access" || f === "backing.allocation"}
                         dirty={dirty} buildPlan={buildPlan} onReset={reset}>
            <Content component="p" className="vmtune-muted" id="backing-scope">
                {vm.active ? _("Next boot: libvirt reads the memory backing when the VM starts. The running VM keeps its memory as it is.") : _("Next boot: libvirt reads the memory backing when the VM starts.")}
            </Content>
            <Form onSubmit={e => e.preventDefault()}>
                <Grid hasGutter md={6} xl={4}>
                    {showPages && (
                        <GridItem>
                            <SelectField id="backing-hugepages" label={_("Hugepages")} value={draft.wide} options={sizeOptions(_("None (normal pages)"))}
                                    onChange={v => set({ wide: v })} findings={findingsOfField(findings, "backing.hugepages")}
                                    help={_("Backs the guest's memory with host hugepages of this size, reserved in the host's pools")} />
                        </GridItem>
                    )}
                    {showPages && config.cpu.cells.map(c => (
                        <GridItem key={c.id}>
                            <SelectField id={`backing-hugepages-cell-${c.id}`} label={cockpit.format(_("Hugepages of guest cell $0 ($1)"), c.id, formatSize(c.memory))}
                                    value={draft.cells[c.id] ?? ""} options={sizeOptions(_("As the VM"))}
                                    onChange={v => set({ cells: { ...draft.cells, [c.id]: v } })} />
                        </GridItem>
                    ))}
                    <GridItem>
                        <SelectField id="backing-source" label={_("Memory source")} value={draft.source}
                                options={[{ value: "", label: _("Not set (libvirt's default)") }, { value: "anonymous", label: _("anonymous") }, { value: "memfd", label: _("memfd") }, { value: "file", label: _("file") }]}
                                onChange={v => set({ source: v as BackingDraft["source"] })} findings={findingsOfField(findings, "backing.source")} />
                    </GridItem>
                    <GridItem>
                        <SelectField id="backing-access" label={_("Memory access")} value={draft.access}
                                options={[{ value: "", label: _("Not set (private)") }, { value: "private", label: _("private") }, { value: "shared", label: _("shared (vhost-user, virtiofs)") }]}
                                onChange={v => set({ access: v as BackingDraft["access"] })} findings={findingsOfField(findings, "backing.access")} />
                    </GridItem>
                    <GridItem>
                        <SelectField id="backing-allocation" label={_("Allocation")} value={draft.allocation}
                                options={[{ value: "", label: _("Not set (libvirt's default)") }, { value: "immediate", label: _("immediate: all at start") }, { value: "ondemand", label: _("on demand: as the guest touches it") }]}
                                onChange={v => set({ allocation: v as BackingDraft["allocation"] })} findings={findingsOfField(findings, "backing.allocation")} />
                    </GridItem>
                    <GridItem>
                        <Field id="backing-threads" label={_("Allocation threads")} value={draft.threads} onChange={v => set({ threads: v })}
                               findings={findingsOfField(findings, "backing.threads")} help={_("Threads that fill the memory at start; empty for QEMU's default")} />
                    </GridItem>
                </Grid>
                <Checkbox id="backing-nosharepages" label={_("Keep out of KSM page sharing (nosharepages)")} isChecked={draft.nosharepages}
                          onChange={(_e, v) => set({ nosharepages: v })} />
                <Checkbox id="backing-locked" label={_("Lock the memory in host RAM (locked: never swapped)")} isChecked={draft.locked}
                          onChange={(_e, v) => set({ locked: v })} />
                <Checkbox id="backing-discard" label={_("Discard the memory's content when the VM stops or memory is unplugged (discard)")} isChecked={draft.discard}
                          onChange={(_e, v) => set({ discard: v })} />
            </Form>
            {!showPages && (
                <Content component="p" className="vmtune-muted" id="backing-pages-unshown">
                    {_("The hugepages of this VM name guest cells it does not have: edit them with virsh edit.")}
                </Content>
            )}
            <div style={{ marginTop: "var(--pf-t--global--spacer--md)" }}>
                {uses.length > 0 && (
                    <Content component="p" id="backing-uses">
                        {_("Now:")} {uses.map(demandLine).join("; ")}
                    </Content>
                )}
                {needs.length > 0 && (
                    <Content component="p" id="backing-needs">
                        {_("At next start:")} {needs.map(demandLine).join("; ")}
                    </Content>
                )}
                {pools && needs.length > 0 && (
                    <Content component="p" className="vmtune-muted" id="backing-free">
                        {pools.pools.filter(p => needs.some(n => n.sizeKiB === p.sizeKiB)).map(p =>
                            cockpit.format(_("Host node $0: $1 of $2 pages of $3 free"), p.node, p.free, p.total, formatSize(p.sizeKiB))).join("; ")}
                    </Content>
                )}
            </div>
        </TuningCardFrame>
    );
}
