// What the rules need about where a VM lives: its connection's driver, the host's CPUs and nodes,
// the cgroup version (it bounds cpu_shares), and whether the VM runs.
import type { HostTopology } from "../host/capabilities.ts";
import type { RuleContext } from "../rules/rules.ts";
import type { Vm, VmConnection } from "./vm.ts";

export function ruleContextFor(vm: Vm, connection: VmConnection, topology: HostTopology, cgroup: 1 | 2 | undefined): RuleContext {
    return {
        driver: connection.driver,
        session: connection.session,
        running: vm.active,
        hostCpus: topology.totalCpus,
        hostNodes: topology.cells.map(c => c.id),
        cgroup: cgroup === 2 ? "v2" : "v1",
    };
}
