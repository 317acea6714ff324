// Our own typings for the parts of the global `cockpit` object (../base1/cockpit.js) that vmtune uses.
// esbuild maps `import cockpit from "cockpit"` to window.cockpit. This is the cockpit boundary:
// D-Bus values arrive untyped here and are typed by src/libvirt.

declare module "cockpit" {
    interface DBusError extends Error {
        name: string;
        message: string;
        problem?: string;
    }

    interface DBusCallOptions {
        type?: string;
        flags?: string;
        timeout?: number;
    }

    interface DBusSubscription {
        remove(): void;
    }

    interface DBusMatch {
        interface?: string;
        member?: string;
        path?: string;
        path_namespace?: string;
    }

    interface DBusClient {
        call(path: string, iface: string, method: string, args: unknown[], options?: DBusCallOptions): Promise<any[]>;
        subscribe(match: DBusMatch, callback: (path: string, iface: string, signal: string, args: any[]) => void): DBusSubscription;
        watch(path: string | { path_namespace: string }): { remove(): void };
        addEventListener(event: "close", handler: (event: unknown, options: { problem?: string }) => void): void;
        removeEventListener(event: "close", handler: (event: unknown, options: { problem?: string }) => void): void;
        close(problem?: string): void;
        wait(): Promise<void>;
        readonly options: Record<string, unknown>;
    }

    interface DBusOptions {
        bus?: "system" | "session" | "internal" | "none";
        superuser?: "try" | "require";
        host?: string;
    }

    interface SpawnError extends Error {
        problem?: string;
        exit_status?: number;
        exit_signal?: number;
        message: string;
    }

    interface SpawnPromise extends Promise<string> {
        close(problem?: string): void;
        /** output as it arrives (then the promise resolves with ""); still delivered when the process fails */
        stream(callback: (data: string) => void): SpawnPromise;
        /** writes to the process's standard input; closes it unless `stream` is true */
        input(data: string, stream?: boolean): SpawnPromise;
    }

    interface SpawnOptions {
        superuser?: "try" | "require";
        err?: "out" | "ignore" | "message";
        host?: string;
        environ?: string[];
    }

    interface FileHandle {
        read(): Promise<string | null>;
        close(): void;
    }

    interface Location {
        path: string[];
        options: Record<string, string | string[]>;
        go(path: string | string[], options?: Record<string, string>): void;
        href: string;
    }

    interface Cockpit {
        gettext(text: string): string;
        gettext(context: string, text: string): string;
        ngettext(singular: string, plural: string, n: number): string;
        format(template: string, ...args: unknown[]): string;
        locale(po: unknown): void;
        language: string;
        dbus(name: string | null, options?: DBusOptions): DBusClient;
        spawn(args: string[], options?: SpawnOptions): SpawnPromise;
        file(path: string, options?: { superuser?: "try" | "require"; host?: string }): FileHandle;
        transport: { host: string; origin: string };
        /** the logged-in user (not root when administrative access is on) */
        user(): Promise<{ id: number; name: string }>;
        location: Location;
        addEventListener(event: "locationchanged" | "visibilitychange", handler: () => void): void;
        removeEventListener(event: "locationchanged" | "visibilitychange", handler: () => void): void;
        hidden: boolean;
    }

    const cockpit: Cockpit;
    export default cockpit;
    export type { DBusClient, DBusError, DBusSubscription, SpawnError, Cockpit };
}
