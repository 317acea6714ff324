// The inventory's VMs as the placement model takes them; its own file so that the Performance tab
// can use it without pulling the host page's placement card into its chunk.
import type { Vm } from "../../model/vm/vm.ts";
import { configOrLive } from "../../model/vm/vm.ts";
import type { PlacedVm } from "../../model/placement/placement.ts";

export function placedVms(domains: Vm[]): PlacedVm[] {
    const out: PlacedVm[] = [];
    for (const d of domains) {
        const config = configOrLive(d);
        if (config) out.push({ name: d.name, running: d.active, live: d.live, config });
    }
    return out;
}
