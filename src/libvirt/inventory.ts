// The live list of VMs on one libvirt connection. Loads each VM in one wave, then follows
// libvirt-dbus signals (lifecycle, tunables, balloon, devices) instead of polling per VM.
// When libvirt-dbus goes away it says so and retries one cheap call until it is back. libvirtd going
// away sends nothing (libvirt-dbus stays on the bus, silent): one connection-level call every few
// seconds notices it (one call for the page, not per VM); its failure starts the same retry.
import type { DBusSubscription } from "cockpit";
import type { Libvirt } from "./client.ts";
import type { Connection } from "./connections.ts";
import { SYSTEM } from "./connections.ts";
import { IFACE_CONNECT, IFACE_DOMAIN, IFACE_PROPERTIES, openLibvirt } from "./client.ts";
import type { Vm } from "../model/vm/vm.ts";
import type { ListedVm } from "./domain.ts";
import { listDomainStates, listDomains, readDomain } from "./domain.ts";
import type { LibvirtFailure } from "./errors.ts";
import { CallError, classify } from "./errors.ts";
import { watchBusName } from "./bus-watch.ts";
import { EVENT_UNDEFINED } from "../model/flags.ts";
import type { Ticket } from "../model/vm/freshest.ts";
import { FreshestReads } from "../model/vm/freshest.ts";

export type InventoryStatus =
    | { kind: "connecting" }
    | { kind: "ready" }
    | { kind: "failed"; failure: LibvirtFailure; retrying: boolean }
    /** an optional connection (lxc:///, qemu:///session) libvirt does not offer here: not shown */
    | { kind: "absent"; failure: LibvirtFailure };

export interface InventoryState {
    status: InventoryStatus;
    /** sorted by name */
    domains: Vm[];
    /** bumps on every change, for cheap equality in React */
    revision: number;
    /** while the first load runs: every VM's name and state from one call, the rows not yet read
     *  shown from it; `domains` fills as definitions arrive */
    listed?: readonly ListedVm[] | undefined;
}

export interface Inventory {
    getState(): InventoryState;
    subscribe(listener: () => void): () => void;
    reloadDomain(path: string): Promise<void>;
    /** a VM read elsewhere just now (after an apply) replaces the inventory's copy: no second read */
    accept(vm: Vm): void;
    readonly libvirt: Libvirt;
    close(): void;
}

const DOMAIN_SIGNALS = ["Tunable", "BalloonChange", "DeviceAdded", "DeviceRemoved", "DeviceRemovalFailed"];
const RETRY_MS = 2000;
const HEARTBEAT_MS = 5000;
// dbus-daemon allows 128 pending replies per connection (max_replies_per_connection) and answers
// LimitsExceeded beyond: with 200 VMs × 5 calls at once most VMs went missing. libvirt-dbus has one
// connection to libvirtd, which works on a few requests of a client at once (max_client_requests,
// 5 by default): more calls in flight than that only queue, and every other call of the page (the
// VM opened by its address, the host facts) waits behind the queue. A short queue keeps libvirtd
// busy and the page's other calls prompt. A running VM costs 5 calls, a shut-off one 1.
const MAX_CALLS = 24;
const CALLS_RUNNING = 5;
const DEBOUNCE_MS = 50;
const PROGRESS_MS = 250;

function failureOf(error: unknown): LibvirtFailure {
    return error instanceof CallError ? error.failure : classify(error);
}

/**
 * `focus`: the name of a VM the page shows first (opened by its address): it is looked up and read
 * beside the listing, so its page appears after two round trips however many VMs the host has.
 */
export function openInventory(connection: Connection = SYSTEM, focus?: string): Inventory {
    const libvirt = openLibvirt(connection);
    const driver = connection.path;
    const listeners = new Set<() => void>();
    // the read that started last wins: an event's re-read or an apply's read is never replaced by
    // the older answer of a load still running
    const domains = new FreshestReads<Vm>();
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    let state: InventoryState = { status: { kind: "connecting" }, domains: [], revision: 0 };
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let loadedOnce = false;
    /** reads started before the listing (the focused VM), reused by it */
    const early = new Map<string, { read: Promise<Vm>; ticket: Ticket }>();

    let listed: ListedVm[] | undefined;
    let publishTimer: ReturnType<typeof setTimeout> | undefined;

    function publish(status: InventoryStatus = state.status) {
        if (publishTimer) clearTimeout(publishTimer);
        publishTimer = undefined;
        const sorted = domains.list().sort((a, b) => a.name.localeCompare(b.name));
        state = { status, domains: sorted, revision: state.revision + 1, listed: loadedOnce ? undefined : listed };
        listeners.forEach(l => l());
    }

    /** While the first load reads 1000 definitions, the rows fill a few times a second, not 1000 times. */
    function publishSoon() {
        publishTimer ??= setTimeout(() => publish(), PROGRESS_MS);
    }

    function fail(error: unknown) {
        const failure = failureOf(error);
        // lxc:/// without its driver, or no session libvirt-dbus: not offered, nothing to retry
        if (connection.optional && !loadedOnce) {
            publish({ kind: "absent", failure });
            return;
        }
        const recoverable = failure.kind === "no-service" || failure.kind === "disconnected" || failure.kind === "libvirt";
        publish({ kind: "failed", failure, retrying: recoverable });
        if (recoverable && !closed && retryTimer === undefined) {
            retryTimer = setTimeout(() => {
                retryTimer = undefined;
                // the old channel may have closed with the service: start a fresh one
                if (failure.kind !== "libvirt") libvirt.reconnect();
                void loadAll();
            }, RETRY_MS);
        }
    }

    /** At most MAX_CALLS calls in flight: beyond the bus's pending-reply limit calls fail. */
    async function readMany(listed: { path: string; active: boolean }[]): Promise<{ path: string; value: Vm | undefined; ticket: Ticket }[]> {
        const out: { path: string; value: Vm | undefined; ticket: Ticket }[] = [];
        let inFlight = 0;
        let next = 0;
        return new Promise(resolve => {
            let done = 0;
            const pump = () => {
                while (next < listed.length) {
                    const i = next;
                    const { path, active } = listed[i] as { path: string; active: boolean };
                    const cost = active ? CALLS_RUNNING : 1;
                    if (inFlight > 0 && inFlight + cost > MAX_CALLS) return;
                    next++;
                    inFlight += cost;
                    const { read, ticket } = early.get(path) ?? { read: readDomain(libvirt, path, !active), ticket: domains.ticket() };
                    void read.catch(() => undefined).then(vm => {
                        out[i] = { path, value: vm, ticket };
                        // the first load shows each VM as it arrives; later loads replace the list at once
                        if (vm && !loadedOnce && listed && !closed && domains.put(path, vm, ticket))
                            publishSoon();
                        inFlight -= cost;
                        if (++done === listed.length) resolve(out);
                        else pump();
                    });
                }
            };
            if (listed.length === 0) resolve(out);
            else pump();
        });
    }

    async function loadAll() {
        if (!loadedOnce && listed === undefined)
            listDomainStates(libvirt).then(names => {
                if (loadedOnce || closed) return;
                listed = names;
                publish();
            }, () => undefined);
        try {
            const listedAt = domains.ticket();
            const reads = await readMany(await listDomains(libvirt));
            domains.replaceAll(listedAt, reads);
            loadedOnce = true;
            early.clear();
            publish({ kind: "ready" });
        } catch (error) {
            fail(error);
        }
    }

    async function reloadDomain(path: string) {
        const ticket = domains.ticket();
        try {
            const snapshot = await readDomain(libvirt, path);
            if (domains.put(path, snapshot, ticket))
                publish();
        } catch (error) {
            const failure = failureOf(error);
            // the VM is gone (undefined, or a transient one shut down)
            if (failure.kind === "libvirt" && /no domain|not found/i.test(failure.message)) {
                domains.remove(path, ticket);
                publish();
            } else {
                fail(error);
            }
        }
    }

    function scheduleReload(path: string) {
        const timer = pending.get(path);
        if (timer) clearTimeout(timer);
        pending.set(path, setTimeout(() => { pending.delete(path); void reloadDomain(path) }, DEBOUNCE_MS));
    }

    const subscriptions: DBusSubscription[] = [
        libvirt.subscribe("DomainEvent", IFACE_CONNECT, (_path, args) => {
            const [domainPath, event] = args as [string, number];
            if (event === EVENT_UNDEFINED && domains.has(domainPath)) {
                domains.remove(domainPath);
                publish();
            } else {
                scheduleReload(domainPath);
            }
        }),
        ...DOMAIN_SIGNALS.map(member => libvirt.subscribe(member, IFACE_DOMAIN, path => scheduleReload(path))),
    ];

    const stopWatch = watchBusName("org.libvirt", connection.bus, present => {
        if (present) {
            libvirt.reconnect();
            void loadAll();
        }
        else fail(new CallError({ kind: "no-service", message: "org.libvirt left the system bus", name: "" }));
    });

    // libvirt-dbus answers from libvirtd: a property read fails while libvirtd is down
    const heartbeat = setInterval(() => {
        if (state.status.kind === "ready" && retryTimer === undefined)
            libvirt.call(driver, IFACE_PROPERTIES, "Get", "ss", [IFACE_CONNECT, "Version"]).catch(fail);
    }, HEARTBEAT_MS);

    async function loadFocus(name: string) {
        try {
            const [path] = await libvirt.connect("DomainLookupByName", "s", [name]);
            const ticket = domains.ticket();
            const read = readDomain(libvirt, String(path));
            early.set(String(path), { read, ticket });
            const snapshot = await read;
            if (!loadedOnce && !closed && domains.put(snapshot.path, snapshot, ticket))
                publish();
        } catch {
            // no such VM, or libvirt is not there: the full load says which
        }
    }

    if (focus !== undefined)
        void loadFocus(focus);
    void loadAll();

    return {
        getState: () => state,
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        reloadDomain,
        accept(vm) {
            // read just now, after the apply: newer than any read still running
            domains.put(vm.path, vm, domains.ticket());
            publish();
        },
        libvirt,
        close() {
            closed = true;
            clearInterval(heartbeat);
            if (publishTimer) clearTimeout(publishTimer);
            if (retryTimer) clearTimeout(retryTimer);
            pending.forEach(t => clearTimeout(t));
            subscriptions.forEach(s => s.remove());
            stopWatch();
            libvirt.close();
        },
    };
}
