// Golden edits: for every case in test/unit/golden, editTuning(NAME.in.xml, NAME.edit.json) is
// NAME.out.xml as a whole document, canonically and byte for byte (editTuning promises minimal
// textual edits: untouched lines keep their text, new ones their neighbours' indentation), and
// every input and output is a domain libvirt's schema accepts (virt-xml-validate FILE domain).
import QUnit from "qunit";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { canonical, installXmldom } from "./xml-canon.ts";
import { scratchDir, virtXmlValidate } from "./corpus-validate.ts";
import { editedNow, goldenCase, goldenFile, goldenNames } from "./support/golden.ts";

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
        const wanted = [
            "vcpu.max", "vcpu.current", "vcpu.placement", "vcpu.cpuset",
            "cputune.shares", "cputune.period", "cputune.quota", "cputune.global_period", "cputune.global_quota",
            "cputune.iothread_period", "cputune.iothread_quota", "cputune.vcpupin", "cputune.emulatorpin", "cputune.iothreadpin",
            "topology", "cells", "numatune.mode", "numatune.nodeset", "numatune.placement", "numatune.memnodes",
            "memory", "currentMemory", "maxMemory",
            "memtune.hard_limit", "memtune.soft_limit", "memtune.swap_hard_limit",
        ];
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
});
