// "The next start would fail for lack of hugepages": on the VM page for that VM, on the overview for
// every VM, where shut-off VMs that fit only one at a time are named too. Mounted only where a VM's next-boot definition asks for hugepages, so no other page reads
// the host's pools; read again when such a VM starts or stops (it takes or gives back pages).
import { Notice } from "../Notice.tsx";
import cockpit from "cockpit";
import { useEffect, useRef } from "react";
import type { Vm } from "../../model/vm/vm.ts";
import { contentionLine, pagesContended, vmsShortOfPages } from "../../model/view/backing-view.ts";
import { useHostHugePages } from "../host/useHostHugePages.ts";
import { useHostInfo } from "../useHostInfo.ts";

const _ = cockpit.gettext;

function usesHugepages(vm: Vm): boolean {
    return (vm.config?.hugepages.length ?? 0) > 0;
}

function Short({ vms, id, overview }: { vms: Vm[]; id: string; overview: boolean }) {
    const { pages, reload } = useHostHugePages();
    const nodes = useHostInfo()?.info?.topology.cells.map(c => c.id);
    const states = vms.map(vm => `${vm.name}:${vm.state}`).join(" ");
    // a start or stop of a VM that uses hugepages moves pages: read the pools again (the hook read them on mount)
    const seen = useRef(states);
    useEffect(() => {
        if (seen.current === states) return;
        seen.current = states;
        reload();
    }, [states, reload]);
    if (!pages || !nodes) return null;
    const short = vmsShortOfPages(vms, pages, nodes);
    const contended = overview ? pagesContended(vms, pages, nodes) : [];
    return (
        <>
            {short.length > 0 && <ShortNotice short={short} id={id} overview={overview} />}
            {contended.length > 0 && (
                <Notice variant="warning" isInline id="overview-pages-contended" title={_("Some VMs fit in the free hugepages only one at a time")}>
                    {contended.map(c => <p key={`${c.sizeKiB}/${c.nodes.join(",")}`}>{contentionLine(c)}</p>)}
                </Notice>
            )}
        </>
    );
}

function ShortNotice({ short, id, overview }: { short: { name: string; reasons: string[] }[]; id: string; overview: boolean }) {
    return (
        <Notice variant="warning" isInline id={id}
                title={overview
                    ? cockpit.format(_("The next start of $0 would fail for lack of hugepages"), short.map(s => s.name).join(", "))
                    : _("The next start of this VM would fail for lack of hugepages")}>
            {short.map(s => s.reasons.map(r => <p key={`${s.name}\n${r}`}>{overview ? `${s.name}: ${r}` : r}</p>))}
        </Notice>
    );
}

/** On the VM page, above the tabs. */
export function VmPagesWarning({ vm }: { vm: Vm }) {
    return usesHugepages(vm) ? <Short vms={[vm]} id="vm-pages-warning" overview={false} /> : null;
}

/** On the overview, above the VM list. */
export function OverviewPagesWarning({ vms }: { vms: readonly Vm[] }) {
    const users = vms.filter(usesHugepages);
    return users.length > 0 ? <Short vms={users} id="overview-pages-warning" overview /> : null;
}
