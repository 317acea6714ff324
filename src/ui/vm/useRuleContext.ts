// The rule context for a VM on the page: the pure builder (model/vm/rule-context.ts) fed with the host
// facts this connection's hooks read.
import type { RuleContext } from "../../model/rules/rules.ts";
import type { Vm } from "../../model/vm/vm.ts";
import { ruleContextFor } from "../../model/vm/rule-context.ts";
import { useHostInfo } from "../useHostInfo.ts";
import { useInventory } from "../useInventory.ts";

export function useRuleContext(vm: Vm): RuleContext | undefined {
    const facts = useHostInfo();
    const inventory = useInventory();
    if (!facts?.info)
        return undefined;
    return ruleContextFor(vm, inventory.libvirt.connection, facts.info.topology, facts.cgroup);
}
