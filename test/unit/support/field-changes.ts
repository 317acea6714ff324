// Test helpers shared by domain-xml.test.ts and corpus.test.ts: a new value for any field of the
// field table, and the TuningChange that sets (or, with null, clears) one field.
import { FIELDS } from "../../../src/model/domain/domain-xml.ts";
import type { FieldId } from "../../../src/model/domain/domain-xml.ts";
import type { TuningChange } from "../../../src/model/types.ts";

/** A new value for a field, different from what the XML holds. */
export function newValue(id: FieldId, old: unknown): string | number | boolean {
    const spec = FIELDS[id];
    if (spec.codec === "presence")
        return old !== true;
    if (spec.values)
        return spec.values.find(v => v !== old) ?? "";
    if (spec.codec === "string")
        return old === "1-2" ? "0,3" : "1-2";
    if (typeof old !== "number")
        return 4096;
    return old + 1024 > Number.MAX_SAFE_INTEGER ? old - 1024 : old + 1024;
}

/** What a field reads as once cleared: a presence field reads false, any other nothing. */
export function clearedValue(id: FieldId): false | undefined {
    return FIELDS[id].codec === "presence" ? false : undefined;
}

/** The TuningChange that sets one field. */
export function changeFor(id: FieldId, value: string | number | boolean | null): TuningChange {
    const [group, key] = id.split(".");
    if (group === "maxMemory")
        throw new Error("maxMemory is set as a whole");
    if (key === undefined)
        return { [group as string]: value } as TuningChange;
    return { [group as string]: { [key]: value } } as TuningChange;
}
