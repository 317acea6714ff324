// What the guest kernel itself has online, through the guest agent; and the reason when no agent answers.
import { Notice } from "../../Notice.tsx";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Flex, FlexItem } from "../../layout.tsx";
import cockpit from "cockpit";
import { useCallback, useEffect, useState } from "react";
import type { Vm } from "../../../model/vm/vm.ts";
import type { GuestVcpus as GuestState } from "../../../libvirt/guest-agent.ts";
import { readGuestVcpus, setGuestVcpus } from "../../../libvirt/guest-agent.ts";
import { formatCpuset } from "../../../model/values/cpuset.ts";
import { useInventory } from "../../useInventory.ts";
import { useAccess } from "../../access/useAccess.ts";

const _ = cockpit.gettext;

export function GuestVcpus({ vm }: { vm: Vm }) {
    const inventory = useInventory();
    // onlining a vCPU changes the guest: only with the session's right to change VMs
    const readOnly = useAccess().readOnly !== undefined;
    const [state, setState] = useState<GuestState>();
    const [error, setError] = useState<string>();
    const vcpusNow = vm.live?.vcpu.current;

    const refresh = useCallback(() => readGuestVcpus(inventory.libvirt, vm.path).then(setState), [inventory, vm.path]);
    useEffect(() => { void refresh() }, [refresh, vcpusNow]);

    if (!vm.active || !state) return null;
    if (!state.available)
        return (
            <Notice isInline isPlain variant="info" id="guest-agent-unavailable"
                   title={_("Guest-side CPU online/offline is unavailable: no guest agent answers.")}>
                {cockpit.format(_("Install qemu-guest-agent in the guest and add a guest agent channel (org.qemu.guest_agent.0) to the VM. libvirt says: $0"), state.reason)}
            </Notice>
        );
    const offline = state.vcpus.filter(v => !state.online.includes(v));
    const toggle = (vcpus: number[], online: boolean) =>
        setGuestVcpus(inventory.libvirt, vm.path, vcpus, online).then(refresh, (e: unknown) => setError(String((e as Error).message ?? e)));
    return (
        <Flex id="guest-agent-vcpus" alignItems={{ default: "alignItemsCenter" }}>
            <FlexItem>
                {cockpit.format(_("Online in the guest: $0; offline: $1"), formatCpuset(state.online) || "—", formatCpuset(offline) || "—")}
            </FlexItem>
            {offline.length > 0 && (
                <FlexItem><Button variant="secondary" id="guest-vcpus-online" isDisabled={readOnly} onClick={() => void toggle(offline, true)}>{_("Online all in the guest")}</Button></FlexItem>
            )}
            {state.offlinable.length > 0 && (
                <FlexItem>
                    <Button variant="secondary" id="guest-vcpus-offline" isDisabled={readOnly} onClick={() => void toggle(state.offlinable.slice(-1), false)}>
                        {cockpit.format(_("Offline vCPU $0 in the guest"), state.offlinable.at(-1) ?? "")}
                    </Button>
                </FlexItem>
            )}
            {error && <FlexItem><Notice isInline isPlain variant="danger" title={error} /></FlexItem>}
        </Flex>
    );
}
