// NUMA of one VM: where its memory may live on the host (numatune), its guest NUMA cells (next boot),
// and, while it runs, the affinity the kernel really enforces for its QEMU threads.
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { Vm } from "../../../model/vm/vm.ts";
import { NumatuneCard } from "./NumatuneCard.tsx";
import { GuestCellsCard } from "./GuestCellsCard.tsx";
import { EffectiveAffinityCard } from "./EffectiveAffinityCard.tsx";
import { UnsupportedCard, useUnsupported } from "../UnsupportedCard.tsx";
import { useInventory } from "../../useInventory.ts";
import cockpit from "cockpit";

const _ = cockpit.gettext;

export function NumaTab({ vm }: { vm: Vm }) {
    const noNumatune = useUnsupported("numatune");
    const noCells = useUnsupported("guest-numa");
    // QEMU's pid file is where the system connection keeps it (/run/libvirt/qemu)
    const system = useInventory().libvirt.connection.id === "system";
    return (
        <Stack hasGutter>
            <StackItem>
                {noNumatune ? <UnsupportedCard id="card-numatune" title={_("Host memory placement (numatune)")} reason={noNumatune} /> : <NumatuneCard vm={vm} />}
            </StackItem>
            {noCells
                ? <StackItem><UnsupportedCard id="card-cells" title={_("Guest NUMA cells")} reason={noCells} /></StackItem>
                : vm.persistent && <StackItem><GuestCellsCard vm={vm} /></StackItem>}
            {vm.active && system && <StackItem><EffectiveAffinityCard vm={vm} /></StackItem>}
        </Stack>
    );
}
