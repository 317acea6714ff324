import QUnit from "qunit";
import { canonical, facts, installXmldom } from "./support/xml-canon.ts";
import { changeFor, clearedValue, newValue } from "./support/field-changes.ts";
import { FULL, PLAIN } from "./support/domain-fixtures.ts";
import { FIELDS, FIELD_IDS, editTuning, readField, readTuning } from "../../src/model/domain/domain-xml.ts";
import { changesOutside } from "./support/fact-diff.ts";
import { replaceEach, replaceOnce } from "./support/text.ts";

installXmldom();

/** Only facts under `tree` (or of its ancestors' own elements) differ between the documents. */
function assertOnlyDiffers(assert: Assert, before: string, after: string, tree: readonly string[], what: string): void {
    assert.deepEqual(changesOutside(facts(before), facts(after), tree), [], `${what}: nothing else changed`);
}

/** FULL as editTuning writes it untouched: the same text, attributes in double quotes. */
const FULL_OUT = FULL.replace(/'/g, "\"");

QUnit.module("domain-xml: read", () => {
    QUnit.test("reads everything from a realistic domain", assert => {
        const t = readTuning(FULL);
        assert.strictEqual(t.name, "vmtune-test-numa");
        assert.strictEqual(t.uuid, "7d1d3f1e-3c55-4b5a-9a58-3f4a2f0f6b11");
        assert.strictEqual(t.domainType, "kvm");
        assert.strictEqual(t.arch, "x86_64");
        assert.strictEqual(t.machine, "pc-q35-7.2");
        assert.deepEqual(t.vcpu, { max: 4, current: 2, placement: "static", cpuset: "0-7,^3" });
        assert.deepEqual(t.vcpus, [
            { id: 0, enabled: true, hotpluggable: false, order: 1 },
            { id: 1, enabled: true, hotpluggable: true, order: 2 },
            { id: 2, enabled: false, hotpluggable: true },
            { id: 3, enabled: false, hotpluggable: true },
        ]);
        assert.strictEqual(t.iothreads, 3);
        assert.deepEqual(t.iothreadIds, [1, 2, 5], "given ids, then the lowest free one");
        assert.deepEqual(t.cputune, {
            shares: 2048, period: 100000, quota: -1, global_period: undefined, global_quota: undefined,
            emulator_period: 20000, emulator_quota: 18446744073709, iothread_period: undefined, iothread_quota: undefined,
            vcpupin: [{ id: 0, cpuset: "0" }, { id: 1, cpuset: "1" }, { id: 3, cpuset: "3" }],
            emulatorpin: "4-5",
            iothreadpin: [{ id: 2, cpuset: "6" }],
            vcpusched: [{ scheduler: "fifo", ids: "0", priority: 1 }], iothreadsched: [],
        });
        assert.strictEqual(t.cpu.mode, "host-passthrough");
        assert.deepEqual(t.cpu.topology, { sockets: 2, dies: 1, cores: 2, threads: 1 });
        assert.deepEqual(t.cpu.cells, [
            { id: 0, cpus: "0-1", memory: 2097152, memAccess: "shared", distances: [{ id: 0, value: 10 }, { id: 1, value: 21 }] },
            { id: 1, cpus: "2-3", memory: 2097152, distances: [{ id: 0, value: 21 }, { id: 1, value: 10 }] },
        ]);
        assert.deepEqual(t.numatune, {
            mode: "strict", nodeset: "0-1", placement: undefined,
            memnodes: [{ cellid: 0, mode: "strict", nodeset: "0" }, { cellid: 1, mode: "preferred", nodeset: "1" }],
        });
        assert.strictEqual(t.memory, 4194304);
        assert.strictEqual(t.currentMemory, 3145728);
        assert.deepEqual(t.maxMemory, { size: 16777216, slots: 16 });
        assert.deepEqual(t.memtune, {
            hard_limit: 8388608, soft_limit: 1, swap_hard_limit: 9765625, min_guarantee: undefined,
        }, "G = GiB, 1000 bytes round up to 1 KiB, KB = 1000 bytes");
        assert.deepEqual(t.hugepages, [{ size: 2048, nodeset: "0" }, { size: 1048576, nodeset: "1" }]);
        assert.strictEqual(t.memoryDevices.length, 1);
        const dimm = t.memoryDevices[0];
        assert.strictEqual(dimm?.model, "dimm");
        assert.strictEqual(dimm?.size, 524288);
        assert.strictEqual(dimm?.node, 1);
        assert.strictEqual(dimm?.slot, 0);
        assert.strictEqual(dimm?.base, "0x100000000");
        assert.strictEqual(dimm?.alias, "dimm0");
        const dimmStart = FULL_OUT.indexOf("<memory model");
        const dimmText = FULL_OUT.slice(dimmStart, FULL_OUT.indexOf("</memory>", dimmStart) + "</memory>".length);
        assert.true(dimmText.includes("<alias name=\"dimm0\"/>"), "the fixture's DIMM has its alias");
        assert.strictEqual(dimm?.xml, dimmText, "device XML, as written in the domain");
        assert.strictEqual(canonical(dimm?.xml ?? ""), canonical(FULL.slice(FULL.indexOf("<memory model"), FULL.indexOf("</devices>"))));
        assert.deepEqual(t.memballoon, { model: "virtio", statsPeriod: 5, autodeflate: undefined, freePageReporting: undefined });
        assert.true(t.acpi);
    });

    QUnit.test("defaults where the XML says nothing", assert => {
        const t = readTuning(PLAIN);
        assert.deepEqual(t.vcpu, { max: 2, current: 2, placement: undefined, cpuset: undefined });
        assert.strictEqual(t.memory, 1048576, "no unit = KiB");
        assert.strictEqual(t.currentMemory, 1048576, "currentMemory defaults to memory");
        assert.strictEqual(t.maxMemory, undefined);
        assert.strictEqual(t.cpu.topology, undefined);
        assert.deepEqual(t.cpu.cells, []);
        assert.deepEqual(t.cputune.vcpupin, []);
        assert.deepEqual(t.numatune, { mode: undefined, nodeset: undefined, placement: undefined, memnodes: [] });
        assert.deepEqual(t.memtune, { hard_limit: undefined, soft_limit: undefined, swap_hard_limit: undefined, min_guarantee: undefined });
        assert.strictEqual(t.memballoon, undefined);
        assert.false(t.acpi);
        assert.strictEqual(t.iothreads, 0);
        assert.deepEqual(t.iothreadIds, []);
        assert.deepEqual(t.hugepages, []);
    });

    QUnit.test("dies default to 1, <hugepages/> without pages is the host default (size 0)", assert => {
        const xml = PLAIN.replace("<os>", "<memoryBacking><hugepages/></memoryBacking>\n  <os>")
            .replace("</os>", "</os>\n  <cpu><topology sockets='1' cores='4' threads='2'/></cpu>");
        const t = readTuning(xml);
        assert.deepEqual(t.cpu.topology, { sockets: 1, dies: 1, cores: 4, threads: 2 });
        assert.deepEqual(t.hugepages, [{ size: 0 }]);
    });

    QUnit.test("memory is /domain/memory, never /domain/devices/memory", assert => {
        const xml = `<domain type='kvm'><name>x</name><devices><memory model='dimm'><target><size unit='GiB'>1</size><node>0</node></target></memory></devices>
<cpu><numa><cell id='0' cpus='0' memory='1' unit='MiB'/></numa></cpu></domain>`;
        const t = readTuning(xml);
        assert.strictEqual(t.memory, 1024, "without <memory>, the sum of the cells");
        assert.strictEqual(t.memoryDevices[0]?.size, 1048576);
        assert.strictEqual(readTuning(FULL).memory, 4194304);
    });

    QUnit.test("every libvirt unit", assert => {
        const cases: [string, string, number][] = [
            ["1", "b", 1], ["1024", "bytes", 1], ["1025", "B", 2], ["1", "KB", 1], ["2048", "KB", 2000],
            ["1", "k", 1], ["1", "KiB", 1], ["1", "MB", 977], ["1", "M", 1024], ["1", "MiB", 1024],
            ["1", "GB", 976563], ["1", "G", 1048576], ["1", "GiB", 1048576], ["1", "TB", 976562500],
            ["1", "T", 1073741824], ["1", "TiB", 1073741824], ["1", "PB", 976562500000],
            ["1", "P", 1099511627776], ["1", "PiB", 1099511627776], ["7", "", 7], ["3", "kiB", 3],
        ];
        for (const [value, unit, kib] of cases) {
            const u = unit === "" ? "" : ` unit='${unit}'`;
            assert.strictEqual(readTuning(`<domain><memory${u}>${value}</memory></domain>`).memory, kib, `${value} ${unit}`);
        }
        assert.throws(() => readTuning("<domain><memory unit='furlong'>1</memory></domain>"), /furlong/);
        assert.throws(() => readTuning("<domain><memory>12abc</memory></domain>"), /12abc/);
    });

    QUnit.test("bad XML throws a clear Error, never a TypeError", assert => {
        const bad = ["", "   ", "<domain>", "<domain><name>x</nam></domain>", "not xml at all", "<network/>",
            "<domain><vcpu>two</vcpu></domain>"];
        for (const xml of bad) {
            try {
                readTuning(xml);
                assert.true(false, `no error for ${JSON.stringify(xml)}`);
            } catch (err) {
                assert.true(err instanceof Error && !(err instanceof TypeError) && err.message.length > 0,
                    `${JSON.stringify(xml)}: ${String(err)}`);
            }
            if (!xml.includes("two"))
                assert.throws(() => editTuning(xml, { memory: 1 }), /XML/, `editTuning ${JSON.stringify(xml)}`);
        }
        assert.throws(() => readTuning("<network/>"), /<domain>/);
    });
});

QUnit.module("domain-xml: edit", () => {
    QUnit.test("an empty change round-trips", assert => {
        assert.strictEqual(canonical(editTuning(FULL, {})), canonical(FULL));
        assert.strictEqual(editTuning(FULL, {}), FULL_OUT, "byte for byte, but for the quotes");
        assert.strictEqual(editTuning(PLAIN, {}), PLAIN.replace(/'/g, "\""), "byte for byte, but for the quotes");
        assert.strictEqual(canonical(editTuning(PLAIN, {})), canonical(PLAIN));
    });

    const writable = FIELD_IDS.filter(id => FIELDS[id].writable && !id.startsWith("maxMemory"));
    for (const xmlName of ["FULL", "PLAIN"]) {
        const xml = xmlName === "FULL" ? FULL : PLAIN;
        QUnit.test(`${xmlName}: each writable field sets, reads back, and clears`, assert => {
            const root = new DOMParser().parseFromString(xml, "application/xml").documentElement;
            for (const id of writable) {
                const spec = FIELDS[id];
                const old = readField(root, spec);
                const value = newValue(id, old);
                if (xmlName === "FULL" && id === "vcpu.current") {
                    // FULL lists its vCPUs in <vcpus>: libvirt takes current from there (see below)
                    assert.throws(() => editTuning(xml, changeFor(id, value)), /<vcpus>/);
                    continue;
                }
                const after = editTuning(xml, changeFor(id, value));
                const back = new DOMParser().parseFromString(after, "application/xml").documentElement;
                assert.strictEqual(readField(back, spec), value, `${id} set`);
                assertOnlyDiffers(assert, xml, after, spec.path, `${id} set`);
                if (spec.codec === "kib") {
                    let el: Element | undefined = back;
                    for (const name of spec.path)
                        el = Array.from(el?.childNodes ?? []).find((c): c is Element => c.nodeName === name);
                    assert.deepEqual([el?.getAttribute("unit"), el?.textContent], ["KiB", String(value)], `${id} written in KiB`);
                }
                if (id === "vcpu.max")
                    continue;
                const cleared = editTuning(xml, changeFor(id, null));
                const croot = new DOMParser().parseFromString(cleared, "application/xml").documentElement;
                assert.strictEqual(readField(croot, spec), clearedValue(id), `${id} cleared`);
                assertOnlyDiffers(assert, xml, cleared, spec.path, `${id} cleared`);
            }
        });
    }

    QUnit.test("new elements go where libvirt puts them, indented like their neighbours", assert => {
        const after = editTuning(PLAIN, {
            memtune: { swap_hard_limit: 3, soft_limit: 2, hard_limit: 1 },
            cputune: { emulator_quota: 5000, shares: 100, vcpupin: [{ id: 1, cpuset: "1" }, { id: 0, cpuset: "0" }], emulatorpin: "2-3" },
            maxMemory: { size: 2097152, slots: 4 },
            currentMemory: 524288,
            numatune: { mode: "strict", nodeset: "0", memnodes: [{ cellid: 0, mode: "interleave", nodeset: "0-1" }] },
            topology: { sockets: 1, dies: 1, cores: 2, threads: 1 },
            cells: [{ id: 0, cpus: "0-1", memory: 1048576, distances: [] }],
        });
        assert.strictEqual(after, `<domain type="qemu">
  <name>plain</name>
  <uuid>00000000-0000-0000-0000-000000000001</uuid>
  <maxMemory slots="4" unit="KiB">2097152</maxMemory>
  <memory>1048576</memory>
  <currentMemory unit="KiB">524288</currentMemory>
  <memtune>
    <hard_limit unit="KiB">1</hard_limit>
    <soft_limit unit="KiB">2</soft_limit>
    <swap_hard_limit unit="KiB">3</swap_hard_limit>
  </memtune>
  <vcpu>2</vcpu>
  <cputune>
    <shares>100</shares>
    <emulator_quota>5000</emulator_quota>
    <vcpupin vcpu="0" cpuset="0"/>
    <vcpupin vcpu="1" cpuset="1"/>
    <emulatorpin cpuset="2-3"/>
  </cputune>
  <numatune>
    <memory mode="strict" nodeset="0"/>
    <memnode cellid="0" mode="interleave" nodeset="0-1"/>
  </numatune>
  <os>
    <type arch="aarch64" machine="virt">hvm</type>
  </os>
  <cpu>
    <topology sockets="1" cores="2" threads="1"/>
    <numa>
      <cell id="0" cpus="0-1" memory="1048576" unit="KiB"/>
    </numa>
  </cpu>
  <devices>
    <emulator>/usr/bin/qemu-system-aarch64</emulator>
  </devices>
</domain>
`);
        const min = editTuning(PLAIN, { memtune: { min_guarantee: 7, hard_limit: 1, swap_hard_limit: 3 } });
        assert.strictEqual(min, replaceOnce(PLAIN.replace(/'/g, "\""), "  <vcpu>", `  <memtune>
    <hard_limit unit="KiB">1</hard_limit>
    <min_guarantee unit="KiB">7</min_guarantee>
    <swap_hard_limit unit="KiB">3</swap_hard_limit>
  </memtune>
  <vcpu>`), "libvirt writes min_guarantee before swap_hard_limit");
    });

    QUnit.test("clearing prunes parents left empty, and the layout stays tidy", assert => {
        const set = editTuning(PLAIN, { cputune: { shares: 1, period: 1000 }, memtune: { hard_limit: 1 } });
        const cleared = editTuning(set, { cputune: { shares: null, period: null }, memtune: { hard_limit: null } });
        assert.strictEqual(cleared, editTuning(PLAIN, {}));
        const numa = editTuning(FULL, { numatune: { mode: null, nodeset: null, memnodes: [] }, cells: [], topology: null });
        // numatune pruned; cpu keeps its attributes
        const numaStart = FULL_OUT.indexOf("  <numatune>");
        const cpuStart = FULL_OUT.indexOf("    <topology");
        assert.strictEqual(numa, FULL_OUT.slice(0, numaStart) + FULL_OUT.slice(FULL_OUT.indexOf("  <os>"), cpuStart) +
            FULL_OUT.slice(FULL_OUT.indexOf("  </cpu>")), "numatune pruned, cpu keeps its attributes");
        assert.true(numaStart > 0 && cpuStart > numaStart, "the fixture has both");
        const cpuGone = editTuning(editTuning(PLAIN, { topology: { sockets: 1, dies: 2, cores: 1, threads: 1 } }), { topology: null });
        assert.strictEqual(cpuGone, editTuning(PLAIN, {}), "<cpu/> pruned");
        const pins = editTuning(PLAIN.replace("<os>", "<cputune>\n    <vcpupin vcpu='0' cpuset='1'/>\n  </cputune>\n  <os>"),
            { cputune: { vcpupin: [] } });
        assert.strictEqual(pins, editTuning(PLAIN, {}), "emptied list prunes <cputune>");
        const balloonless = editTuning(FULL, { maxMemory: null });
        assert.strictEqual(balloonless, replaceOnce(FULL_OUT, `  <maxMemory slots="16" unit="GiB">16</maxMemory>\n`, ""));
        assert.strictEqual(readTuning(balloonless).maxMemory, undefined);
    });

    QUnit.test("keyed lists: update in place, remove, insert in id order, keep unknown parts", assert => {
        const after = editTuning(FULL, {
            cputune: {
                vcpupin: [{ id: 2, cpuset: "2" }, { id: 1, cpuset: "7" }, { id: 3, cpuset: "3" }],
                iothreadpin: [{ id: 5, cpuset: "0-1" }, { id: 2, cpuset: "6" }],
            },
        });
        assert.strictEqual(after, replaceOnce(FULL_OUT, `<!-- pinned by hand -->
    <vcpupin vcpu="0" cpuset="0"/>
    <vcpupin vcpu="1" cpuset="1" x-note="keep"/>
    <vcpupin vcpu="3" cpuset="3"/>
    <emulatorpin cpuset="4-5"/>
    <iothreadpin iothread="2" cpuset="6"/>
    <vcpusched`, `<!-- pinned by hand -->
    <vcpupin vcpu="1" cpuset="7" x-note="keep"/>
    <vcpupin vcpu="2" cpuset="2"/>
    <vcpupin vcpu="3" cpuset="3"/>
    <emulatorpin cpuset="4-5"/>
    <iothreadpin iothread="2" cpuset="6"/>
    <iothreadpin iothread="5" cpuset="0-1"/>
    <vcpusched`));
        const t = readTuning(after);
        assert.deepEqual(t.cputune.vcpupin, [{ id: 1, cpuset: "7" }, { id: 2, cpuset: "2" }, { id: 3, cpuset: "3" }]);
        assert.deepEqual(t.cputune.iothreadpin, [{ id: 2, cpuset: "6" }, { id: 5, cpuset: "0-1" }]);

        const cells = readTuning(FULL).cpu.cells;
        const edited = editTuning(FULL, {
            cells: [
                { ...(cells[1] as typeof cells[number]), cpus: "2-5", memory: 1048576 },
                { id: 2, cpus: "6-7", memory: 1024, memAccess: "private", distances: [{ id: 2, value: 10 }, { id: 1, value: 30 }] },
            ],
        });
        const numaBefore = FULL_OUT.slice(FULL_OUT.indexOf("<numa>"), FULL_OUT.indexOf("</numa>") + "</numa>".length);
        assert.strictEqual(edited, replaceOnce(FULL_OUT, numaBefore, `<numa>
      <cell id="1" cpus="2-5" memory="1048576" unit="KiB">
        <distances>
          <sibling id="0" value="21"/>
          <sibling id="1" value="10"/>
        </distances>
        <cache level="3" associativity="direct" policy="writeback"/>
      </cell>
      <cell id="2" cpus="6-7" memory="1024" unit="KiB" memAccess="private">
        <distances>
          <sibling id="1" value="30"/>
          <sibling id="2" value="10"/>
        </distances>
      </cell>
    </numa>`));
        assert.throws(() => editTuning(FULL, { cputune: { vcpupin: [{ id: 1, cpuset: "1" }, { id: 1, cpuset: "2" }] } }), /Duplicate/);
        const memnodes = editTuning(FULL, { numatune: { memnodes: [{ cellid: 1, mode: "interleave", nodeset: "1" }] } });
        assert.deepEqual(readTuning(memnodes).numatune.memnodes, [{ cellid: 1, mode: "interleave", nodeset: "1" }]);
        assert.deepEqual(readTuning(memnodes).numatune.mode, "strict", "the <memory> sibling stays");
    });

    QUnit.test("unknown elements, comments and attribute order survive", assert => {
        const after = editTuning(FULL, { cputune: { shares: 1 }, memory: 4194304, vcpu: { cpuset: "0-6" } });
        // the namespaced metadata, the comment, <cpu>'s attributes and <memory unit="KiB">4194304</memory>
        // (an unchanged value is not rewritten) stay as they were: only shares and cpuset change
        assert.strictEqual(after, replaceEach(FULL_OUT, [
            ["<shares>2048</shares>", "<shares>1</shares>"],
            [`<vcpu placement="static" cpuset="0-7,^3" current="2">`, `<vcpu placement="static" cpuset="0-6" current="2">`],
        ]));
        for (const kept of [`<vmtune:note xmlns:vmtune="https://example.org/vmtune">keep me</vmtune:note>`, "<!-- pinned by hand -->",
            `<cpu mode="host-passthrough" check="none" migratable="on">`, `<memory unit="KiB">4194304</memory>`])
            assert.strictEqual(FULL_OUT.split(kept).length, 2, `the fixture has ${kept}`);
        const shares = editTuning(FULL, { cputune: { shares: 1 } });
        assertOnlyDiffers(assert, FULL, shares, ["cputune", "shares"], "shares");
        assertOnlyDiffers(assert, shares, after, ["vcpu"], "vcpu");
    });

    QUnit.test("indentation follows the document: 4 spaces, tabs, or none", assert => {
        const four = PLAIN.replace(/\n {2}/g, "\n    ").replace(/\n {8}/g, "\n        ");
        assert.strictEqual(editTuning(four, { cputune: { shares: 5 } }), replaceOnce(four.replace(/'/g, "\""),
            "\n    <os>", "\n    <cputune>\n        <shares>5</shares>\n    </cputune>\n    <os>"));
        const tabs = PLAIN.replace(/\n {4}/g, "\n\t\t").replace(/\n {2}/g, "\n\t");
        assert.strictEqual(editTuning(tabs, { cputune: { shares: 5 } }), replaceOnce(tabs.replace(/'/g, "\""),
            "\n\t<os>", "\n\t<cputune>\n\t\t<shares>5</shares>\n\t</cputune>\n\t<os>"));
        const flat = PLAIN.replace(/\n\s*/g, "");
        const edited = editTuning(flat, { cputune: { shares: 5 } });
        assert.strictEqual(edited, replaceOnce(flat.replace(/'/g, "\""), "<vcpu>2</vcpu><os>", "<vcpu>2</vcpu><cputune><shares>5</shares></cputune><os>"));
    });

    QUnit.test("topology keeps the XML's choice about dies", assert => {
        const t = { sockets: 4, dies: 1, cores: 1, threads: 1 };
        assert.strictEqual(editTuning(FULL, { topology: t }), replaceOnce(FULL_OUT,
            `<topology sockets="2" dies="1" cores="2" threads="1"/>`, `<topology sockets="4" dies="1" cores="1" threads="1"/>`));
        const noDies = editTuning(PLAIN, { topology: t });
        assert.strictEqual(noDies, replaceOnce(PLAIN.replace(/'/g, "\""), "  <devices>",
            `  <cpu>\n    <topology sockets="4" cores="1" threads="1"/>\n  </cpu>\n  <devices>`));
        assert.deepEqual(readTuning(editTuning(PLAIN, { topology: { ...t, dies: 2 } })).cpu.topology, { ...t, dies: 2 });
    });

    QUnit.test("invalid values are refused with an Error", assert => {
        assert.throws(() => editTuning(PLAIN, { memory: 1.5 }), /whole number/);
        assert.throws(() => editTuning(PLAIN, { cputune: { shares: Number.NaN } }), /whole number/);
        assert.throws(() => editTuning(PLAIN, { cputune: { vcpupin: [{ id: -1, cpuset: "0" }] } }), /Invalid/);
    });

    QUnit.test("a nodeset and placement='auto' on <numatune><memory> are never written together", assert => {
        const auto = PLAIN.replace("<os>", "<numatune>\n    <memory mode='strict' placement='auto'/>\n  </numatune>\n  <os>");
        assert.throws(() => editTuning(auto, { numatune: { nodeset: "0" } }), /placement is automatic, so the nodeset 0 cannot be set/);
        const fixed = editTuning(auto, { numatune: { placement: "static", nodeset: "0" } });
        assert.deepEqual(readTuning(fixed).numatune, { mode: "strict", nodeset: "0", placement: "static", memnodes: [] });
        const pinned = PLAIN.replace("<os>", "<numatune>\n    <memory mode='strict' nodeset='1'/>\n  </numatune>\n  <os>");
        assert.throws(() => editTuning(pinned, { numatune: { placement: "auto" } }), /cannot keep the nodeset 1: clear the nodeset too/);
        const moved = editTuning(pinned, { numatune: { placement: "auto", nodeset: null } });
        assert.strictEqual(canonical(moved), canonical(pinned.replace("nodeset='1'", "placement='auto'")));
        // memnodes and placement='auto' neither
        const cells = FULL.replace("<memory mode='strict' nodeset='0-1'/>", "<memory mode='strict' placement='auto'/>")
            .replace(/\n {4}<memnode [^\n]*/g, "");
        assert.strictEqual(readTuning(cells).numatune.placement, "auto");
        assert.throws(() => editTuning(cells, { numatune: { memnodes: [{ cellid: 0, mode: "strict", nodeset: "0" }] } }),
            /memory nodes \(<memnode>\) cannot be combined with automatic memory placement/);
        assert.throws(() => editTuning(FULL, { numatune: { placement: "auto", nodeset: null } }), /automatic memory placement/);
        assert.deepEqual(readTuning(editTuning(FULL, { numatune: { placement: "auto", nodeset: null, memnodes: [] } })).numatune,
            { mode: "strict", nodeset: undefined, placement: "auto", memnodes: [] });
        // other edits of a document that already has both (libvirt's own numatune-auto-nodeset-invalid.xml) go through
        const both = pinned.replace("nodeset='1'", "placement='auto' nodeset='1'");
        assert.strictEqual(readTuning(editTuning(both, { numatune: { mode: "interleave" } })).numatune.mode, "interleave");
    });

    QUnit.test("clearing every cell is refused while <numa> holds more than cells; a set limit clears back", assert => {
        const hmat = FULL.replace("    </numa>", "      <interconnects>\n        <latency initiator='0' target='1' type='access' value='5'/>\n      </interconnects>\n    </numa>");
        assert.throws(() => editTuning(hmat, { cells: [] }), /cannot all be removed: <numa> also holds <interconnects>/);
        assert.deepEqual(readTuning(editTuning(FULL, { cells: [] })).cpu.cells, []);
        const withMin = editTuning(FULL, { memtune: { min_guarantee: 524288 } });
        assert.strictEqual(readTuning(withMin).memtune.min_guarantee, 524288);
        assert.strictEqual(canonical(editTuning(withMin, { memtune: { min_guarantee: null } })), canonical(FULL));
        const noPeriod = editTuning(FULL, { cputune: { emulator_period: null, emulator_quota: null } });
        assert.strictEqual(canonical(noPeriod), canonical(FULL.replace(/\n {4}<emulator_(period|quota)>\d+<\/emulator_\1>/g, "")));
    });

    QUnit.test("a VM listing its vCPUs in <vcpus>: current comes from there, the maximum keeps them all", assert => {
        // FULL lists vCPUs 0-3, 0 and 1 enabled (libvirt's cpu-hotplug-startup.xml style)
        assert.throws(() => editTuning(FULL, { vcpu: { current: 3 } }), /<vcpus>, 2 of them enabled: .* current count of 3/);
        assert.throws(() => editTuning(FULL, { vcpu: { max: 3 } }), /lists vCPU 3 in <vcpus>: a maximum of 3 vCPUs/);
        assert.strictEqual(readTuning(editTuning(FULL, { vcpu: { current: 2 } })).vcpu.current, 2);
        assert.strictEqual(readTuning(editTuning(FULL, { vcpu: { max: 6 } })).vcpu.max, 6);
        assert.strictEqual(readTuning(editTuning(FULL, { vcpu: { current: null } })).vcpu.current, 4);
    });

    QUnit.test("a <vcpu> attribute on XML without <vcpu>: the element comes with libvirt's count 1", assert => {
        const none = PLAIN.replace("  <vcpu>2</vcpu>\n", "");
        assert.strictEqual(readTuning(none).vcpu.max, 1, "libvirt reads a missing <vcpu> as 1 vCPU");
        const one = editTuning(none, { vcpu: { current: 1 } });
        assert.strictEqual(canonical(one), canonical(PLAIN.replace("<vcpu>2</vcpu>", "<vcpu current='1'>1</vcpu>")));
        assert.deepEqual(readTuning(one).vcpu, { max: 1, current: 1, placement: undefined, cpuset: undefined });
        const auto = editTuning(none, { vcpu: { placement: "auto" } });
        assert.strictEqual(canonical(auto), canonical(PLAIN.replace("<vcpu>2</vcpu>", "<vcpu placement='auto'>1</vcpu>")));
        const pinned = editTuning(none, { vcpu: { cpuset: "0-1" } });
        assert.strictEqual(canonical(pinned), canonical(PLAIN.replace("<vcpu>2</vcpu>", "<vcpu cpuset='0-1'>1</vcpu>")));
        // more current vCPUs than the one libvirt would give: refused with the reason, unless a maximum comes along
        assert.throws(() => editTuning(none, { vcpu: { current: 3 } }), /no <vcpu> element, so it has 1 vCPU: 3 current vCPUs/);
        assert.deepEqual(readTuning(editTuning(none, { vcpu: { max: 4, current: 3 } })).vcpu,
            { max: 4, current: 3, placement: undefined, cpuset: undefined });
        // clearing what is not there writes nothing
        assert.strictEqual(canonical(editTuning(none, { vcpu: { current: null, cpuset: null } })), canonical(none));
    });
});
