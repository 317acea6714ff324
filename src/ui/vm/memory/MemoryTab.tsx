// Memory of one VM: balloon, maximum and hotplug limit with the memory picture, memtune, and the
// memory modules (DIMMs). One card per job, each with its own review → apply.
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { Vm } from "../../../model/vm/vm.ts";
import { BalloonCard } from "./BalloonCard.tsx";
import { BalloonPolicyCard } from "./BalloonPolicyCard.tsx";
import { DimmCard } from "./DimmCard.tsx";
import { MemtuneCard } from "./MemtuneCard.tsx";
import { VirtioMemCard } from "./VirtioMemCard.tsx";
import { MemoryBackingCard } from "./MemoryBackingCard.tsx";
import { UnsupportedCard, useUnsupported } from "../UnsupportedCard.tsx";
import cockpit from "cockpit";

const _ = cockpit.gettext;

export function MemoryTab({ vm }: { vm: Vm }) {
    const noMemtune = useUnsupported("memtune");
    const noDimm = useUnsupported("dimm");
    const noBacking = useUnsupported("memory-backing");
    return (
        <Stack hasGutter>
            <StackItem><BalloonCard vm={vm} /></StackItem>
            <StackItem><BalloonPolicyCard vm={vm} /></StackItem>
            <StackItem>
                {noMemtune ? <UnsupportedCard id="card-memtune" title={_("Memory limits (memtune)")} reason={noMemtune} /> : <MemtuneCard vm={vm} />}
            </StackItem>
            <StackItem>{noBacking ? <UnsupportedCard id="card-backing" title={_("Memory backing")} reason={noBacking} /> : <MemoryBackingCard vm={vm} />}</StackItem>
            <StackItem>
                {noDimm ? <UnsupportedCard id="card-dimms" title={_("Memory modules (DIMM hotplug)")} reason={noDimm} /> : <DimmCard vm={vm} />}
            </StackItem>
            {!noDimm && <StackItem><VirtioMemCard vm={vm} /></StackItem>}
        </Stack>
    );
}
