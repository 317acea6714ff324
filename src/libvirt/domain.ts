// Reads one VM in a single parallel wave of calls: properties, state, live and next-boot XML,
// and the scheduler values the kernel enforces now. Definitions are read with VIR_DOMAIN_XML_SECURE:
// without it libvirt leaves out secure-only data (console passwords), and a define built from such
// a read would remove them. The page never shows these values (model/xml-secrets masks them).
import type { SchedulerParams, Tuning } from "../model/types.ts";
import { SCHEDULER_KEYS } from "../model/types.ts";
import { SCHED_PARAM } from "../model/plan/plan-ops.ts";
import { readTuning } from "../model/domain/domain-xml.ts";
import { _, format } from "../model/i18n.ts";
import type { DomainState } from "../model/flags.ts";
import { DOMAIN_STATES, LIST_ACTIVE, LIST_INACTIVE, STATS_STATE, XML_INACTIVE, XML_SECURE } from "../model/flags.ts";
import type { Vm } from "../model/vm/vm.ts";
import type { Libvirt } from "./client.ts";
import { IFACE_DOMAIN, IFACE_PROPERTIES } from "./client.ts";
import { toNumber, unwrap, unwrapDict } from "./variant.ts";




export function schedulerFromDbus(dict: unknown): SchedulerParams {
    const raw = unwrapDict(dict);
    const out: SchedulerParams = {};
    for (const key of SCHEDULER_KEYS) {
        const value = toNumber(raw[SCHED_PARAM[key]]);
        if (value !== undefined)
            out[key] = value;
    }
    return out;
}

function optional<T>(promise: Promise<T>): Promise<T | undefined> {
    return promise.catch(() => undefined);
}

/** The call's result, or the error's message: a failed read is kept, never swallowed. */
function settled<T>(promise: Promise<T>): Promise<T | { failed: string }> {
    return promise.catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
}

/** GetXMLDesc flags of the running definition and of the persistent (next boot) one. */
export const LIVE_XML = XML_SECURE;
export const CONFIG_XML = XML_SECURE | XML_INACTIVE;
const SHUTOFF = DOMAIN_STATES.indexOf("shutoff");

/**
 * `shutOff`: the VM was just listed as not running, and the listing's word is taken. A defined VM
 * that is not running is persistent and shut off, and its definition names it (name, UUID): one call
 * does, which is what keeps a list of 1000 mostly shut-off VMs fast. Should it have started meanwhile,
 * its lifecycle event reads it again; should its definition not parse, it is read in full. Only the
 * listing may pass it: apply reads in full, so a VM started since the Review is a conflict.
 */
export async function readDomain(libvirt: Libvirt, path: string, shutOff = false): Promise<Vm> {
    if (shutOff) {
        const xml = await libvirt.domain(path, "GetXMLDesc", "u", [CONFIG_XML]);
        const listed = { Active: false, Persistent: true };
        const snapshot = snapshotOf(libvirt, path, listed, [[SHUTOFF, 0]], xml, undefined, undefined);
        if (snapshot.config?.name) {
            snapshot.name = snapshot.config.name;
            snapshot.uuid = snapshot.config.uuid;
            return snapshot;
        }
    }
    // libvirt 9.0's LXC driver crashes libvirtd on scheduler calls for a container that is not
    // running (seen here: virsh schedinfo on a shut-off container): ask only once it is known to run
    const lxc = libvirt.connection.driver === "lxc";
    const readSched = () => optional(libvirt.domain(path, "GetSchedulerParameters", "u", [0]));
    const [props, stateResult, xml, inactiveXml, qemuSched] = await Promise.all([
        libvirt.call(path, IFACE_PROPERTIES, "GetAll", "s", [IFACE_DOMAIN]),
        libvirt.domain(path, "GetState", "u", [0]),
        libvirt.domain(path, "GetXMLDesc", "u", [LIVE_XML]),
        settled(libvirt.domain(path, "GetXMLDesc", "u", [CONFIG_XML])),
        lxc ? Promise.resolve(undefined) : readSched(),
    ]);
    const p = unwrapDict(props[0]);
    const sched = lxc && p.Active === true ? await readSched() : qemuSched;
    return snapshotOf(libvirt, path, p, stateResult, xml, inactiveXml, sched);
}

function snapshotOf(libvirt: Libvirt, path: string, p: Record<string, unknown>, stateResult: unknown[], xml: unknown[],
                    inactiveXml: unknown[] | { failed: string } | undefined, sched: unknown[] | undefined): Vm {
    const stateCode = (unwrap(stateResult[0]) as [number, number] | undefined)?.[0] ?? 0;
    const state = DOMAIN_STATES[stateCode] ?? "nostate";
    const active = p.Active === true;
    const persistent = p.Persistent !== false;
    const snapshot: Vm = {
        connection: libvirt.connection,
        path,
        name: String(p.Name ?? ""),
        uuid: String(p.UUID ?? ""),
        state,
        active,
        persistent,
        sched: sched ? schedulerFromDbus(sched[0]) : undefined,
    };
    const errors: string[] = [];
    const parse = (text: string): Tuning | undefined => {
        try {
            return readTuning(text);
        } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
            return undefined;
        }
    };
    const mainXml = String(xml[0]);
    if (active) {
        snapshot.liveXml = mainXml;
        snapshot.live = parse(mainXml);
        if (persistent && inactiveXml !== undefined) {
            if ("failed" in inactiveXml) {
                // never stand in the live definition: a define would store the running configuration
                snapshot.configError = format(_("The next-boot definition could not be read: $0"), inactiveXml.failed);
                errors.push(snapshot.configError);
            } else {
                snapshot.configXml = String(inactiveXml[0]);
                snapshot.config = parse(snapshot.configXml);
            }
        }
    } else {
        snapshot.configXml = mainXml;
        snapshot.config = parse(mainXml);
    }
    if (errors.length)
        snapshot.error = errors.join("; ");
    return snapshot;
}

/** Every domain's path, and whether it runs: a shut-off VM is then read with fewer calls. */
export async function listDomains(libvirt: Libvirt): Promise<{ path: string; active: boolean }[]> {
    const [[active], [inactive]] = await Promise.all([
        libvirt.connect("ListDomains", "u", [LIST_ACTIVE]),
        libvirt.connect("ListDomains", "u", [LIST_INACTIVE]),
    ]);
    return [
        ...(active as string[]).map(path => ({ path, active: true })),
        ...(inactive as string[]).map(path => ({ path, active: false })),
    ];
}

/** A VM as one all-domain statistics call names it: enough for its row before its definition is read. */
export interface ListedVm {
    name: string;
    state: DomainState;
}

/**
 * Every domain's name and state in one call (GetAllDomainStats with the state group, running or not):
 * on a host with 1000 VMs the list can show every row at once while the definitions are read.
 * Drivers without it (LXC) refuse the call; the caller then waits for the full read.
 */
export async function listDomainStates(libvirt: Libvirt): Promise<ListedVm[]> {
    const [records] = await libvirt.connect("GetAllDomainStats", "uu", [STATS_STATE, 0]);
    const out: ListedVm[] = [];
    for (const record of Array.isArray(records) ? records as unknown[] : []) {
        if (!Array.isArray(record) || typeof record[0] !== "string") continue;
        const code = toNumber(unwrapDict(record[1])["state.state"]) ?? 0;
        out.push({ name: record[0], state: DOMAIN_STATES[code] ?? "nostate" });
    }
    return out;
}
