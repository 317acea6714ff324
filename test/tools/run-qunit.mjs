// Runs DIR/*.test.ts with QUnit's CLI (TAP) in Node, TypeScript loaded by tsx (Node 20 has no
// type stripping); tsx keeps source maps exact, so c8 reports coverage per source file.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export function runQunit(dir, filters) {
    const files = readdirSync(dir)
        .filter(f => f.endsWith(".test.ts"))
        .filter(f => filters.length === 0 || filters.some(o => f.includes(o)))
        .sort()
        .map(f => path.join(dir, f));
    const qunit = path.join(root, "node_modules/qunit/bin/qunit.js");
    const result = spawnSync(process.execPath, ["--import", "tsx", qunit, ...files], { stdio: "inherit", cwd: root });
    return result.status ?? 1;
}
