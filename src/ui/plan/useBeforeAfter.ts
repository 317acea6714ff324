// Before and after an apply to a running VM: the VM's statistics are read while the Review is open
// (usePerfSamples: every 3 s, only while the page is visible, nothing once the Review closes); the
// window before is the WINDOW_MS up to the click on Apply, the window after the WINDOW_MS from the
// outcome on. Kept on the page only; reading only, and independent of the apply (which never waits for it).
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Vm } from "../../model/vm/vm.ts";
import type { CompareRow, WindowSummary } from "../../model/perf/window.ts";
import { compareWindows, summarizeWindow } from "../../model/perf/window.ts";
import { usePerfSamples } from "../vm/perf/usePerfSamples.ts";

export const WINDOW_MS = 30000;

export type BeforeAfterPhase =
    | { kind: "waiting" }
    | { kind: "measuring"; elapsedMs: number }
    | { kind: "done"; cancelled: boolean };

export interface BeforeAfter {
    phase: BeforeAfterPhase;
    before?: WindowSummary | undefined;
    after?: WindowSummary | undefined;
    rows: CompareRow[];
    /** readings made since the Review opened */
    samples: number;
    error?: string | undefined;
    cancel(): void;
}

export function useBeforeAfter(vm: Vm, startedAt: number | undefined, finishedAt: number | undefined): BeforeAfter {
    const { series, samples, error } = usePerfSamples(vm);
    const [now, setNow] = useState(() => Date.now());
    const [cancelledAt, setCancelledAt] = useState<number>();
    const end = finishedAt === undefined ? undefined : cancelledAt ?? finishedAt + WINDOW_MS;
    const measuring = finishedAt !== undefined && end !== undefined && now < end;

    // a clock for the progress bar, only while the window after runs
    useEffect(() => {
        if (!measuring) return;
        const timer = window.setInterval(() => setNow(Date.now()), 1000);
        return () => window.clearInterval(timer);
    }, [measuring]);

    const cancel = useCallback(() => {
        const t = Date.now();
        setCancelledAt(t);
        setNow(t);
    }, []);

    const before = useMemo(() => startedAt === undefined ? undefined : summarizeWindow(series, startedAt - WINDOW_MS, startedAt),
                           [series, startedAt]);
    const after = useMemo(() => finishedAt === undefined || end === undefined ? undefined : summarizeWindow(series, finishedAt, end),
                          [series, finishedAt, end]);
    const rows = useMemo(() => before && after && !measuring ? compareWindows(before, after) : [], [before, after, measuring]);

    let phase: BeforeAfterPhase;
    if (finishedAt === undefined) phase = { kind: "waiting" };
    else if (measuring) phase = { kind: "measuring", elapsedMs: Math.max(0, now - finishedAt) };
    else phase = { kind: "done", cancelled: cancelledAt !== undefined };
    return { phase, before, after, rows, samples, error, cancel };
}
