// Parsing virsh's human output, shared by the browser suites (cockpit.spawn) and the e2e suites (Node).

/** "key : value" lines (dominfo, schedinfo, memtune, numatune) → record. */
export function keyValues(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line);
        if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
    }
    return out;
}
