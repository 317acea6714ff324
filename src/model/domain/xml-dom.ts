// DOM helpers for minimal edits of libvirt XML. Works with the browser's DOMParser/XMLSerializer and
// with @xmldom/xmldom (tests install it as the globals). Rules of the house:
//  - only direct children are looked at, never getElementsByTagName (`memory` is both /domain/memory
//    and /domain/devices/memory);
//  - new elements go where libvirt's formatter puts them (an order list per parent) and are indented
//    like their neighbours;
//  - removing an element takes its indentation with it, and parents left empty are pruned.
import { _, format } from "../i18n.ts";

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** xmldom takes an options object (onError); the browser's DOMParser ignores constructor arguments. */
type ParserConstructor = new (options?: { onError?: (level: string, message: string) => void }) => DOMParser;

function parserConstructor(): ParserConstructor {
    const ctor = (globalThis as { DOMParser?: unknown }).DOMParser;
    if (typeof ctor !== "function")
        throw new Error(_("No XML parser is available (DOMParser is missing)"));
    return ctor as ParserConstructor;
}

function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** Parses XML; any well-formedness error becomes an Error naming the problem. */
export function parseXml(xml: string, rootName: string): Document {
    if (typeof xml !== "string" || xml.trim() === "")
        throw new Error(_("The domain XML is empty"));
    const errors: string[] = [];
    let doc: Document;
    try {
        const Parser = parserConstructor();
        const parser = new Parser({
            onError: (level, message) => {
                if (level !== "warning")
                    errors.push(message);
            },
        });
        doc = parser.parseFromString(xml, "application/xml");
    } catch (err) {
        throw new Error(format(_("The domain XML cannot be parsed: $0"), messageOf(err).trim()));
    }
    const root = doc.documentElement as Element | null;
    // Browsers report errors as a <parsererror> element: the root (Firefox) or inside it (Chromium)
    const parserError = root?.localName === "parsererror" ? root : browserParserError(doc);
    if (parserError) {
        const detail = (parserError.textContent ?? "")
            .replace(/^\s*This page contains the following errors:/, "") // Chromium's wrapping
            .replace(/Below is a rendering of the page up to the first error\.?\s*$/, "")
            .trim();
        throw new Error(format(_("The domain XML cannot be parsed: $0"), detail));
    }
    if (errors.length > 0)
        throw new Error(format(_("The domain XML cannot be parsed: $0"), errors.join("; ").trim()));
    if (!root)
        throw new Error(_("The domain XML has no root element"));
    if (root.nodeName !== rootName)
        throw new Error(format(_("Expected a <$0> document, found <$1>"), rootName, root.nodeName));
    return doc;
}

function browserParserError(doc: Document): Element | undefined {
    try {
        // the one recursive lookup: an error marker, not a domain element
        return doc.getElementsByTagNameNS("*", "parsererror")[0] ?? undefined;
    } catch {
        return undefined;
    }
}

export function serializeXml(node: Node): string {
    const ctor = (globalThis as { XMLSerializer?: unknown }).XMLSerializer;
    if (typeof ctor !== "function")
        throw new Error(_("No XML serializer is available (XMLSerializer is missing)"));
    return new (ctor as new () => XMLSerializer)().serializeToString(node);
}

function isElement(node: Node | null): node is Element {
    return node !== null && node.nodeType === ELEMENT_NODE;
}

function isBlankText(node: Node | null): node is Text {
    return node !== null && node.nodeType === TEXT_NODE && (node.nodeValue ?? "").trim() === "";
}

/** Element children of `parent`, optionally only those named `name` (no namespace prefix games). */
export function directChildren(parent: Element, name?: string): Element[] {
    const out: Element[] = [];
    for (let n = parent.firstChild; n !== null; n = n.nextSibling) {
        if (isElement(n) && (name === undefined || n.nodeName === name))
            out.push(n);
    }
    return out;
}

export function firstChild(parent: Element, name: string): Element | undefined {
    for (let n = parent.firstChild; n !== null; n = n.nextSibling) {
        if (isElement(n) && n.nodeName === name)
            return n;
    }
    return undefined;
}

/** Follows a path of direct children; undefined as soon as one step is missing. */
export function findPath(root: Element, path: readonly string[]): Element | undefined {
    let el: Element | undefined = root;
    for (const name of path) {
        el = firstChild(el, name);
        if (!el)
            return undefined;
    }
    return el;
}

export function setText(el: Element, text: string): void {
    if (el.childNodes.length === 1 && el.firstChild?.nodeType === TEXT_NODE) {
        el.firstChild.nodeValue = text;
        return;
    }
    while (el.firstChild)
        el.removeChild(el.firstChild);
    el.appendChild(el.ownerDocument.createTextNode(text));
}

/** The whitespace after the last newline of the blank text node in front of `el` ("" when none). */
function ownIndent(el: Element): string | undefined {
    const prev = el.previousSibling;
    if (!isBlankText(prev))
        return undefined;
    const text = prev.nodeValue ?? "";
    const nl = text.lastIndexOf("\n");
    return nl < 0 ? undefined : text.slice(nl + 1);
}

/** One level of indentation as the document uses it (from the root's first child; default 2 spaces). */
function indentStep(doc: Document): string {
    const root = doc.documentElement;
    const first = directChildren(root)[0];
    const indent = first ? ownIndent(first) : undefined;
    return indent !== undefined && indent !== "" ? indent : "  ";
}

/** Whether the document is pretty-printed at all (a blank text node with a newline under the root). */
function isPretty(doc: Document): boolean {
    for (let n = doc.documentElement.firstChild; n !== null; n = n.nextSibling) {
        if (isBlankText(n) && (n.nodeValue ?? "").includes("\n"))
            return true;
    }
    return false;
}

/** Indentation of the children of `parent`: that of an existing child, else the parent's plus a step. */
function childIndent(parent: Element): string | undefined {
    const doc = parent.ownerDocument;
    if (!isPretty(doc))
        return undefined;
    for (const child of directChildren(parent)) {
        const indent = ownIndent(child);
        if (indent !== undefined)
            return indent;
    }
    const parentIndent = parent === doc.documentElement ? "" : ownIndent(parent);
    if (parentIndent === undefined)
        return undefined;
    return parentIndent + indentStep(doc);
}

function parentIndentOf(parent: Element): string {
    return parent === parent.ownerDocument.documentElement ? "" : (ownIndent(parent) ?? "");
}

/**
 * Inserts `el` into `parent` before `ref` (null = at the end), indented like its siblings:
 * the blank text in front of `ref` (or of the closing tag) stays in front of the new element and
 * a fresh newline + indentation goes between them.
 */
export function insertIndented(parent: Element, el: Element, ref: Element | null): void {
    const doc = parent.ownerDocument;
    const indent = childIndent(parent);
    if (indent === undefined) {
        parent.insertBefore(el, ref);
        return;
    }
    if (ref !== null) {
        parent.insertBefore(el, ref);
        if (isBlankText(el.previousSibling))
            parent.insertBefore(doc.createTextNode("\n" + indent), ref);
        else
            parent.insertBefore(doc.createTextNode("\n" + indent), el);
        return;
    }
    const last = parent.lastChild;
    if (isBlankText(last) && last.previousSibling !== null) {
        // "… <last/>{ws}</parent>": put "\n{indent}<el/>" before the closing whitespace
        parent.insertBefore(doc.createTextNode("\n" + indent), last);
        parent.insertBefore(el, last);
        return;
    }
    if (isBlankText(last)) // only whitespace inside: replace it by a clean layout
        parent.removeChild(last);
    parent.appendChild(doc.createTextNode("\n" + indent));
    parent.appendChild(el);
    parent.appendChild(doc.createTextNode("\n" + parentIndentOf(parent)));
}

/** Where a new child named `name` goes in `parent`, given libvirt's order of its children. */
export function orderedRef(parent: Element, name: string, order: readonly string[]): Element | null {
    const rank = order.indexOf(name);
    if (rank < 0)
        return null;
    const children = directChildren(parent);
    // after the last child that libvirt writes before (or as) this one …
    let lastBefore = -1;
    children.forEach((child, i) => {
        const r = order.indexOf(child.nodeName);
        if (r >= 0 && r <= rank)
            lastBefore = i;
    });
    if (lastBefore >= 0) {
        // … skipping unknown elements right after it only if a known later one follows
        for (let i = lastBefore + 1; i < children.length; i++) {
            const child = children[i] as Element;
            if (order.indexOf(child.nodeName) > rank)
                return child;
        }
        return children[lastBefore + 1] ?? null;
    }
    return children.find(c => order.indexOf(c.nodeName) > rank) ?? null;
}

/** Creates `<name>` in `parent` at libvirt's position, indented like its neighbours. */
export function createChild(parent: Element, name: string, order: readonly string[]): Element {
    const el = parent.ownerDocument.createElement(name);
    insertIndented(parent, el, orderedRef(parent, name, order));
    return el;
}

export type OrderLookup = (parentPath: readonly string[]) => readonly string[];

/** Finds the path below `root`, creating missing elements in libvirt's order. */
export function ensurePath(root: Element, path: readonly string[], orderOf: OrderLookup): Element {
    let el = root;
    path.forEach((name, i) => {
        el = firstChild(el, name) ?? createChild(el, name, orderOf(path.slice(0, i)));
    });
    return el;
}

/** Removes a node together with the blank text (its indentation) in front of it. */
export function removeNode(node: Node): void {
    const parent = node.parentNode;
    if (!parent)
        return;
    const prev = node.previousSibling;
    if (isBlankText(prev))
        parent.removeChild(prev);
    parent.removeChild(node);
}

/** An element with no attributes, no element/comment children and only blank text is "empty". */
export function isEmptyElement(el: Element): boolean {
    if (el.attributes.length > 0)
        return false;
    for (let n = el.firstChild; n !== null; n = n.nextSibling) {
        if (!isBlankText(n))
            return false;
    }
    return true;
}

/** Removes `el` if empty, then its parents while they are empty, never the document element. */
export function pruneEmpty(el: Element | null): void {
    let cur = el;
    while (cur && cur !== cur.ownerDocument.documentElement && isEmptyElement(cur)) {
        const parent: Node | null = cur.parentNode;
        removeNode(cur);
        cur = isElement(parent) ? parent : null;
    }
}

/** Removes an element and prunes the parents it leaves empty. */
export function removeAndPrune(el: Element): void {
    const parent = el.parentNode;
    removeNode(el);
    if (isElement(parent))
        pruneEmpty(parent);
}

/** Sets or removes an attribute (null/undefined removes). */
export function setAttr(el: Element, name: string, value: string | null | undefined): void {
    if (value === null || value === undefined)
        el.removeAttribute(name);
    else
        el.setAttribute(name, value);
}
