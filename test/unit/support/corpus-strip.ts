// A structural diff that ignores only what an edit names: both documents are compared canonically
// (like xml-canon.ts: blank text dropped, attributes sorted) as if the named elements (or the named
// attributes / text of an element) were taken out, together with the elements that this leaves with
// nothing at all on the named paths (editTuning creates and prunes such parents). Equal means nothing
// outside the named parts changed. Nothing is modified: an input parsed once serves every edit.

/** What an edit may change: an element below <domain>, optionally one with a key, or only its attribute or text. */
export interface Named {
    path: readonly string[];
    /** only the elements whose attribute `key[0]` is `key[1]` (or, without that attribute, whose position is) */
    key?: readonly [string, string];
    /** only this attribute of the element */
    attr?: string;
    /** only the element's text */
    text?: boolean;
}

interface XNode {
    nodeType: number;
    nodeName: string;
    nodeValue: string | null;
    childNodes: ArrayLike<XNode>;
    attributes?: ArrayLike<{ name: string; value: string }>;
    getAttribute?(name: string): string | null;
    hasAttribute?(name: string): boolean;
}

/** The parts taken out: whole elements, attributes of elements, the text of elements. */
interface Removed {
    elements: Set<XNode>;
    attrs: Map<XNode, Set<string>>;
    text: Set<XNode>;
}

function kids(node: XNode): XNode[] {
    return Array.from(node.childNodes);
}

function isBlank(n: XNode): boolean {
    return n.nodeType === 3 && (n.nodeValue ?? "").trim() === "";
}

function elements(parent: XNode, name: string, r: Removed): XNode[] {
    return kids(parent).filter(c => c.nodeType === 1 && c.nodeName === name && !r.elements.has(c));
}

function targets(root: XNode, path: readonly string[], key: Named["key"], r: Removed): XNode[] {
    let level = [root];
    path.forEach((step, depth) => {
        const last = depth === path.length - 1;
        // like the model's findPath: the first of each step above the target
        level = level.flatMap(p => last ? elements(p, step, r) : elements(p, step, r).slice(0, 1));
    });
    if (key === undefined)
        return level;
    const [attr, value] = key;
    return level.filter((el, i) => el.hasAttribute?.(attr) ? (el.getAttribute?.(attr) ?? "").trim() === value : String(i) === value);
}

function attrsLeft(el: XNode, r: Removed): { name: string; value: string }[] {
    const dropped = r.attrs.get(el);
    return Array.from(el.attributes ?? []).filter(a => !dropped?.has(a.name));
}

function emptyAfter(el: XNode, r: Removed): boolean {
    if (attrsLeft(el, r).length > 0)
        return false;
    return kids(el).every(c => isBlank(c) || r.elements.has(c) || ((c.nodeType === 3 || c.nodeType === 4) && r.text.has(el)));
}

function removedParts(root: XNode, named: readonly Named[]): Removed {
    const r: Removed = { elements: new Set(), attrs: new Map(), text: new Set() };
    for (const n of named) {
        for (const el of targets(root, n.path, n.key, r)) {
            if (n.attr !== undefined)
                r.attrs.set(el, new Set([...(r.attrs.get(el) ?? []), n.attr]));
            else if (n.text === true)
                r.text.add(el);
            else
                r.elements.add(el);
            // an element left with nothing was there for the named part alone
            if (!r.elements.has(el) && emptyAfter(el, r))
                r.elements.add(el);
        }
        for (let depth = n.path.length - 1; depth >= 1; depth--) {
            for (const el of targets(root, n.path.slice(0, depth), undefined, r)) {
                if (emptyAfter(el, r))
                    r.elements.add(el);
            }
        }
    }
    return r;
}

function canon(node: XNode, r: Removed): string {
    if (node.nodeType === 3 || node.nodeType === 4)
        return JSON.stringify(node.nodeValue ?? "");
    if (node.nodeType === 8)
        return `<!--${node.nodeValue ?? ""}-->`;
    if (node.nodeType !== 1)
        return "";
    const attrs = attrsLeft(node, r).map(a => `${a.name}=${JSON.stringify(a.value)}`).sort();
    const inner = kids(node)
        .filter(c => !isBlank(c) && !r.elements.has(c) && !((c.nodeType === 3 || c.nodeType === 4) && r.text.has(node)))
        .map(c => canon(c, r)).join("");
    return `<${[node.nodeName, ...attrs].join(" ")}>${inner}</${node.nodeName}>`;
}

/** The canonical text of a parsed document element without the named parts. */
export function stripped(root: Element, named: readonly Named[]): string {
    const x = root as unknown as XNode;
    return canon(x, removedParts(x, named));
}

/** Empty when `after` equals `before` outside the named parts; else where the stripped documents first differ. */
export function strayDifference(before: Element, after: Element, named: readonly Named[]): string {
    const a = stripped(before, named);
    const b = stripped(after, named);
    if (a === b)
        return "";
    let i = 0;
    while (i < a.length && a[i] === b[i])
        i++;
    const from = Math.max(0, i - 80);
    return `differs outside the named parts: …${a.slice(from, i + 120)}… became …${b.slice(from, i + 120)}…`;
}
