// The text a user typed per field, kept apart from the values read from libvirt: untouched fields
// follow libvirt live (a change made elsewhere shows up), touched ones keep what the user typed.
import { useCallback, useState } from "react";

export interface Draft<K extends string> {
    /** what the field shows: the user's text, or the current value */
    text(key: K): string;
    set(key: K, value: string): void;
    /** only the fields the user changed */
    edits: Partial<Record<K, string>>;
    dirty: boolean;
    reset(): void;
}

export function useDraft<K extends string>(current: Record<K, string>): Draft<K> {
    const [edits, setEdits] = useState<Partial<Record<K, string>>>({});
    const set = useCallback((key: K, value: string) => {
        setEdits(prev => ({ ...prev, [key]: value }));
    }, []);
    const reset = useCallback(() => setEdits({}), []);
    return {
        text: key => edits[key] ?? current[key],
        set,
        edits,
        dirty: Object.keys(edits).some(k => edits[k as K] !== current[k as K]),
        reset,
    };
}
