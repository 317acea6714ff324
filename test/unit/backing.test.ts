// <memoryBacking>: read and minimal write of every part, libvirt's corpus domains with a
// <memoryBacking> as round trips, the rules (host pools, page multiples, locked, source/access), the
// next-boot plan (one define, refusals before anything is sent) and the conflict check.
import QUnit from "qunit";
import { canonical, installXmldom } from "./support/xml-canon.ts";
import { loadCorpus } from "./support/corpus-files.ts";
import { NUMA_XML, PLAIN_XML, planInput, refusedFields, tuningOf, variant, virshLines } from "./support/tuning-fixture.ts";
import { editTuning, readTuning } from "../../src/model/domain/domain-xml.ts";
import { diffTuning } from "../../src/model/domain/diff.ts";
import { changesSince } from "../../src/model/vm/changes.ts";
import type { Vm } from "../../src/model/vm/vm.ts";
import { checkMemoryBacking, checkPagesFit, nextStartShortOfPages, pageDemands } from "../../src/model/rules/rules.ts";
import type { HostPages } from "../../src/model/rules/rules.ts";
import { plan } from "../../src/model/plan/plan.ts";
import { backingChange } from "../../src/model/plan/plan-backing.ts";
import { backingDraft, contentionLine, demandLine, draftBacking, draftPages, draftThreads, pagesContended, pagesShowable, sameDraft, vmsShortOfPages } from "../../src/model/view/backing-view.ts";
import type { Tuning, TuningChange } from "../../src/model/types.ts";

installXmldom();

const GiB = 1048576;

function host(free2M: number, opts: { total?: number; surplus?: number; nodes?: number; mounts?: number[]; gig?: number } = {}): HostPages {
    const pools = [];
    for (let node = 0; node < (opts.nodes ?? 1); node++) {
        pools.push({ node, sizeKiB: 2048, total: opts.total ?? free2M, free: free2M, surplus: opts.surplus ?? 0 });
        pools.push({ node, sizeKiB: GiB, total: opts.gig ?? 0, free: opts.gig ?? 0, surplus: 0 });
    }
    return { pools, defaultSizeKiB: 2048, mounts: (opts.mounts ?? [2048]).map(size => ({ path: `/dev/hugepages${size}`, pageSizeKiB: size })) };
}

function withBacking(xml: string, backing: string): string {
    return xml.replace("  <vcpu", `  <memoryBacking>\n${backing}\n  </memoryBacking>\n  <vcpu`);
}

const ALL = `    <hugepages>
      <page size='2' unit='MiB' nodeset='0'/>
      <page size='1048576' unit='KiB' nodeset='1'/>
    </hugepages>
    <nosharepages/>
    <locked/>
    <source type='memfd'/>
    <access mode='shared'/>
    <allocation mode='immediate' threads='8'/>
    <discard/>`;

QUnit.module("memory backing: read and write", () => {
    QUnit.test("every part is read", assert => {
        const t = readTuning(withBacking(NUMA_XML, ALL));
        assert.deepEqual(t.hugepages, [{ size: 2048, nodeset: "0" }, { size: GiB, nodeset: "1" }]);
        assert.deepEqual(t.memoryBacking, {
            nosharepages: true, locked: true, discard: true, source: "memfd", access: "shared",
            allocation: { mode: "immediate", threads: 8 },
        });
        const none = readTuning(PLAIN_XML);
        assert.deepEqual(none.memoryBacking, { nosharepages: false, locked: false, discard: false });
        assert.deepEqual(none.hugepages, []);
        assert.deepEqual(readTuning(withBacking(PLAIN_XML, "    <hugepages/>\n    <source type='bogus'/>")).hugepages, [{ size: 0 }]);
        assert.strictEqual(readTuning(withBacking(PLAIN_XML, "    <source type='bogus'/>")).memoryBacking.source, undefined, "unknown values read as unset");
    });

    QUnit.test("a new <memoryBacking> is written in libvirt's order and place", assert => {
        const out = editTuning(PLAIN_XML, { memoryBacking: { discard: true, hugepages: [{ size: 2048 }], allocation: { mode: "immediate", threads: 2 }, source: "file", access: "shared", locked: true, nosharepages: true } });
        assert.true(out.includes(`  <currentMemory unit="KiB">1048576</currentMemory>
  <memoryBacking>
    <hugepages>
      <page size="2048" unit="KiB"/>
    </hugepages>
    <nosharepages/>
    <locked/>
    <source type="file"/>
    <access mode="shared"/>
    <allocation mode="immediate" threads="2"/>
    <discard/>
  </memoryBacking>
  <vcpu`), out);
    });

    QUnit.test("only what the change names differs; unchanged pages keep their spelling", assert => {
        const xml = withBacking(NUMA_XML, ALL);
        const out = editTuning(xml, { memoryBacking: { hugepages: [{ size: 2048, nodeset: "0" }, { size: 2048, nodeset: "1" }] } });
        assert.true(out.includes(`<page size="2" unit="MiB" nodeset="0"/>`), "the first page as written");
        assert.true(out.includes(`<page size="2048" unit="KiB" nodeset="1"/>`), "the second changed");
        assert.strictEqual(canonical(editTuning(out, { memoryBacking: { hugepages: [{ size: 2048, nodeset: "0" }, { size: GiB, nodeset: "1" }] } })),
                           canonical(xml.replace("size='1048576' unit='KiB'", "size='1048576' unit='KiB'")), "and back");
        const noFlags = editTuning(xml, { memoryBacking: { locked: false, nosharepages: false, discard: false } });
        assert.false(/<locked|<nosharepages|<discard/.test(noFlags));
        assert.true(noFlags.includes("<access mode=\"shared\"/>"));
        const defaultSize = editTuning(xml, { memoryBacking: { hugepages: [{ size: 0 }] } });
        assert.true(defaultSize.includes("    <hugepages/>\n    <nosharepages/>"), defaultSize);
    });

    QUnit.test("clearing every part removes <memoryBacking>, leaving the document as without it", assert => {
        const xml = withBacking(NUMA_XML, ALL);
        const out = editTuning(xml, { memoryBacking: { hugepages: null, locked: false, nosharepages: false, discard: false, source: null, access: null, allocation: null } });
        assert.strictEqual(canonical(out), canonical(NUMA_XML));
        assert.strictEqual(canonical(editTuning(xml, { memoryBacking: { allocation: { threads: 8 } } })),
                           canonical(xml.replace("mode='immediate' threads='8'", "threads='8'")), "an allocation change names both attributes");
    });

    QUnit.test("bad values are refused with the reason", assert => {
        assert.throws(() => editTuning(PLAIN_XML, { memoryBacking: { hugepages: [] } }), /empty hugepage list/);
        assert.throws(() => editTuning(PLAIN_XML, { memoryBacking: { hugepages: [{ size: -2 }] } }), /Invalid hugepage size/);
        assert.throws(() => editTuning(PLAIN_XML, { memoryBacking: { allocation: { threads: 0 } } }), /allocation threads/);
    });

    QUnit.test("libvirt's corpus domains with <memoryBacking>: their own values written back change nothing", assert => {
        const { files } = loadCorpus();
        let n = 0;
        for (const f of files.filter(file => file.xml.includes("<memoryBacking"))) {
            let t: Tuning;
            try {
                t = readTuning(f.xml);
            } catch {
                continue;
            }
            n++;
            const b = t.memoryBacking;
            const change: TuningChange = {
                memoryBacking: {
                    hugepages: t.hugepages.length === 0 ? null : t.hugepages,
                    nosharepages: b.nosharepages, locked: b.locked, discard: b.discard,
                    source: b.source ?? null, access: b.access ?? null,
                },
            };
            if (b.allocation && change.memoryBacking) {
                const { mode, threads } = b.allocation;
                change.memoryBacking.allocation = { ...(mode ? { mode } : {}), ...(threads ? { threads } : {}) };
            }
            assert.strictEqual(editTuning(f.xml, change), editTuning(f.xml, {}), `${f.name}: unchanged`);
            // every part turned off and back on again gives the same document
            const off = editTuning(f.xml, { memoryBacking: { hugepages: null, nosharepages: false, locked: false, discard: false, source: null, access: null, allocation: null } });
            assert.false(off.includes("<memoryBacking"), `${f.name}: all off removes it`);
            // written anew in libvirt's order and units: the same values, and nothing else differs
            const back = readTuning(editTuning(off, change));
            assert.deepEqual([back.hugepages, back.memoryBacking], [t.hugepages, t.memoryBacking], `${f.name}: back again`);
            assert.deepEqual(diffTuning(t, back), [], `${f.name}: nothing else differs`);
        }
        assert.true(n >= 35, `${n} corpus domains with <memoryBacking>`);
    });
});

QUnit.module("memory backing: rules", () => {
    const plain = (backing: string) => tuningOf(withBacking(PLAIN_XML, backing));
    const numa = (backing: string, numatune?: string) => {
        let xml = withBacking(NUMA_XML, backing);
        if (numatune !== undefined)
            xml = xml.replace(/<numatune>[\s\S]*<\/numatune>/, `<numatune>${numatune}</numatune>`);
        return tuningOf(xml);
    };

    QUnit.test("pages needed: the whole VM, or per cell with its own size and the nodes its memnode allows", assert => {
        assert.deepEqual(pageDemands(plain("<hugepages/>"), [0], 2048), [{ cells: [], sizeKiB: 2048, pages: 1024, nodes: [0] }]);
        assert.deepEqual(pageDemands(plain(""), [0], 2048), []);
        const t = numa("<hugepages><page size='2048' unit='KiB' nodeset='0'/><page size='1048576' unit='KiB' nodeset='1'/></hugepages>",
                       "<memory mode='strict' nodeset='0-1'/><memnode cellid='1' mode='strict' nodeset='1'/>");
        assert.deepEqual(pageDemands(t, [0, 1, 2], 2048), [
            { cells: [0], sizeKiB: 2048, pages: 512, nodes: [0, 1] },
            { cells: [1], sizeKiB: GiB, pages: 1, nodes: [1] },
        ]);
        const preferred = numa("<hugepages/>", "<memory mode='preferred' nodeset='0'/>");
        assert.deepEqual(pageDemands(preferred, [0, 1], 2048), [{ cells: [0, 1], sizeKiB: 2048, pages: 1024, nodes: [0, 1] }], "preferred may take any node");
    });

    QUnit.test("fit: refused when the pages of that size on the allowed nodes are short, with how many to add", assert => {
        const t = plain("<hugepages><page size='2048' unit='KiB'/></hugepages>");
        assert.deepEqual(checkPagesFit(t, host(1024), [0]), []);
        const short = checkPagesFit(t, host(1000), [0]);
        assert.strictEqual(short.length, 1);
        assert.strictEqual(short[0]?.severity, "error");
        assert.true(/needs 1024 pages of 2 MiB .* only 1000 would be free .*Allocate 24 more/.test(short[0]?.message ?? ""), short[0]?.message);
        // two nodes, but numatune binds to node 1 only
        const bound = tuningOf(withBacking(PLAIN_XML, "<hugepages/>").replace("</vcpu>", "</vcpu>\n  <numatune><memory mode='strict' nodeset='1'/></numatune>"));
        assert.strictEqual(checkPagesFit(bound, host(600, { nodes: 2 }), [0, 1]).length, 1, "600 on node 1 is not enough");
        assert.strictEqual(checkPagesFit(plain("<hugepages/>"), host(600, { nodes: 2 }), [0, 1]).length, 0, "unbound: 1200 on both nodes is");
    });

    QUnit.test("fit: a running VM's own pages come back at its restart, unless the pool keeps them as surplus", assert => {
        const t = plain("<hugepages/>");
        assert.deepEqual(nextStartShortOfPages(t, host(0, { total: 1024 }), [0], t), [], "it holds all 1024");
        assert.strictEqual(nextStartShortOfPages(t, host(0, { total: 1024, surplus: 100 }), [0], t).length, 1, "the pool was shrunk under it");
        assert.strictEqual(nextStartShortOfPages(t, host(0), [0], tuningOf(PLAIN_XML)).length, 1, "running without hugepages: nothing comes back");
    });

    QUnit.test("a size the host lacks, and a size without hugetlbfs mount, are refused", assert => {
        const gig = plain("<hugepages><page size='1' unit='GiB'/></hugepages>");
        assert.true(checkPagesFit(gig, host(4096, { gig: 4 }), [0]).some(f => /No hugetlbfs is mounted for 1 GiB/.test(f.message)));
        assert.deepEqual(checkPagesFit(gig, host(4096, { gig: 4, mounts: [2048, GiB] }), [0]), []);
        const odd = plain("<hugepages><page size='16' unit='MiB'/></hugepages>");
        assert.true(/no 16 MiB hugepages/.test(checkPagesFit(odd, host(4096), [0])[0]?.message ?? ""));
    });

    QUnit.test("memory that is no multiple of the page size wastes part of a page, per cell where cells are mapped", assert => {
        const t = tuningOf(withBacking(PLAIN_XML, "<hugepages><page size='1' unit='GiB'/></hugepages>").replace("2097152</memory>", "2099200</memory>"));
        const f = checkMemoryBacking(t, { hostNodes: [0] });
        // a warning: QEMU 7.2 rounds the backend up to whole pages (257 MiB on 2 MiB pages started, taking 129)
        assert.true(f.some(x => x.severity === "warning" && /not a multiple of the 1 GiB page size.*rounds.*Make it 2 GiB or 3 GiB/.test(x.message)), JSON.stringify(f));
        const cells = tuningOf(withBacking(NUMA_XML, "<hugepages><page size='1' unit='GiB' nodeset='1'/></hugepages>").replace("cpus='2-3' memory='1048576'", "cpus='2-3' memory='1050624'"));
        assert.true(checkMemoryBacking(cells, { hostNodes: [0] }).some(x => /Guest cell 1's memory/.test(x.message)));
        assert.false(checkMemoryBacking(tuningOf(withBacking(NUMA_XML, "<hugepages><page size='1' unit='GiB' nodeset='0'/></hugepages>")), { hostNodes: [0] })
            .some(x => x.severity === "error"), "cell 0 is 1 GiB");
    });

    QUnit.test("libvirt's own list rules: missing cells, two defaults, overlapping nodesets", assert => {
        const msgs = (t: Tuning) => checkMemoryBacking(t, { hostNodes: [0] }).filter(f => f.severity === "error").map(f => f.message).join("\n");
        assert.true(/guest cell 2, which does not exist/.test(msgs(numa("<hugepages><page size='2048' unit='KiB' nodeset='2'/></hugepages>"))));
        assert.true(/guest cell 1, which does not exist/.test(msgs(plain("<hugepages><page size='2048' unit='KiB' nodeset='0-1'/></hugepages>"))));
        assert.true(/two defaults/.test(msgs(plain("<hugepages><page size='2048' unit='KiB'/><page size='1048576' unit='KiB'/></hugepages>"))));
        assert.true(/overlap/.test(msgs(numa("<hugepages><page size='2048' unit='KiB' nodeset='0-1'/><page size='1048576' unit='KiB' nodeset='1'/></hugepages>"))));
        assert.strictEqual(msgs(numa("<hugepages><page size='2048' unit='KiB' nodeset='0'/><page size='2048' unit='KiB' nodeset='1'/></hugepages>")), "");
    });

    QUnit.test("locked needs a hard limit (error when turned on, warning when found), and room for plugged memory", assert => {
        const t = plain("<locked/>");
        assert.strictEqual(checkMemoryBacking(t, { hostNodes: [0] }).find(f => f.field === "backing.locked")?.severity, "error");
        assert.strictEqual(checkMemoryBacking(t, { hostNodes: [0], before: t }).find(f => f.field === "backing.locked")?.severity, "warning");
        const limited = variant(t, x => { x.memtune.hard_limit = 4 * GiB; });
        assert.deepEqual(checkMemoryBacking(limited, { hostNodes: [0] }).filter(f => f.field === "backing.locked"), []);
        const hotplug = tuningOf(withBacking(NUMA_XML, "<locked/>"));
        const low = variant(hotplug, x => { x.memtune.hard_limit = 4 * GiB; });
        assert.true(/DIMMs, virtio-mem.*up to 8 GiB/.test(checkMemoryBacking(low, { hostNodes: [0] }).find(f => f.field === "backing.locked")?.message ?? ""),
                    "maxMemory 8 GiB above the 4 GiB hard limit");
    });

    QUnit.test("backend choices: anonymous or on-demand beside hugepages refused (as libvirt 9.0 does at define), shared access without memfd warned", assert => {
        const fields = (t: Tuning) => checkMemoryBacking(t, { hostNodes: [0] }).filter(f => f.severity === "error").map(f => f.field);
        assert.deepEqual(fields(plain("<hugepages/><source type='anonymous'/>")), ["backing.source"]);
        assert.deepEqual(fields(plain("<hugepages/><allocation mode='ondemand'/>")), ["backing.allocation"]);
        // shared access: libvirt 9.0 uses a file under memory_backing_dir unless memfd (or hugepages): a warning
        const warned = (t: Tuning) => checkMemoryBacking(t, { hostNodes: [0] }).filter(f => f.severity === "warning" && f.field === "backing.access").length;
        assert.strictEqual(warned(plain("<access mode='shared'/>")), 1);
        assert.strictEqual(warned(plain("<access mode='shared'/><source type='anonymous'/>")), 1);
        assert.deepEqual(fields(plain("<access mode='shared'/><source type='anonymous'/>")), [], "libvirt accepts it");
        assert.strictEqual(warned(plain("<access mode='shared'/><source type='memfd'/>")), 0);
        assert.strictEqual(warned(plain("<access mode='shared'/><source type='file'/>")), 0);
        assert.strictEqual(warned(plain("<access mode='shared'/><hugepages/>")), 0);
        assert.strictEqual(warned(tuningOf(NUMA_XML.replace("memory='1048576' unit='KiB'/>", "memory='1048576' unit='KiB' memAccess='shared'/>"))), 1, "a cell's memAccess too");
        const threads = checkMemoryBacking(plain("<allocation mode='ondemand' threads='4'/>"), { hostNodes: [0] });
        assert.deepEqual(threads.map(f => f.severity), ["warning"]);
    });

    QUnit.test("1 GiB pages: the warning that they exist mostly from boot", assert => {
        const has = (t: Tuning, h?: HostPages) => checkMemoryBacking(t, { hostNodes: [0], host: h }).some(f => /reserved at boot/.test(f.message));
        assert.true(has(plain("<hugepages><page size='1' unit='GiB'/></hugepages>")));
        assert.false(has(plain("<hugepages/>"), host(4096)));
        assert.true(has(plain("<hugepages/>"), { ...host(0, { gig: 4, mounts: [GiB] }), defaultSizeKiB: GiB }), "the host's default size is 1 GiB");
    });
});

QUnit.module("memory backing: plan and conflicts", () => {
    QUnit.test("next boot: one define with only the backing changed, its inverse the XML as read", assert => {
        const p = plan(planInput(PLAIN_XML, true, "config", { memoryBacking: { hugepages: [{ size: 2048 }], nosharepages: true } }));
        assert.deepEqual(p.refusals, []);
        assert.deepEqual(p.steps.map(s => [s.command, s.scope]), [["define", "config"]]);
        assert.true(p.steps[0]?.needsRestart);
        assert.true(virshLines(p)[0]?.startsWith("virsh define"));
        assert.strictEqual(p.steps[0]?.call.method, "DomainDefineXML");
        assert.strictEqual(p.steps[0]?.call.args[0], editTuning(PLAIN_XML, { memoryBacking: { hugepages: [{ size: 2048 }], nosharepages: true } }));
        assert.strictEqual(p.steps[0]?.inverse?.call.args[0], PLAIN_XML);
    });

    QUnit.test("nothing changed gives no step; live only is refused", assert => {
        const same = plan(planInput(PLAIN_XML, false, "config", { memoryBacking: { hugepages: null, locked: false, source: null, allocation: null } }));
        assert.deepEqual([same.steps, same.refusals], [[], []]);
        const live = plan(planInput(PLAIN_XML, true, "live", { memoryBacking: { discard: true } }));
        assert.deepEqual([live.steps.length, refusedFields(live)], [0, ["backing"]]);
    });

    QUnit.test("the planner refuses what libvirt would: nothing is sent", assert => {
        const p = plan(planInput(PLAIN_XML, false, "config", { memoryBacking: { hugepages: [{ size: 2048 }], source: "anonymous" } }));
        assert.deepEqual([p.steps.length, refusedFields(p)], [0, ["backing.source"]]);
        const locked = plan(planInput(PLAIN_XML, false, "config", { memoryBacking: { locked: true } }));
        assert.deepEqual(refusedFields(locked), ["backing.locked"]);
    });

    QUnit.test("a backing changed by someone else is a difference and a conflict", assert => {
        const before = tuningOf(PLAIN_XML);
        const otherXml = editTuning(PLAIN_XML, { memoryBacking: { hugepages: [{ size: 2048 }] } });
        assert.deepEqual(diffTuning(before, tuningOf(otherXml)), ["hugepages.0: ∅ → {\"size\":2048}"]);
        assert.deepEqual(diffTuning(before, tuningOf(editTuning(PLAIN_XML, { memoryBacking: { access: "shared" } }))), ["memoryBacking.access: ∅ → \"shared\""]);
        const vm = (configXml: string): Vm => ({
            connection: { uri: "qemu:///system", driver: "qemu", session: false }, path: "/p", name: "plain", uuid: before.uuid,
            state: "shutoff", active: false, persistent: true, configXml, config: tuningOf(configXml),
        });
        const changes = changesSince(vm(PLAIN_XML), vm(otherXml));
        assert.strictEqual(changes.length, 1);
        assert.true(/next boot: .*memoryBacking/.test(changes[0] ?? ""), changes[0]);
    });
});

QUnit.module("memory backing: the card's data", () => {
    QUnit.test("the draft of a definition and back: the VM's page, then one page per size the cells take", assert => {
        const t = tuningOf(withBacking(NUMA_XML, ALL));
        const d = backingDraft(t);
        assert.deepEqual(d, { wide: "", cells: { 0: "2048", 1: "1048576" }, nosharepages: true, locked: true, discard: true,
                              source: "memfd", access: "shared", allocation: "immediate", threads: "8" });
        assert.deepEqual(draftPages(d), [{ size: 2048, nodeset: "0" }, { size: GiB, nodeset: "1" }]);
        assert.deepEqual(draftPages({ ...d, wide: "default", cells: { 0: "2048", 1: "2048" } }), [{ size: 0 }, { size: 2048, nodeset: "0-1" }]);
        assert.strictEqual(draftPages({ ...d, wide: "", cells: { 0: "", 1: "" } }), null);
        assert.deepEqual(backingDraft(tuningOf(withBacking(PLAIN_XML, "<hugepages/>"))).wide, "default");
        assert.true(pagesShowable(t));
        assert.false(pagesShowable(tuningOf(withBacking(PLAIN_XML, "<hugepages><page size='2048' unit='KiB' nodeset='3'/></hugepages>"))));
        assert.false(pagesShowable(tuningOf(withBacking(PLAIN_XML, "<hugepages><page size='2048' unit='KiB' nodeset='x'/></hugepages>"))));
        assert.true(sameDraft(d, backingDraft(t)));
        assert.false(sameDraft(d, { ...d, locked: false }));
    });

    QUnit.test("the wanted backing names every part; unchanged, it plans nothing", assert => {
        const t = tuningOf(withBacking(NUMA_XML, ALL));
        const wanted = draftBacking(backingDraft(t), true);
        assert.deepEqual(wanted, {
            hugepages: [{ size: 2048, nodeset: "0" }, { size: GiB, nodeset: "1" }], nosharepages: true, locked: true, discard: true,
            source: "memfd", access: "shared", allocation: { mode: "immediate", threads: 8 },
        });
        assert.strictEqual(backingChange(wanted, t), undefined);
        const none = draftBacking(backingDraft(tuningOf(PLAIN_XML)), false);
        assert.deepEqual(none, { nosharepages: false, locked: false, discard: false, source: null, access: null, allocation: null }, "pages it cannot show are left out");
        assert.deepEqual(draftThreads(" 4 "), { threads: 4 });
        assert.deepEqual(draftThreads(""), {});
        for (const bad of ["0", "-1", "x", "1.5"])
            assert.true("error" in draftThreads(bad), bad);
    });

    QUnit.test("demand lines, and the VMs whose next start would fail", assert => {
        assert.strictEqual(demandLine({ cells: [0, 1], sizeKiB: 2048, pages: 512, nodes: [0] }), "Guest cells 0-1: 512 pages of 2 MiB (1 GiB) from host node(s) 0");
        assert.strictEqual(demandLine({ cells: [], sizeKiB: 2048, pages: 128, nodes: [0, 1] }), "The VM: 128 pages of 2 MiB (256 MiB) from host node(s) 0-1");
        const huge = withBacking(PLAIN_XML, "<hugepages/>");
        const vm = (name: string, xml: string, active: boolean): Vm => ({
            connection: { uri: "qemu:///system", driver: "qemu", session: false }, path: `/${name}`, name, uuid: "u",
            state: active ? "running" : "shutoff", active, persistent: true, configXml: xml, config: tuningOf(xml),
            ...(active ? { liveXml: xml, live: tuningOf(xml) } : {}),
        });
        const vms = [vm("a", huge, true), vm("b", huge, false), vm("c", PLAIN_XML, false)];
        assert.deepEqual(vmsShortOfPages(vms, host(0, { total: 1024 }), [0]).map(s => s.name), ["b"], "a holds its pages; c takes none");
        assert.deepEqual(vmsShortOfPages(vms, host(0, { total: 1024, surplus: 1024 }), [0]).map(s => s.name), ["a", "b"]);
        assert.deepEqual(vmsShortOfPages(vms, host(2048), [0]), []);

        // b and d (shut off, 1024 pages each) fit alone in 1536 free pages, not together; a runs and holds its own
        const both = [...vms, vm("d", huge, false)];
        const contended = pagesContended(both, host(1536), [0]);
        assert.deepEqual(contended, [{ names: ["b", "d"], sizeKiB: 2048, nodes: [0], pages: 2048, free: 1536 }]);
        assert.strictEqual(contentionLine(contended[0] as (typeof contended)[number]),
                           "b, d need 2048 pages of 2 MiB on host node(s) 0 to start together; 1536 are free, so whichever starts last fails");
        assert.deepEqual(pagesContended(both, host(2048), [0]), [], "room for both");
        assert.deepEqual(pagesContended(both, host(512), [0]), [], "each is short on its own: named by vmsShortOfPages instead");
    });
});
