// Review → Apply for a host card: runs a host plan through src/host/host-apply with progress, and
// keeps the outcome (done with what was read back, conflict, failed with rollback) for the review.
import { useCallback, useState } from "react";
import type { HostStep } from "../../model/host/host-plan.ts";
import type { HostReading } from "../../model/host/host-values.ts";
import type { HostApplyOutcome } from "../../host/host-apply.ts";
import { applyHostPlan } from "../../host/host-apply.ts";
import type { StepStatus } from "../plan/usePlanRunner.ts";
import { useInventory } from "../useInventory.ts";

export interface HostPlanRun {
    running: boolean;
    statuses: StepStatus[];
    outcome?: HostApplyOutcome | undefined;
    error?: string | undefined;
    apply(seen: HostReading, steps: HostStep[]): Promise<HostApplyOutcome | undefined>;
    reset(): void;
}

export function useHostPlanRunner(): HostPlanRun {
    const inventory = useInventory();
    const [running, setRunning] = useState(false);
    const [statuses, setStatuses] = useState<StepStatus[]>([]);
    const [outcome, setOutcome] = useState<HostApplyOutcome>();
    const [error, setError] = useState<string>();

    const apply = useCallback(async (seen: HostReading, steps: HostStep[]) => {
        setRunning(true);
        setOutcome(undefined);
        setError(undefined);
        setStatuses(steps.map(() => "pending"));
        try {
            const result = await applyHostPlan(inventory.libvirt, seen, steps, (index, phase) => {
                setStatuses(prev => prev.map((s, i) => i === index ? phase : s));
            });
            if (result.kind === "failed")
                setStatuses(prev => prev.map((s, i) => result.undone.includes(steps[i] as HostStep) ? "undone" : s));
            setOutcome(result);
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
    }, []);

    return { running, statuses, outcome, error, apply, reset };
}
