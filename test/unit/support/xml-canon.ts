// Test helpers: install @xmldom/xmldom as the DOM globals, and compare XML canonically
// (whitespace-only text dropped, attributes sorted, comments kept, quotes normalised).
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";

export function installXmldom(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    g.DOMParser = DOMParser;
    g.XMLSerializer = XMLSerializer;
}

interface XNode {
    nodeType: number;
    nodeName: string;
    nodeValue: string | null;
    childNodes: ArrayLike<XNode>;
    attributes?: ArrayLike<{ name: string; value: string }>;
}

function parse(xml: string): XNode {
    const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, "application/xml");
    return doc.documentElement as unknown as XNode;
}

function attrsOf(node: XNode): string[] {
    const out: string[] = [];
    const attrs = node.attributes;
    if (attrs)
        for (let i = 0; i < attrs.length; i++) {
            const a = attrs[i];
            if (a)
                out.push(`${a.name}=${JSON.stringify(a.value)}`);
        }
    return out.sort();
}

function children(node: XNode): XNode[] {
    const out: XNode[] = [];
    for (let i = 0; i < node.childNodes.length; i++) {
        const c = node.childNodes[i];
        if (c && !(c.nodeType === 3 && (c.nodeValue ?? "").trim() === ""))
            out.push(c);
    }
    return out;
}

function canon(node: XNode): string {
    if (node.nodeType === 3 || node.nodeType === 4)
        return JSON.stringify(node.nodeValue ?? "");
    if (node.nodeType === 8)
        return `<!--${node.nodeValue ?? ""}-->`;
    if (node.nodeType !== 1)
        return "";
    return `<${[node.nodeName, ...attrsOf(node)].join(" ")}>${children(node).map(canon).join("")}</${node.nodeName}>`;
}

/** A canonical string of a document: equal strings mean equal XML up to layout and attribute order. */
export function canonical(xml: string): string {
    return canon(parse(xml));
}

/** canonical() of an already parsed element (no serialising and parsing again). */
export function canonicalNode(node: Node): string {
    return canon(node as unknown as XNode);
}

/**
 * The document as a multiset of facts, one per element (path + sorted attributes) and one per text
 * or comment (path + content). Two documents' fact differences show exactly which elements differ.
 */
export function facts(xml: string): string[] {
    const out: string[] = [];
    const walk = (node: XNode, path: string) => {
        const here = `${path}/${node.nodeName}`;
        out.push(`${here} ${attrsOf(node).join(" ")}`.trimEnd());
        for (const c of children(node)) {
            if (c.nodeType === 1)
                walk(c, here);
            else if (c.nodeType === 3 || c.nodeType === 4)
                out.push(`${here}#text ${JSON.stringify((c.nodeValue ?? "").trim())}`);
            else if (c.nodeType === 8)
                out.push(`${here}#comment ${JSON.stringify(c.nodeValue ?? "")}`);
        }
    };
    walk(parse(xml), "");
    return out;
}

/** Facts in `a` but not in `b` (multiset difference). */
export function factDiff(a: string[], b: string[]): string[] {
    const counts = new Map<string, number>();
    for (const f of b)
        counts.set(f, (counts.get(f) ?? 0) + 1);
    const out: string[] = [];
    for (const f of a) {
        const n = counts.get(f) ?? 0;
        if (n > 0)
            counts.set(f, n - 1);
        else
            out.push(f);
    }
    return out;
}
