// Prunes the bundled stylesheet (PatternFly's whole base.css) down to what the page can use.
// Two sound steps, on a small tokenizer (strings, comments, brackets and nesting are respected;
// no regex over the whole file):
//  1. a selector that needs a `pf-*` class (outside :not()/:is()/:where()/:has() and attribute
//     brackets) that appears nowhere in the built JS or HTML can never match: it is dropped, and a
//     rule whose selectors are all dropped goes. PatternFly's React components name their classes
//     as string literals (the react-styles `css/...` modules, modifiers included), so the bundle
//     holds every class the page can set.
//  2. a `--pf-*` custom property that nothing reads (no var() or other mention in the remaining
//     CSS, no mention in the JS) has no effect: its declaration is dropped, to a fixed point.
// Everything else is kept as is: at-rules other than @media/@supports/@layer/@container (fonts,
// keyframes), rules with nested blocks, class names with escapes, and selector lists with a
// vendor-prefixed pseudo (one invalid selector voids the whole list; trimming could revive it).

const CONTAINERS = new Set(["media", "supports", "layer", "container", "scope", "document"]);

/** Index of the first char of `stops` at depth 0 from `i`, skipping strings, comments, () and []. */
function scanTo(text, i, stops) {
    let depth = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === "\\") { i += 2; continue; }
        if (c === '"' || c === "'") {
            i++;
            while (i < text.length && text[i] !== c) i += text[i] === "\\" ? 2 : 1;
            i++;
            continue;
        }
        if (c === "/" && text[i + 1] === "*") {
            const end = text.indexOf("*/", i + 2);
            i = end < 0 ? text.length : end + 2;
            continue;
        }
        if (c === "(" || c === "[") depth++;
        else if (c === ")" || c === "]") depth--;
        else if (depth === 0 && stops.includes(c)) return i;
        i++;
    }
    return text.length;
}

/** Index just past the `}` that closes the block opened at `open`. */
function blockEnd(text, open) {
    let level = 0, i = open;
    for (;;) {
        i = scanTo(text, i, "{}");
        if (i >= text.length) return text.length;
        level += text[i] === "{" ? 1 : -1;
        i++;
        if (level === 0) return i;
    }
}

/** Splits `text` at depth-0 occurrences of `sep` (a single char). */
function splitTop(text, sep) {
    const parts = [];
    let start = 0;
    for (;;) {
        const i = scanTo(text, start, sep);
        parts.push(text.slice(start, i));
        if (i >= text.length) return parts;
        start = i + 1;
    }
}

/** Parses a list of rules into nodes: {rule, selector, decls} | {at, prelude, children} | {raw}. */
export function parse(text) {
    const nodes = [];
    let i = 0;
    while (i < text.length) {
        while (i < text.length && /\s/.test(text[i])) i++;
        if (text.startsWith("/*", i)) { const e = text.indexOf("*/", i + 2); i = e < 0 ? text.length : e + 2; continue; }
        if (i >= text.length) break;
        const stop = scanTo(text, i, "{;}");
        if (stop >= text.length || text[stop] !== "{") {
            // a statement (@charset, @import, @layer a, b;) or stray text: kept verbatim
            nodes.push({ raw: text.slice(i, Math.min(stop + 1, text.length)) });
            i = stop + 1;
            continue;
        }
        const end = blockEnd(text, stop);
        const prelude = text.slice(i, stop).trim();
        const body = text.slice(stop + 1, end - 1);
        const atName = /^@([\w-]+)/.exec(prelude)?.[1]?.toLowerCase();
        if (atName !== undefined)
            nodes.push(CONTAINERS.has(atName) ? { at: atName, prelude, children: parse(body) } : { raw: text.slice(i, end) });
        else if (scanTo(body, 0, "{") < body.length)
            nodes.push({ raw: text.slice(i, end) }); // nested rules: kept whole
        else
            nodes.push({ rule: true, selector: prelude, decls: splitTop(body, ";").filter(d => d.trim()) });
        i = end;
    }
    return nodes;
}

export function serialize(nodes) {
    return nodes.map(n => {
        if (n.raw !== undefined) return n.raw;
        if (n.rule) return `${n.selector}{${n.decls.join(";")}}`;
        return `${n.prelude}{${serialize(n.children)}}`;
    }).join("");
}

/** The classes a complex selector requires of some element, or null when it cannot tell (escapes). */
export function requiredClasses(selector) {
    const out = [];
    let i = 0;
    while (i < selector.length) {
        const next = scanTo(selector, i, ".");
        if (next >= selector.length) break;
        const name = /^[\w-]*/.exec(selector.slice(next + 1))[0];
        if (selector[next + 1 + name.length] === "\\") return null;
        if (name) out.push(name);
        i = next + 1 + name.length;
    }
    return out;
}

/** Every `pf-…` word in the built page (JS, HTML): the classes it can put on an element. */
export function pfWords(text) {
    return new Set(text.match(/pf-[\w-]+/g) ?? []);
}

function pruneSelectors(nodes, used) {
    const dead = s => (requiredClasses(s) ?? []).some(c => c.startsWith("pf-") && !used.has(c));
    return nodes.flatMap(n => {
        if (n.children) {
            const children = pruneSelectors(n.children, used);
            return children.length ? [{ ...n, children }] : [];
        }
        if (!n.rule) return [n];
        const selectors = splitTop(n.selector, ",");
        const alive = selectors.filter(s => !dead(s));
        if (alive.length === 0) return [];
        if (alive.length === selectors.length || selectors.some(s => /:-/.test(s))) return [n];
        return [{ ...n, selector: alive.join(",") }];
    });
}

const customName = decl => /^\s*(--[\w-]+)\s*:/.exec(decl)?.[1];

/** `--x` mentions outside declaration names: what reads a custom property. */
function customReads(nodes, into = new Set()) {
    const add = text => { for (const m of text.match(/--[\w-]+/g) ?? []) into.add(m); };
    for (const n of nodes) {
        if (n.raw !== undefined) add(n.raw);
        else if (n.children) { add(n.prelude); customReads(n.children, into); }
        else {
            add(n.selector);
            for (const d of n.decls) add(customName(d) ? d.slice(d.indexOf(":") + 1) : d);
        }
    }
    return into;
}

function dropUnread(nodes, read) {
    let dropped = 0;
    const walk = list => list.flatMap(n => {
        if (n.children) { const children = walk(n.children); return children.length ? [{ ...n, children }] : []; }
        if (!n.rule) return [n];
        const decls = n.decls.filter(d => {
            const name = customName(d);
            const keep = !name || !name.startsWith("--pf-") || read.has(name);
            if (!keep) dropped++;
            return keep;
        });
        return decls.length ? [{ ...n, decls }] : [];
    });
    return { nodes: walk(nodes), dropped };
}

/** `css` without what `page` (the built JS and HTML, concatenated) can never use. */
export function pruneCss(css, page) {
    let nodes = pruneSelectors(parse(css), pfWords(page));
    const fromPage = new Set(page.match(/--pf-[\w-]+/g) ?? []);
    for (;;) {
        const read = customReads(nodes, new Set(fromPage));
        const step = dropUnread(nodes, read);
        nodes = step.nodes;
        if (step.dropped === 0) return serialize(nodes);
    }
}
