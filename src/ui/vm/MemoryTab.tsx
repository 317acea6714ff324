// Memory of one VM: balloon, maximum and hotplug limit with the memory picture, memtune, and the
// memory modules (DIMMs). One card per job, each with its own review → apply.
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { BalloonCard } from "./memory/BalloonCard.tsx";
import { DimmCard } from "./memory/DimmCard.tsx";
import { MemtuneCard } from "./memory/MemtuneCard.tsx";

export function MemoryTab({ vm }: { vm: DomainSnapshot }) {
    return (
        <Stack hasGutter>
            <StackItem><BalloonCard vm={vm} /></StackItem>
            <StackItem><MemtuneCard vm={vm} /></StackItem>
            <StackItem><DimmCard vm={vm} /></StackItem>
        </Stack>
    );
}
