// A fault injected between the steps of an apply, for the rollback tests: the page's WebSocket to
// cockpit-ws is routed through the test, and the n-th D-Bus call of one method after arm() is not
// sent on: the page gets libvirt-dbus's error reply (org.libvirt.Error) instead. Everything else,
// the steps before it, their undo and every read, goes to the real libvirt-dbus and libvirtd.
// libvirt refuses no late step of most plans by itself here, so this is how the LAST step fails.
import type { Page } from "playwright-core";

export const INJECTED = "vmtune e2e: injected failure of this step";

export interface DbusFault {
    /** fail the `nth` (1-based) call of `method` from now on */
    arm(method: string, nth: number): void;
    /** the calls that were failed, as "method path" */
    readonly injected: string[];
}

interface CallMessage { call?: [string, string, string, unknown[]]; id?: string }

/** Routes the page's cockpit WebSocket through the test; reloads the page so the route applies. */
export async function injectDbusFaults(page: Page): Promise<DbusFault> {
    let armed: { method: string; nth: number; seen: number } | undefined;
    const injected: string[] = [];
    await page.routeWebSocket(url => url.pathname.endsWith("/socket"), ws => {
        const server = ws.connectToServer();
        ws.onMessage(message => {
            if (armed && typeof message === "string") {
                const nl = message.indexOf("\n");
                const channel = message.slice(0, nl);
                let body: CallMessage | undefined;
                try { body = channel ? JSON.parse(message.slice(nl + 1)) as CallMessage : undefined } catch { body = undefined }
                if (body?.call?.[2] === armed.method && ++armed.seen === armed.nth) {
                    injected.push(`${armed.method} ${body.call[0]}`);
                    armed = undefined;
                    ws.send(`${channel}\n${JSON.stringify({ error: ["org.libvirt.Error", [INJECTED]], id: body.id })}`);
                    return;
                }
            }
            server.send(message);
        });
    });
    await page.reload();
    return {
        arm(method, nth) { armed = { method, nth, seen: 0 } },
        injected,
    };
}

/** The libvirt-dbus method a Review step's command calls. */
export const METHOD: Record<string, string> = {
    schedinfo: "SetSchedulerParameters",
    vcpupin: "PinVcpu",
    emulatorpin: "PinEmulator",
    setvcpus: "SetVcpus",
    memtune: "SetMemoryParameters",
    numatune: "SetNumaParameters",
    setmem: "SetMemory",
    setmaxmem: "SetMemory",
    "attach-device": "AttachDevice",
    "detach-device": "DetachDevice",
    "update-memory-device": "UpdateDevice",
    define: "DomainDefineXML",
};
