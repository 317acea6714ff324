// What a built JS file says in its string literals, for the translations split (esbuild.config.mjs).

/** The text of JS string literals with their escapes undone (\uXXXX, \u{…}, \xNN, \n …): esbuild
 *  writes non-ASCII characters escaped, so a msgid is looked for in this form. */
export function unescapeJs(code) {
    return code.replace(/\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))/gs, (_m, cp, u, x, c) =>
        cp ? String.fromCodePoint(parseInt(cp, 16)) : u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16))
            : c === "n" ? "\n" : c === "t" ? "\t" : c);
}
