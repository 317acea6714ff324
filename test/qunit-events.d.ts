// QUnit 3's event API (QUnit.on), missing from @types/qunit 2.x.
declare global {
    interface QUnitTestEndEvent {
        fullName: string[];
        status: "passed" | "failed" | "skipped" | "todo";
        errors: { message?: string; actual?: unknown; expected?: unknown }[];
    }
    interface QUnit {
        on(event: "testEnd", callback: (test: QUnitTestEndEvent) => void): void;
        on(event: "runEnd", callback: (run: unknown) => void): void;
    }
}
export {};
