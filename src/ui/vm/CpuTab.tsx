// CPU of one VM: scheduler, vCPU count and topology, and pinning.
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { SchedulerCard } from "./SchedulerCard.tsx";
import { VcpuCard } from "./VcpuCard.tsx";
import { PinningCard } from "./PinningCard.tsx";

export function CpuTab({ vm }: { vm: DomainSnapshot }) {
    return (
        <Stack hasGutter>
            <StackItem><SchedulerCard vm={vm} /></StackItem>
            <StackItem><VcpuCard vm={vm} /></StackItem>
            <StackItem><PinningCard vm={vm} /></StackItem>
        </Stack>
    );
}
