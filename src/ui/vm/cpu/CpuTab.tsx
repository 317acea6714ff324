// CPU of one VM: its profile, scheduler, vCPU count and topology, pinning, IOThreads, CPU model and thread scheduling.
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { Vm } from "../../../model/vm/vm.ts";
import { SchedulerCard } from "./SchedulerCard.tsx";
import { VcpuCard } from "./VcpuCard.tsx";
import { PinningCard } from "./PinningCard.tsx";
import { IothreadsCard } from "./IothreadsCard.tsx";
import { CpuModelCard } from "./CpuModelCard.tsx";
import { SchedCard } from "./SchedCard.tsx";
import { ProfileCard } from "./ProfileCard.tsx";
import { UnsupportedCard, useUnsupported } from "../UnsupportedCard.tsx";
import cockpit from "cockpit";

const _ = cockpit.gettext;

export function CpuTab({ vm }: { vm: Vm }) {
    const noScheduler = useUnsupported("scheduler");
    const noPinning = useUnsupported("vcpupin");
    return (
        <Stack hasGutter>
            <StackItem><ProfileCard vm={vm} /></StackItem>
            <StackItem>
                {noScheduler ? <UnsupportedCard id="card-scheduler" title={_("Scheduler")} reason={noScheduler} /> : <SchedulerCard vm={vm} />}
            </StackItem>
            <StackItem><VcpuCard vm={vm} /></StackItem>
            <StackItem>
                {noPinning ? <UnsupportedCard id="card-pinning" title={_("Pinning")} reason={noPinning} /> : <PinningCard vm={vm} />}
            </StackItem>
            <StackItem><IothreadsCard vm={vm} /></StackItem>
            <StackItem><CpuModelCard vm={vm} /></StackItem>
            <StackItem><SchedCard vm={vm} /></StackItem>
        </Stack>
    );
}
