// Canonical comparison of two domain definitions as whole documents, and what differs in words an
// administrator reads ("<description> changed", "device <disk vdb> added"). Layout (whitespace
// between elements) and attribute order do not count; everything else does. Secure-only values are
// never written out (a changed password says "changed", not the values).
import { _, format } from "../i18n.ts";
import { directChildren, parseXml } from "./xml-dom.ts";
import { isSecretAttribute, isSecretText } from "./xml-secrets.ts";

/** Paths (element names below <domain>) whose differences do not count. */
export type Ignore = (path: readonly string[]) => boolean;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;
const COMMENT_NODE = 8;

function attrs(el: Element): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < el.attributes.length; i++) {
        const a = el.attributes[i] as Attr;
        out.set(a.name, a.value);
    }
    return out;
}

/** The element's own text (direct text nodes, trimmed), "" when it has none. */
function ownText(el: Element): string {
    let text = "";
    for (let n = el.firstChild; n !== null; n = n.nextSibling)
        if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) text += n.nodeValue ?? "";
    return text.trim();
}

function comments(el: Element): string[] {
    const out: string[] = [];
    for (let n = el.firstChild; n !== null; n = n.nextSibling)
        if (n.nodeType === COMMENT_NODE) out.push(n.nodeValue ?? "");
    return out;
}

const NOTHING: Ignore = () => false;

/**
 * A canonical string of an element: equal strings mean equal XML up to layout and attribute order
 * (and what `ignore` names, with `path` the element's own path).
 */
function canon(el: Element, path: readonly string[] = [], ignore: Ignore = NOTHING): string {
    const a = [...attrs(el)].filter(([k]) => !ignore([...path, "@" + k]))
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    let inner = "";
    for (let n = el.firstChild; n !== null; n = n.nextSibling) {
        if (n.nodeType === ELEMENT_NODE) {
            const child = [...path, n.nodeName];
            if (!ignore(child)) inner += canon(n as Element, child, ignore);
        } else if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) {
            const t = (n.nodeValue ?? "").trim();
            if (t) inner += JSON.stringify(t);
        } else if (n.nodeType === COMMENT_NODE) inner += `<!--${n.nodeValue ?? ""}-->`;
    }
    return `<${[el.nodeName, ...a].join(" ")}>${inner}</${el.nodeName}>`;
}

/** The canonical form of a whole domain document (for equality; not for display). */
export function canonicalXml(xml: string): string {
    return canon(parseXml(xml, "domain").documentElement);
}

/** A short name of an element for the lines: `<disk vdb>` (the first identifying value it has). */
function label(el: Element): string {
    const target = directChildren(el, "target")[0]?.getAttribute("dev");
    const alias = directChildren(el, "alias")[0]?.getAttribute("name");
    const source = directChildren(el, "source")[0];
    const sourceName = source?.getAttribute("file") ?? source?.getAttribute("dev") ?? source?.getAttribute("name");
    const mac = directChildren(el, "mac")[0]?.getAttribute("address");
    const own = el.getAttribute("id") ?? el.getAttribute("vcpu") ?? el.getAttribute("iothread") ?? el.getAttribute("cellid") ??
        el.getAttribute("model") ?? el.getAttribute("type") ?? el.getAttribute("name");
    const key = target ?? alias ?? mac ?? sourceName ?? own;
    return key ? `<${el.nodeName} ${key}>` : `<${el.nodeName}>`;
}

/**
 * Where an element is, for the lines: `<cputune><vcpupin 3>`, or `device <disk vdb>` under <devices>
 * (each element with the value that tells it from its siblings, where it has one).
 */
function where(trail: readonly Element[]): string {
    if (trail.length >= 2 && trail[0]?.nodeName === "devices") {
        const rest = trail.slice(2).map(label).join("");
        return format(_("device $0"), label(trail[1] as Element)) + (rest ? " " + rest : "");
    }
    return trail.length ? trail.map(label).join("") : "<domain>";
}

function quote(value: string): string {
    return value.length > 60 ? JSON.stringify(value.slice(0, 57) + "…") : JSON.stringify(value);
}

function added(trail: Element[], el: Element): string {
    const full = [...trail, el];
    return trail.length === 1 && trail[0]?.nodeName === "devices"
        ? format(_("device $0 added"), label(el))
        : format(_("$0 added"), where(full));
}

function removed(trail: Element[], el: Element): string {
    const full = [...trail, el];
    return trail.length === 1 && trail[0]?.nodeName === "devices"
        ? format(_("device $0 removed"), label(el))
        : format(_("$0 removed"), where(full));
}

/**
 * Pairs same-named siblings: equal ones first (in any order), then the rest by position. What stays
 * unpaired was added or removed.
 */
function pair(a: Element[], b: Element[], same: (x: Element, y: Element) => boolean): { pairs: [Element, Element][]; gone: Element[]; come: Element[] } {
    const restB = [...b];
    const restA: Element[] = [];
    for (const x of a) {
        const i = restB.findIndex(y => same(x, y));
        if (i >= 0) restB.splice(i, 1);
        else restA.push(x);
    }
    // the rest: same label first (a changed <disk vda> stays "changed"), then position
    const pairs: [Element, Element][] = [];
    const gone: Element[] = [];
    for (const x of restA) {
        const i = restB.findIndex(y => label(y) === label(x));
        if (i >= 0) pairs.push([x, restB.splice(i, 1)[0] as Element]);
        else gone.push(x);
    }
    while (gone.length && restB.length && gone.length === restB.length)
        pairs.push([gone.shift() as Element, restB.shift() as Element]);
    return { pairs, gone, come: restB };
}

function walk(a: Element, b: Element, trail: Element[], names: string[], ignore: Ignore, out: string[]): void {
    if (ignore(names)) return;
    const here = where(trail);
    const aa = attrs(a), ba = attrs(b);
    for (const name of new Set([...aa.keys(), ...ba.keys()])) {
        const x = aa.get(name), y = ba.get(name);
        if (x === y || ignore([...names, "@" + name])) continue;
        if (isSecretAttribute(names, name))
            out.push(format(_("$0 $1 changed (a secret: not shown)"), here, name));
        else if (x === undefined)
            out.push(format(_("$0 $1 added: $2"), here, name, quote(y ?? "")));
        else if (y === undefined)
            out.push(format(_("$0 $1 removed (was $2)"), here, name, quote(x)));
        else
            out.push(format(_("$0 $1 changed: $2 → $3"), here, name, quote(x), quote(y)));
    }
    const at = ownText(a), bt = ownText(b);
    if (at !== bt)
        out.push(isSecretText(names)
            ? format(_("$0 changed (a secret: not shown)"), here)
            : format(_("$0 changed: $1 → $2"), here, quote(at), quote(bt)));
    if (comments(a).join("\n") !== comments(b).join("\n"))
        out.push(format(_("$0 comment changed"), here));
    const ac = directChildren(a), bc = directChildren(b);
    const childNames = [...new Set([...ac, ...bc].map(e => e.nodeName))];
    const lines = out.length;
    for (const name of childNames) {
        const path = [...names, name];
        if (ignore(path)) continue;
        const key = (e: Element) => canon(e, path, ignore);
        const { pairs, gone, come } = pair(ac.filter(e => e.nodeName === name), bc.filter(e => e.nodeName === name),
                                           (x, y) => key(x) === key(y));
        for (const el of gone) out.push(removed(trail, el));
        for (const el of come) out.push(added(trail, el));
        for (const [x, y] of pairs) walk(x, y, [...trail, x], path, ignore, out);
    }
    // the same children in another order (libvirt keeps the order it is given: devices, cells …)
    const order = (list: Element[]) => list.filter(e => !ignore([...names, e.nodeName]))
        .map(e => canon(e, [...names, e.nodeName], ignore)).join("\n");
    if (out.length === lines && order(ac) !== order(bc))
        out.push(format(_("$0: order of the elements inside changed"), here));
}

/**
 * What differs between two domain documents, one line per difference (empty: canonically equal
 * except what `ignore` names). Paths given to `ignore` are element names below <domain>, an
 * attribute as "@name" at the end.
 */
export function diffDomainXml(before: string, after: string, ignore: Ignore = () => false): string[] {
    const out: string[] = [];
    walk(parseXml(before, "domain").documentElement, parseXml(after, "domain").documentElement, [], [], ignore, out);
    return out;
}
