// libvirt 9.0.0's own 1070 test domain XMLs (../shared/data/libvirt-domains), for the corpus tests.
// A corpus that is missing or empty is an error, never a suite that passes on nothing.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CORPUS = "shared/data/libvirt-domains";
const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_CANDIDATES = [
    path.resolve(process.cwd(), "..", CORPUS), // make check runs from the repository root
    path.resolve(here, "../../../..", CORPUS), // test/unit/support/ -> repository root -> ..
];

/** The fewest files the corpus may have: libvirt 9.0.0 ships 1070. */
export const CORPUS_MIN_FILES = 1000;

export interface CorpusFile {
    name: string;
    xml: string;
}

/** Every domain XML of the corpus, sorted by name; throws when the corpus is missing or too small. */
export function loadCorpus(candidates: readonly string[] = CORPUS_CANDIDATES, min = CORPUS_MIN_FILES): { dir: string; files: CorpusFile[] } {
    const dir = candidates.find(d => existsSync(d));
    if (dir === undefined)
        throw new Error(`the libvirt domain corpus is missing (looked in ${candidates.join(", ")})`);
    const files = readdirSync(dir).filter(f => f.endsWith(".xml")).sort().map(name => ({
        name, xml: readFileSync(path.join(dir, name), "utf8"),
    }));
    if (files.length < min)
        throw new Error(`the libvirt domain corpus in ${dir} has ${files.length} domain XMLs, expected at least ${min}`);
    return { dir, files };
}
