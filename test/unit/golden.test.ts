// Golden edits: for every case in test/unit/golden, editTuning(NAME.in.xml, NAME.edit.json) is
// NAME.out.xml as a whole document, canonically and byte for byte (editTuning promises minimal
// textual edits: untouched lines keep their text, new ones their neighbours' indentation), and
// every input and output is a domain libvirt's schema accepts (virt-xml-validate FILE domain) and
// every output one libvirt defines (its test driver, through virsh).
import QUnit from "qunit";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { canonical, installXmldom } from "./support/xml-canon.ts";
import { scratchDir, virtXmlValidate } from "./support/corpus-validate.ts";
import { editedNow, goldenCase, goldenFile, goldenNames } from "./support/golden.ts";
import { FIELDS, FIELD_IDS } from "./support/model.ts";

installXmldom();

/** virt-xml-validate FILE domain: undefined when the file validates, else its messages. */
function schemaProblems(validator: string, file: string): string | undefined {
    try {
        execFileSync(validator, [file, "domain"], { stdio: "pipe" });
        return undefined;
    } catch (err) {
        const e = err as { stdout?: Buffer; stderr?: Buffer };
        return `${String(e.stderr ?? "")}${String(e.stdout ?? "")}`.trim() || String(err);
    }
}

/** virsh define FILE on libvirt's test driver (a fresh one per call): undefined when libvirt takes it, else its error. */
function defineProblems(file: string): string | undefined {
    try {
        execFileSync("virsh", ["-q", "-c", "test:///default", "define", file], { stdio: "pipe" });
        return undefined;
    } catch (err) {
        const e = err as { stderr?: Buffer };
        return String(e.stderr ?? "").trim() || String(err);
    }
}

const names = goldenNames();

QUnit.module("golden edits", () => {
    QUnit.test("the cases are there, one per edit kind", assert => {
        assert.true(names.length >= 20, `${names.length} cases`);
        for (const name of names)
            assert.true(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name), `${name}: a lower-case, dash-separated name`);
        // every part of a TuningChange is edited by at least one case
        const parts = new Set(names.flatMap(name => {
            const change = goldenCase(name).change as Record<string, unknown>;
            return Object.entries(change).flatMap(([k, v]) =>
                v !== null && typeof v === "object" && !Array.isArray(v) ? Object.keys(v).map(sub => `${k}.${sub}`) : [k]);
        }));
        // the writable fields of the model's table (a new one needs a case), maxMemory set as a whole,
        // the keyed lists and the topology; not min_guarantee, which QEMU refuses (domain-xml.test.ts has it)
        const scalar = FIELD_IDS.filter(id => FIELDS[id].writable).map(id => id.startsWith("maxMemory.") ? "maxMemory" : id);
        // memoryBacking's flags, source and access are in the table; its hugepages and allocation are parts of their own
        const wanted = [...new Set([...scalar, "cputune.vcpupin", "cputune.iothreadpin", "topology", "cells", "numatune.memnodes",
            "memoryBacking.hugepages", "memoryBacking.allocation",
            ...["mode", "model", "fallback", "migratable", "check", "features", "cache"].map(k => `cpuModel.${k}`)])]
            .filter(p => p !== "memtune.min_guarantee");
        assert.true(wanted.length >= 26, `${wanted.length} edit kinds`);
        assert.deepEqual(wanted.filter(p => !parts.has(p)), [], "no edit kind without a golden case");
    });

    for (const name of names) {
        QUnit.test(name, assert => {
            const c = goldenCase(name);
            const out = editedNow(c);
            assert.strictEqual(canonical(out), canonical(c.output), "the whole document, canonically");
            assert.strictEqual(out, c.output, "the whole document, byte for byte (run test/unit/golden/regenerate.mjs and review the git diff when intended)");
            if (Object.keys(c.change).length > 0)
                assert.notStrictEqual(canonical(c.output), canonical(c.input), "the edit changes the document");
            else
                assert.strictEqual(canonical(c.output), canonical(c.input), "an empty edit changes nothing");
        });
    }

    QUnit.test("every input and output validates with virt-xml-validate FILE domain", assert => {
        const validator = virtXmlValidate(); // throws when it is missing: this test never passes without it
        for (const name of names) {
            for (const suffix of [".in.xml", ".out.xml"] as const)
                assert.strictEqual(schemaProblems(validator, goldenFile(name, suffix)), undefined, `${name}${suffix}`);
        }
        const broken = goldenCase(names[0] ?? "").output.replace("<name>", "<name bogus='1'>");
        const dir = scratchDir("vmtune-golden-");
        try {
            writeFileSync(path.join(dir, "d.xml"), broken);
            assert.notStrictEqual(schemaProblems(validator, path.join(dir, "d.xml")), undefined, "the check refuses an unknown attribute");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    // libvirt's parse and post-parse checks beyond the schema (NUMA cells contiguous from 0 and not
    // overlapping, pins within the vCPUs, maxMemory with NUMA …): the test driver runs them on define
    QUnit.test("libvirt defines every output (virsh -c test:///default define FILE)", assert => {
        for (const name of names)
            assert.strictEqual(defineProblems(goldenFile(name, ".out.xml")), undefined, `${name}.out.xml`);
        const overlapping = goldenCase("cells-keyed-by-id").output.replace('cpus="8-11"', 'cpus="7-11"');
        assert.notStrictEqual(overlapping, goldenCase("cells-keyed-by-id").output, "the broken document differs");
        const dir = scratchDir("vmtune-golden-");
        try {
            writeFileSync(path.join(dir, "d.xml"), overlapping);
            assert.true(/overlapping vCPU ids/.test(defineProblems(path.join(dir, "d.xml")) ?? ""), "libvirt refuses overlapping cells");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
