// What the rules need about where the VM lives: driver, host CPUs and nodes, cgroup version.
import type { RuleContext } from "../../model/rules/rules.ts";
import type { DomainSnapshot } from "../../libvirt/domain.ts";
import { useHostInfo } from "../useHostInfo.ts";
import { useInventory } from "../useInventory.ts";

export function useRuleContext(vm: DomainSnapshot): RuleContext | undefined {
    const facts = useHostInfo();
    const inventory = useInventory();
    if (!facts?.info)
        return undefined;
    const { topology } = facts.info;
    return {
        driver: inventory.libvirt.connection.driver,
        session: inventory.libvirt.connection.session,
        running: vm.active,
        hostCpus: topology.totalCpus,
        hostNodes: topology.cells.map(c => c.id),
        cgroup: facts.cgroup === 2 ? "v2" : "v1",
    };
}
