// DOM edge cases of the XML helpers: how parse errors reach the user whichever DOMParser runs
// (xmldom in Node, Firefox's root <parsererror>, Chromium's nested one), and where new or removed
// elements leave the layout of libvirt's XML.
import QUnit from "qunit";
import { createChild, ensurePath, findPath, firstChild, parseXml, pruneEmpty, removeAndPrune, serializeXml } from "../../src/model/domain/xml-dom.ts";
import { canonical, installXmldom } from "./support/xml-canon.ts";

installXmldom();

function parseError(xml: string, root = "domain"): string {
    try {
        parseXml(xml, root);
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
    return "(parsed)";
}

function el(doc: Document, path: string[]): Element {
    const found = findPath(doc.documentElement, path);
    if (!found)
        throw new Error(`no ${path.join("/")}`);
    return found;
}

QUnit.module("xml-dom: parse errors", () => {
    QUnit.test("empty, malformed, wrong root: one message each", assert => {
        assert.strictEqual(parseError(""), "The domain XML is empty");
        assert.strictEqual(parseError(" \n "), "The domain XML is empty");
        assert.strictEqual(parseError("<domain><vcpu>2</cpu></domain>"), "The domain XML cannot be parsed: Opening and ending tag mismatch: \"vcpu\" != \"cpu\"");
        assert.strictEqual(parseError("<network><name>default</name></network>"), "Expected a <domain> document, found <network>");
        assert.strictEqual(parseError("<memory model='dimm'/>", "memory"), "(parsed)");
    });

    // What browsers' DOMParser returns for broken XML, fed through xmldom: the same DOM shapes
    QUnit.test("Firefox: the document is a <parsererror>: its text becomes the message", assert => {
        const firefox = "<parsererror xmlns='http://www.mozilla.org/newlayout/xml/parsererror.xml'>XML Parsing Error: mismatched tag. Expected: &lt;/vcpu&gt;.\n" +
            "Location: about:blank\nLine Number 1, Column 17:</parsererror>";
        assert.strictEqual(parseError(firefox),
                           "The domain XML cannot be parsed: XML Parsing Error: mismatched tag. Expected: </vcpu>.\nLocation: about:blank\nLine Number 1, Column 17:");
    });

    QUnit.test("Chromium: a <parsererror> inside the partial document: message without Chromium's wrapping", assert => {
        const chromium = "<domain><parsererror xmlns='http://www.w3.org/1999/xhtml' style='display: block'>" +
            "<h3>This page contains the following errors:</h3>" +
            "<div>error on line 1 at column 23: Opening and ending tag mismatch: vcpu line 1 and cpu\n</div>" +
            "<h3>Below is a rendering of the page up to the first error.</h3></parsererror><vcpu>2</vcpu></domain>";
        assert.strictEqual(parseError(chromium),
                           "The domain XML cannot be parsed: error on line 1 at column 23: Opening and ending tag mismatch: vcpu line 1 and cpu");
    });
});

const PRETTY = "<domain type='kvm'>\n  <name>vm</name>\n  <cputune><vcpupin vcpu='0' cpuset='1'/></cputune>\n  <devices>\n    <memballoon model='virtio'/>\n  </devices>\n</domain>\n";
const CPUTUNE_ORDER = ["shares", "period", "quota", "vcpupin", "emulatorpin"];

QUnit.module("xml-dom: layout of edits", () => {
    QUnit.test("a child into a parent written on one line: libvirt's position, indented, nothing else moved", assert => {
        const doc = parseXml(PRETTY, "domain");
        const cputune = el(doc, ["cputune"]);
        createChild(cputune, "shares", CPUTUNE_ORDER).appendChild(doc.createTextNode("512"));
        createChild(cputune, "emulatorpin", CPUTUNE_ORDER).setAttribute("cpuset", "2");
        const out = serializeXml(doc);
        assert.strictEqual(canonical(out), canonical(
            "<domain type='kvm'><name>vm</name><cputune><shares>512</shares><vcpupin vcpu='0' cpuset='1'/><emulatorpin cpuset='2'/></cputune>" +
            "<devices><memballoon model='virtio'/></devices></domain>"));
        // shares first, on its own indented line; emulatorpin last, indented; the rest untouched
        assert.strictEqual(out, "<domain type=\"kvm\">\n  <name>vm</name>\n" +
            "  <cputune>\n    <shares>512</shares><vcpupin vcpu=\"0\" cpuset=\"1\"/>\n    <emulatorpin cpuset=\"2\"/>\n  </cputune>\n" +
            "  <devices>\n    <memballoon model=\"virtio\"/>\n  </devices>\n</domain>");
    });

    QUnit.test("a new path under the root: created in order, indented two levels", assert => {
        const doc = parseXml(PRETTY, "domain");
        const order = (parent: readonly string[]) => parent.length === 0 ? ["name", "memtune", "cputune", "devices"] : ["hard_limit", "soft_limit"];
        ensurePath(doc.documentElement, ["memtune", "hard_limit"], order).appendChild(doc.createTextNode("1048576"));
        assert.strictEqual(serializeXml(doc), "<domain type=\"kvm\">\n" +
            "  <name>vm</name>\n  <memtune>\n    <hard_limit>1048576</hard_limit>\n  </memtune>\n  <cputune><vcpupin vcpu=\"0\" cpuset=\"1\"/></cputune>\n" +
            "  <devices>\n    <memballoon model=\"virtio\"/>\n  </devices>\n</domain>");
    });

    QUnit.test("a compact document stays compact", assert => {
        const doc = parseXml("<domain><name>vm</name><cputune/></domain>", "domain");
        createChild(el(doc, ["cputune"]), "period", CPUTUNE_ORDER).appendChild(doc.createTextNode("100000"));
        assert.strictEqual(serializeXml(doc), "<domain><name>vm</name><cputune><period>100000</period></cputune></domain>");
    });

    QUnit.test("removing the last pin prunes <cputune> with its indentation; an element with attributes stays", assert => {
        const doc = parseXml(PRETTY, "domain");
        removeAndPrune(el(doc, ["cputune", "vcpupin"]));
        assert.strictEqual(serializeXml(doc),
                           "<domain type=\"kvm\">\n  <name>vm</name>\n  <devices>\n    <memballoon model=\"virtio\"/>\n  </devices>\n</domain>");
        const devices = el(doc, ["devices"]);
        pruneEmpty(firstChild(devices, "memballoon") ?? null);
        assert.notStrictEqual(firstChild(devices, "memballoon"), undefined, "<memballoon model='virtio'/> is not empty");
        pruneEmpty(doc.documentElement);
        assert.strictEqual(doc.documentElement.nodeName, "domain", "never the root");
    });
});
