// The balloon's policy (next boot): autodeflate and freePageReporting are attributes of a virtio
// <memballoon>. libvirt parses them for any model but QEMU's virtio-balloon is what acts on them, and
// libvirt before 6.9.0 does not know freePageReporting (its parser drops the attribute: the define
// would "succeed" and the setting be gone).
import { _, format } from "../i18n.ts";
import type { Driver, Finding, Tuning } from "../types.ts";
import { error } from "./rules-fields.ts";

export type BalloonPolicyKey = "autodeflate" | "freePageReporting";
export type BalloonPolicy = { [K in BalloonPolicyKey]?: boolean | null };

/** libvirt 6.9.0 added <memballoon freePageReporting=…>. */
export const FREE_PAGE_REPORTING_SINCE: readonly [number, number, number] = [6, 9, 0];

const VIRTIO = ["virtio", "virtio-transitional", "virtio-non-transitional"];

/** The balloon models QEMU drives with virtio-balloon (the ones that act on the policy). */
export function isVirtioBalloon(model: string | undefined): boolean {
    return model !== undefined && VIRTIO.includes(model);
}

/** "9.0.0" → [9, 0, 0]; undefined when the text is no version. */
export function parseVersion(text: string | undefined): [number, number, number] | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text?.trim() ?? "");
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(have: readonly number[], want: readonly number[]): boolean {
    for (let i = 0; i < want.length; i++) {
        const a = have[i] ?? 0, b = want[i] ?? 0;
        if (a !== b) return a > b;
    }
    return true;
}

/**
 * Turning a policy on needs a virtio balloon in the next-boot definition, a QEMU connection, and for
 * free page reporting libvirt ≥ 6.9.0 (`libvirtVersion` as the host reports it; unknown: not checked
 * here, libvirt judges). Turning one off is always possible. Field ids: memballoon.<key>.
 */
export function checkBalloonPolicy(policy: BalloonPolicy, config: Pick<Tuning, "memballoon">, driver: Driver,
                                   libvirtVersion?: string): Finding[] {
    const findings: Finding[] = [];
    const model = config.memballoon?.model;
    for (const key of ["autodeflate", "freePageReporting"] as const) {
        if (policy[key] !== true || config.memballoon?.[key] === true)
            continue;
        const field = `memballoon.${key}`;
        const name = key === "autodeflate" ? _("Deflate on out of memory") : _("Free page reporting");
        if (driver !== "qemu" && driver !== "test") {
            findings.push(error(field, format(_("$0 is a setting of QEMU's virtio balloon: this connection's VMs have none"), name)));
            continue;
        }
        if (model === undefined || model === "none") {
            findings.push(error(field, format(_("$0 needs a virtio balloon device, and this VM has none (<memballoon model='none'>): add one first"), name)));
            continue;
        }
        if (!isVirtioBalloon(model)) {
            findings.push(error(field, format(_("$0 needs a virtio balloon device; this VM's balloon is model $1"), name, model)));
            continue;
        }
        const version = parseVersion(libvirtVersion);
        if (key === "freePageReporting" && version !== undefined && !atLeast(version, FREE_PAGE_REPORTING_SINCE)) {
            findings.push(error(field, format(_("Free page reporting needs libvirt 6.9.0 or newer; this host has $0, which would drop the setting from the definition"),
                                              libvirtVersion ?? "")));
        }
    }
    return findings;
}
