// Building an expected whole document from another by exact text replacement: each replaced
// piece must occur exactly once, so an expectation can never silently stay unchanged.

/** `text` with the one occurrence of `from` replaced by `to`; throws when `from` occurs 0 or 2+ times. */
export function replaceOnce(text: string, from: string, to: string): string {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0)
        throw new Error(`expected exactly one ${JSON.stringify(from)} in the document, found ${at < 0 ? "none" : "several"}`);
    return text.slice(0, at) + to + text.slice(at + from.length);
}

/** replaceOnce for several pairs, in order. */
export function replaceEach(text: string, pairs: readonly (readonly [string, string])[]): string {
    return pairs.reduce((out, [from, to]) => replaceOnce(out, from, to), text);
}
