// NUMA of one VM: where its memory may live on the host (numatune), its guest NUMA cells (next boot),
// and, while it runs, the affinity the kernel really enforces for its QEMU threads.
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { NumatuneCard } from "./numa/NumatuneCard.tsx";
import { GuestCellsCard } from "./numa/GuestCellsCard.tsx";
import { EffectiveAffinityCard } from "./numa/EffectiveAffinityCard.tsx";

export function NumaTab({ vm }: { vm: DomainSnapshot }) {
    return (
        <Stack hasGutter>
            <StackItem><NumatuneCard vm={vm} /></StackItem>
            {vm.persistent && <StackItem><GuestCellsCard vm={vm} /></StackItem>}
            {vm.active && <StackItem><EffectiveAffinityCard vm={vm} /></StackItem>}
        </Stack>
    );
}
