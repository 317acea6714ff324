// Guest-side vCPU state through the QEMU guest agent (virsh guestvcpus): which vCPUs the guest
// kernel has online, and which it lets go offline. Without an agent, libvirt says why.
import { parseCpuset } from "../model/values/cpuset.ts";
import type { Libvirt } from "./client.ts";
import { unwrapDict } from "./variant.ts";

export type GuestVcpus =
    | { available: true; vcpus: number[]; online: number[]; offlinable: number[] }
    | { available: false; reason: string };

export async function readGuestVcpus(libvirt: Libvirt, path: string): Promise<GuestVcpus> {
    try {
        const [result] = await libvirt.domain(path, "GetGuestVcpus", "u", [0]);
        const r = unwrapDict(result);
        const list = (v: unknown) => (typeof v === "string" && v ? parseCpuset(v) : []);
        return { available: true, vcpus: list(r.vcpus), online: list(r.online), offlinable: list(r.offlinable) };
    } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
    }
}

/** Brings guest vCPUs online (state 1) or offline (state 0) inside the guest; the map is by vCPU id. */
export async function setGuestVcpus(libvirt: Libvirt, path: string, vcpus: number[], online: boolean): Promise<void> {
    const size = Math.max(...vcpus) + 1;
    const map = Array.from({ length: size }, (_x, i) => vcpus.includes(i));
    await libvirt.domain(path, "SetGuestVcpus", "abiu", [map, online ? 1 : 0, 0]);
}
