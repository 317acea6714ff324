// Review → Apply for one card: runs the plan through src/libvirt/apply with progress, and keeps
// the outcome (done, conflict, failed with rollback) for the card to show.
import { useCallback, useState } from "react";
import type { Step } from "../../model/types.ts";
import type { ApplyOutcome } from "../../libvirt/apply.ts";
import { applyPlan } from "../../libvirt/apply.ts";
import type { Vm } from "../../model/vm/vm.ts";
import { useInventory } from "../useInventory.ts";

export type StepStatus = "pending" | "running" | "done" | "undoing" | "undone";

export interface PlanRun {
    running: boolean;
    statuses: StepStatus[];
    outcome?: ApplyOutcome | undefined;
    error?: string | undefined;
    /** page-clock times (Date.now()) of the click on Apply and of the outcome, for before/after windows */
    startedAt?: number | undefined;
    finishedAt?: number | undefined;
    apply(vm: Vm, steps: Step[]): Promise<ApplyOutcome | undefined>;
    reset(): void;
}

export function usePlanRunner(): PlanRun {
    const inventory = useInventory();
    const [running, setRunning] = useState(false);
    const [statuses, setStatuses] = useState<StepStatus[]>([]);
    const [outcome, setOutcome] = useState<ApplyOutcome>();
    const [error, setError] = useState<string>();
    const [times, setTimes] = useState<{ startedAt?: number; finishedAt?: number }>({});

    const apply = useCallback(async (vm: Vm, steps: Step[]) => {
        setRunning(true);
        setTimes({ startedAt: Date.now() });
        setOutcome(undefined);
        setError(undefined);
        setStatuses(steps.map(() => "pending"));
        try {
            const result = await applyPlan(inventory.libvirt, vm, steps, (index, _step, phase) => {
                setStatuses(prev => prev.map((s, i) => i === index ? (phase === "undoing" ? "undoing" : phase) : s));
            });
            if (result.kind === "failed")
                setStatuses(prev => prev.map((s, i) => result.undone.includes(steps[i] as Step) ? "undone" : s));
            setTimes(t => ({ ...t, finishedAt: Date.now() }));
            setOutcome(result);
            // the outcome carries the VM as read after the apply (or the undo): one read, not two
            if (result.snapshot) inventory.accept(result.snapshot);
            else await inventory.reloadDomain(vm.path);
            return result;
        } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
            return undefined;
        } finally {
            setRunning(false);
        }
    }, [inventory]);

    const reset = useCallback(() => {
        setOutcome(undefined);
        setError(undefined);
        setStatuses([]);
        setTimes({});
    }, []);

    return { running, statuses, outcome, error, ...times, apply, reset };
}
