// Golden edit cases in test/unit/golden: NAME.in.xml (a domain), NAME.edit.json (a TuningChange)
// and NAME.out.xml (editTuning's output, reviewed by hand and kept as a file so that any change of
// the output shows as a git diff). golden.test.ts compares; golden/regenerate.mjs rewrites the outputs.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { editTuning } from "./model.ts";
import type { TuningChange } from "./model.ts";

export const GOLDEN_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../golden");

/** The three files of a case; the README and the regenerate script are the only other files there. */
const SUFFIXES = [".in.xml", ".edit.json", ".out.xml"] as const;
const OTHER_FILES = ["README.md", "regenerate.mjs"];

export interface GoldenCase {
    name: string;
    input: string;
    change: TuningChange;
    /** the reviewed output */
    output: string;
}

export function goldenFile(name: string, suffix: typeof SUFFIXES[number]): string {
    return path.join(GOLDEN_DIR, name + suffix);
}

/** Every case, by name; throws on a stray file or a case missing one of its files. */
export function goldenNames(): string[] {
    const files = readdirSync(GOLDEN_DIR).filter(f => !OTHER_FILES.includes(f));
    const names = [...new Set(files.map(f => f.replace(/\.(in\.xml|edit\.json|out\.xml)$/, "")))].sort();
    for (const f of files) {
        if (!SUFFIXES.some(s => f.endsWith(s)))
            throw new Error(`test/unit/golden/${f}: not part of a golden case (NAME.in.xml, NAME.edit.json, NAME.out.xml)`);
    }
    for (const name of names) {
        for (const s of SUFFIXES.slice(0, 2)) {
            if (!files.includes(name + s))
                throw new Error(`golden case ${name} has no ${name}${s}`);
        }
    }
    return names;
}

function readInput(name: string): { input: string; change: TuningChange } {
    return {
        input: readFileSync(goldenFile(name, ".in.xml"), "utf8"),
        change: JSON.parse(readFileSync(goldenFile(name, ".edit.json"), "utf8")) as TuningChange,
    };
}

export function goldenCase(name: string): GoldenCase {
    return { name, ...readInput(name), output: readFileSync(goldenFile(name, ".out.xml"), "utf8") };
}

/** What the current code writes for a case. */
export function editedNow(c: { input: string; change: TuningChange }): string {
    return editTuning(c.input, c.change);
}

/** Rewrites every NAME.out.xml from the current code; returns the names whose output changed. */
export function regenerateAll(): string[] {
    const changed: string[] = [];
    for (const name of goldenNames()) {
        const out = editedNow(readInput(name));
        let old: string | undefined;
        try {
            old = readFileSync(goldenFile(name, ".out.xml"), "utf8");
        } catch {
            old = undefined;
        }
        if (old !== out) {
            writeFileSync(goldenFile(name, ".out.xml"), out);
            changed.push(name);
        }
    }
    return changed;
}
