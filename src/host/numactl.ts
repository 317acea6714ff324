// `numactl --hardware` on the managed host (argument array, never a shell string). A host without
// numactl, or without NUMA, is an answer of its own, not an error.
import cockpit from "cockpit";
import type { SpawnError } from "cockpit";
import type { NumactlHardware } from "../model/host/numactl.ts";
import { parseNumactlHardware } from "../model/host/numactl.ts";

export type NumactlResult =
    | { kind: "ok"; hardware: NumactlHardware; output: string }
    | { kind: "missing" }
    | { kind: "error"; message: string; output?: string | undefined };

export async function readNumactl(): Promise<NumactlResult> {
    let output: string;
    try {
        output = await cockpit.spawn(["numactl", "--hardware"], { superuser: "try", err: "message" });
    } catch (e) {
        const err = e as SpawnError;
        // cockpit reports a missing program as problem "not-found"; a shell-less exec gives 127
        if (err.problem === "not-found" || err.exit_status === 127)
            return { kind: "missing" };
        return { kind: "error", message: err.message ?? String(e) };
    }
    try {
        return { kind: "ok", hardware: parseNumactlHardware(output), output };
    } catch (e) {
        return { kind: "error", message: e instanceof Error ? e.message : String(e), output };
    }
}
