// A structural diff that ignores only what an edit names: both documents lose exactly the named
// elements (or the named attributes / text of an element), the ancestors of those that are left with
// nothing at all are pruned (editTuning creates and prunes such parents), and the rest is compared
// canonically (xml-canon.ts): equal means nothing outside the named elements changed.
import { DOMParser } from "@xmldom/xmldom";
import { canonicalNode } from "./xml-canon.ts";

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

interface El {
    nodeType: number;
    nodeName: string;
    nodeValue: string | null;
    parentNode: El | null;
    childNodes: ArrayLike<El>;
    attributes: ArrayLike<{ name: string }>;
    getAttribute(name: string): string | null;
    hasAttribute(name: string): boolean;
    removeAttribute(name: string): void;
    removeChild(child: El): void;
}

function elements(parent: El, name?: string): El[] {
    const out: El[] = [];
    for (let i = 0; i < parent.childNodes.length; i++) {
        const c = parent.childNodes[i];
        if (c?.nodeType === 1 && (name === undefined || c.nodeName === name))
            out.push(c);
    }
    return out;
}

function targets(root: El, n: Named): El[] {
    let level = [root];
    n.path.forEach((step, depth) => {
        const last = depth === n.path.length - 1;
        level = level.flatMap(p => {
            const found = elements(p, step);
            return last ? found : found.slice(0, 1); // like findPath: the first of each step above the target
        });
    });
    if (n.key === undefined)
        return level;
    const [attr, value] = n.key;
    return level.filter((el, i) => el.hasAttribute(attr) ? (el.getAttribute(attr) ?? "").trim() === value : String(i) === value);
}

function isEmpty(el: El): boolean {
    if (el.attributes.length > 0)
        return false;
    for (let i = 0; i < el.childNodes.length; i++) {
        const c = el.childNodes[i];
        if (c && !(c.nodeType === 3 && (c.nodeValue ?? "").trim() === ""))
            return false;
    }
    return true;
}

/** The document without the named parts, as canonical text. */
export function stripped(xml: string, named: readonly Named[]): string {
    const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, "application/xml");
    const root = doc.documentElement as unknown as El;
    for (const n of named) {
        for (const el of targets(root, n)) {
            if (n.attr !== undefined) {
                el.removeAttribute(n.attr);
            } else if (n.text === true) {
                for (const c of Array.from(el.childNodes).filter(x => x.nodeType === 3 || x.nodeType === 4))
                    el.removeChild(c);
            } else {
                el.parentNode?.removeChild(el);
                continue;
            }
            // an element left with nothing was created for the named part alone
            if (isEmpty(el))
                el.parentNode?.removeChild(el);
        }
        // parents left with nothing: deepest first
        for (let depth = n.path.length - 1; depth >= 1; depth--) {
            for (const el of targets(root, { path: n.path.slice(0, depth) })) {
                if (isEmpty(el))
                    el.parentNode?.removeChild(el);
            }
        }
    }
    return canonicalNode(doc.documentElement as unknown as Node);
}

/** Empty when `after` equals `before` outside the named parts; else both stripped documents' first difference. */
export function strayDifference(before: string, after: string, named: readonly Named[]): string {
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
