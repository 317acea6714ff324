// KSM as the page shows it: settings and counters from libvirt's node memory parameters, and `run`
// from sysfs (libvirt has no parameter for it). Undefined when the kernel has no KSM.
import type { KsmState } from "../model/host/ksm.ts";
import { KSM_RUN_PATH, ksmState } from "../model/host/ksm.ts";
import type { Libvirt } from "../libvirt/client.ts";
import { readNodeMemoryParameters } from "../libvirt/node-memory.ts";
import { readText } from "./sysfs.ts";

export async function readKsm(libvirt: Libvirt): Promise<KsmState | undefined> {
    const [params, run] = await Promise.all([readNodeMemoryParameters(libvirt), readText(KSM_RUN_PATH)]);
    return ksmState(params, run);
}
