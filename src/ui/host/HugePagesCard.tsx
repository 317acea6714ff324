// The host's hugepage pools per NUMA node and page size: total, free, surplus, the size's
// reservations, and which VMs take pages from each; where hugetlbfs is mounted (QEMU needs a mount
// of each size it uses) and how to mount it when it is not. A pool's size is changed through a
// reviewed plan (allocpages), read back after: the kernel may give fewer pages than asked.
import { Notice } from "../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardFooter, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Flex, FlexItem } from "../layout.tsx";
import { Table, Tbody, Td, Th, Thead, Tr } from "../table.tsx";
import cockpit from "cockpit";
import { useEffect, useMemo, useState } from "react";
import type { HostHugePages, HugePagePool } from "../../model/host/hugepages.ts";
import { mountsNotUsed } from "../../model/host/hugepages.ts";
import { mountsUsedByLibvirt } from "../../host/hugepages.ts";
import type { HugePageUser } from "../../model/host/hugepage-users.ts";
import { sizesWithoutMount, usersOfPool } from "../../model/host/hugepage-users.ts";
import type { PoolChange } from "../../model/host/hugepage-plan.ts";
import { planHugePages, poolField, poolFindings } from "../../model/host/hugepage-plan.ts";
import type { HostPlan } from "../../model/host/host-plan.ts";
import type { HostReading } from "../../model/host/host-values.ts";
import { formatSize } from "../../model/values/units.ts";
import { useInventory, useInventoryState } from "../useInventory.ts";
import { useHostHugePages } from "./useHostHugePages.ts";
import { useHostPlanRunner } from "./useHostPlanRunner.ts";
import { useHostWriteAccess } from "./useHostWriteAccess.ts";
import { HostPlanReview } from "./HostPlanReview.tsx";
import { hugePageUsers, memorySides } from "../../model/vm/host-memory.ts";

const _ = cockpit.gettext;

/** hugetlbfs's pagesize= option for a size ("2M", "1G") */
function sizeOption(sizeKiB: number): string {
    return sizeKiB % 1048576 === 0 ? `${sizeKiB / 1048576}G` : sizeKiB % 1024 === 0 ? `${sizeKiB / 1024}M` : `${sizeKiB}K`;
}

function mountPoint(sizeKiB: number, pages: HostHugePages): string {
    return sizeKiB === pages.defaultSizeKiB ? "/dev/hugepages" : `/dev/hugepages${sizeOption(sizeKiB)}`;
}

function MountNotice({ pages, users }: { pages: HostHugePages; users: readonly HugePageUser[] }) {
    const missing = sizesWithoutMount(pages, users);
    if (missing.length === 0 && pages.mounts.length > 0)
        return (
            <Content component="p" id="hugetlbfs-mounts">
                {_("hugetlbfs mounted at:")}{" "}
                {pages.mounts.map(m => `${m.path} (${formatSize(m.pageSizeKiB)})`).join(", ")}
            </Content>
        );
    const title = pages.mounts.length === 0
        ? _("hugetlbfs is not mounted: QEMU cannot back a VM's memory with huge pages")
        : cockpit.format(_("No hugetlbfs is mounted for $0 pages: a VM asking for them cannot start"), missing.map(formatSize).join(", "));
    const sizes = missing.length > 0 ? missing : [pages.defaultSizeKiB];
    return (
        <Notice isInline variant={missing.length > 0 ? "warning" : "info"} id="hugetlbfs-missing" title={title}>
            <Content component="p">{_("libvirt gives QEMU huge pages through a hugetlbfs mount of each page size, found when libvirtd starts (or named by hugetlbfs_mount in /etc/libvirt/qemu.conf). As root, mount one and restart libvirtd:")}</Content>
            {sizes.map(size => (
                <pre key={size} className="vmtune-command-text" data-size={size}>
                    {`mkdir -p ${mountPoint(size, pages)}\nmount -t hugetlbfs -o pagesize=${sizeOption(size)} hugetlbfs ${mountPoint(size, pages)}`}
                </pre>
            ))}
            <Content component="p">{_("To keep it after a reboot, add the mount to /etc/fstab (systemd hosts mount /dev/hugepages for the default size already).")}</Content>
        </Notice>
    );
}

/** Mounts libvirt has not taken up (no libvirt/qemu directory in them): made after libvirtd started. */
function UnusedMounts({ pages }: { pages: HostHugePages }) {
    const system = useInventory().libvirt.connection.id === "system";
    const paths = pages.mounts.map(m => m.path).join("\n");
    const [used, setUsed] = useState<Set<string>>();
    useEffect(() => {
        if (!system) return;
        let current = true;
        void mountsUsedByLibvirt(paths ? paths.split("\n") : []).then(u => { if (current) setUsed(u) });
        return () => { current = false };
    }, [paths, system]);
    const unused = used ? mountsNotUsed(pages, used) : [];
    if (unused.length === 0) return null;
    return (
        <Notice isInline variant="warning" id="hugetlbfs-unused"
                title={cockpit.format(_("libvirt does not use hugetlbfs at $0: it was mounted after libvirtd started"),
                                      unused.map(m => `${m.path} (${formatSize(m.pageSizeKiB)})`).join(", "))}>
            <Content component="p">{_("libvirt looks for hugetlbfs mounts only when it starts. Restart it (systemctl restart libvirtd, or virtqemud where the daemons are modular); running VMs keep running.")}</Content>
        </Notice>
    );
}

function PoolRow({ pool, reserved, users, draft, onDraft, findings, disabled }: {
    pool: HugePagePool;
    reserved: number | undefined;
    users: HugePageUser[];
    draft: string | undefined;
    onDraft: (value: string) => void;
    findings: ReturnType<typeof poolFindings>;
    disabled: boolean;
}) {
    const id = `pool-${pool.node}-${pool.sizeKiB}`;
    const error = findings.some(f => f.severity === "error");
    return (
        <Tr data-node={pool.node} data-size={pool.sizeKiB} className="vmtune-hugepage-pool">
            <Td dataLabel={_("Node")}>{pool.node}</Td>
            <Td dataLabel={_("Page size")}>{formatSize(pool.sizeKiB)}</Td>
            <Td dataLabel={_("Pages")}>
                <TextInput id={id} value={draft ?? String(pool.total)} onChange={(_e, v) => onDraft(v)} isDisabled={disabled}
                           validated={error ? "error" : findings.length ? "warning" : "default"} style={{ maxWidth: "10ch" }}
                           aria-label={cockpit.format(_("Pages of $0 on node $1"), formatSize(pool.sizeKiB), pool.node)}
                           aria-describedby={`${id}-helper`} data-total={pool.total} />
                <HelperText id={`${id}-helper`}>
                    {findings.map(f => (
                        <HelperTextItem key={f.message} variant={f.severity === "error" ? "error" : "warning"} data-finding={f.severity}>{f.message}</HelperTextItem>
                    ))}
                </HelperText>
            </Td>
            <Td dataLabel={_("Free")} data-field="free">{pool.free}</Td>
            <Td dataLabel={_("Surplus")} data-field="surplus">{pool.surplus}</Td>
            <Td dataLabel={_("Reserved (all nodes)")} data-field="reserved">{reserved ?? "—"}</Td>
            <Td dataLabel={_("Used by")} data-field="users">
                {users.length === 0 ? "—" : users.map(u => cockpit.format(u.running ? _("$0 ($1 pages, running)") : _("$0 ($1 pages at start)"), u.vm, u.pages)).join(", ")}
            </Td>
        </Tr>
    );
}

export function HugePagesCard() {
    const { pages, error, reload } = useHostHugePages();
    const { domains } = useInventoryState();
    const readOnly = useHostWriteAccess();
    const [drafts, setDrafts] = useState<Record<string, string>>({});
    const [review, setReview] = useState<{ plan: HostPlan; seen: HostReading }>();
    const run = useHostPlanRunner();
    // a VM whose memory is bound to no node may take pages from any node that has pools
    const users = useMemo(() => pages ? hugePageUsers(memorySides(domains), [...new Set(pages.pools.map(p => p.node))], pages.defaultSizeKiB) : [],
                          [pages, domains]);
    const changes: PoolChange[] = pages
        ? pages.pools.flatMap(p => {
            const draft = drafts[poolField(p.node, p.sizeKiB)];
            if (draft === undefined || draft.trim() === String(p.total)) return [];
            // "" and anything not a plain number are refused by the rules, not dropped
            return [{ node: p.node, sizeKiB: p.sizeKiB, total: /^\s*\d+\s*$/.test(draft) ? Number(draft) : Number.NaN }];
        })
        : [];
    const ctx = pages ? { pages, users } : undefined;
    const findings = ctx ? changes.flatMap(c => poolFindings(c, ctx)) : [];
    const close = () => {
        if (run.outcome?.kind === "done") setDrafts({});
        if (run.outcome) reload();
        setReview(undefined);
        run.reset();
    };
    return (
        <Card isCompact id="host-hugepages">
            <CardTitle>{_("Huge pages")}</CardTitle>
            <CardBody>
                {!pages && !error && <Skeleton screenreaderText={_("Reading the hugepage pools")} />}
                {error && <Notice isInline variant="danger" id="hugepages-error" title={error} />}
                {pages && pages.pools.length === 0 && (
                    <Notice isInline variant="info" id="hugepages-none" title={_("This kernel offers no huge pages (no hugetlb support).")} />
                )}
                {pages && pages.pools.length > 0 && (
                    <>
                        <Content component="p">{_("Pools of huge pages per host node and page size. A VM with huge page backing takes its memory from them at start; pages in a pool are not available for anything else.")}</Content>
                        <MountNotice pages={pages} users={users} />
                        <UnusedMounts pages={pages} />
                        {readOnly && <Notice isInline isPlain variant="info" title={readOnly} className="vmtune-readonly" />}
                        <Table id="hugepage-pools" aria-label={_("Huge page pools")}>
                            <Thead>
                                <Tr>
                                    <Th>{_("Node")}</Th><Th>{_("Page size")}</Th><Th>{_("Pages")}</Th><Th>{_("Free")}</Th>
                                    <Th>{_("Surplus")}</Th><Th>{_("Reserved (all nodes)")}</Th><Th>{_("Used by")}</Th>
                                </Tr>
                            </Thead>
                            <Tbody>
                                {pages.pools.map(p => (
                                    <PoolRow key={`${p.node}/${p.sizeKiB}`} pool={p} reserved={pages.reservedBySize[p.sizeKiB]}
                                             users={usersOfPool(users, p.node, p.sizeKiB)} disabled={readOnly !== undefined}
                                             draft={drafts[poolField(p.node, p.sizeKiB)]}
                                             onDraft={v => setDrafts(d => ({ ...d, [poolField(p.node, p.sizeKiB)]: v }))}
                                             findings={findings.filter(f => f.field === poolField(p.node, p.sizeKiB))} />
                                ))}
                            </Tbody>
                        </Table>
                    </>
                )}
            </CardBody>
            {pages && pages.pools.length > 0 && !readOnly && (
                <CardFooter>
                    <Flex>
                        <FlexItem>
                            <Button variant="primary" id="host-hugepages-review"
                                    isDisabled={changes.length === 0 || findings.some(f => f.severity === "error")}
                                    onClick={() => ctx && setReview({ plan: planHugePages(changes, ctx), seen: { pages } })}>
                                {_("Review")}
                            </Button>
                        </FlexItem>
                        <FlexItem>
                            <Button variant="link" id="host-hugepages-reset" isDisabled={Object.keys(drafts).length === 0} onClick={() => setDrafts({})}>{_("Reset")}</Button>
                        </FlexItem>
                        <FlexItem>
                            <Button variant="link" id="host-hugepages-reload" onClick={reload}>{_("Read again")}</Button>
                        </FlexItem>
                    </Flex>
                </CardFooter>
            )}
            {review && (
                <HostPlanReview title={_("Review changes to the host's huge pages")} plan={review.plan} seen={review.seen}
                                run={run} readOnly={readOnly} onClose={close} />
            )}
        </Card>
    );
}
