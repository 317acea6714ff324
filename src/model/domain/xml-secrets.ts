// Secure-only data of a domain definition: what libvirt writes into domain XML only when asked with
// VIR_DOMAIN_XML_SECURE. vmtune reads every definition with that flag, so that a define sends it back
// and nothing is lost; wherever XML is shown, these values are masked.
// libvirt 9.0 (checked by dumping each of its 1070 test domains with and without --security-info on
// test:///default, see the report of issue 12): the `passwd` attribute of <graphics> (vnc, spice, and
// any other type that has one), and the values of <cookie> under a network disk's <source><cookies>
// (also in its <backingStore> chain).
import { directChildren, parseXml, serializeXml } from "./xml-dom.ts";

/** What a secret is shown as. */
export const MASK = "********";

/** Is attribute `attr` of the element at `path` (names from below <domain>) secure-only? */
export function isSecretAttribute(path: readonly string[], attr: string): boolean {
    return attr === "passwd" && path.length === 2 && path[0] === "devices" && path[1] === "graphics";
}

/** Is the text of the element at `path` secure-only? (<source><cookies><cookie>, at any depth) */
export function isSecretText(path: readonly string[]): boolean {
    const n = path.length;
    return n >= 3 && path[n - 1] === "cookie" && path[n - 2] === "cookies" && path[n - 3] === "source";
}

/** Masks secrets in place below `el`; returns how many were masked. */
function maskBelow(el: Element, path: string[]): number {
    let masked = 0;
    for (let i = 0; i < el.attributes.length; i++) {
        const attr = el.attributes[i] as Attr;
        if (isSecretAttribute(path, attr.name) && attr.value !== MASK) {
            el.setAttribute(attr.name, MASK);
            masked++;
        }
    }
    if (isSecretText(path) && (el.textContent ?? "") !== "") {
        while (el.firstChild) el.removeChild(el.firstChild);
        el.appendChild(el.ownerDocument.createTextNode(MASK));
        masked++;
    }
    for (const child of directChildren(el))
        masked += maskBelow(child, [...path, child.nodeName]);
    return masked;
}

/**
 * The XML with every secure-only value replaced by MASK. A document without secrets comes back
 * unchanged (the very same string); one with secrets is re-serialised (same content, canonically).
 * `root`: the document element expected (`domain`, or a device such as `memory` for attach/detach).
 */
export function maskSecrets(xml: string, root = "domain"): string {
    const doc = parseXml(xml, root);
    const el = doc.documentElement;
    // a device document (attach/detach) sits below /domain/devices
    const path = root === "domain" ? [] : ["devices", root];
    return maskBelow(el, path) === 0 ? xml : serializeXml(doc);
}

/** Whether the XML holds a secure-only value (a define built from it must keep it). */
export function hasSecrets(xml: string, root = "domain"): boolean {
    return maskSecrets(xml, root) !== xml;
}
