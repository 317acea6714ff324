// libvirt's node memory parameters (virNodeGetMemoryParameters / virNodeSetMemoryParameters): KSM's
// shm_* settings and counters. Settable ones are unsigned ints (VIR_TYPED_PARAM_UINT).
import type { Libvirt } from "./client.ts";
import { toNumber, unwrapDict } from "./variant.ts";

export async function readNodeMemoryParameters(libvirt: Libvirt): Promise<Record<string, number | undefined>> {
    const [params] = await libvirt.connect("NodeGetMemoryParameters", "u", [0]);
    const out: Record<string, number | undefined> = {};
    for (const [name, value] of Object.entries(unwrapDict(params)))
        out[name] = toNumber(value);
    return out;
}

export async function setNodeMemoryParameters(libvirt: Libvirt, params: Readonly<Record<string, number>>): Promise<void> {
    const dict: Record<string, { t: string; v: number }> = {};
    for (const [name, value] of Object.entries(params))
        dict[name] = { t: "u", v: value };
    await libvirt.connect("NodeSetMemoryParameters", "a{sv}u", [dict, 0]);
}
