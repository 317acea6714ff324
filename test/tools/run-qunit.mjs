// Bundles DIR/*.test.ts with esbuild (Node 20 has no TypeScript) and runs them with QUnit's CLI (TAP).
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export async function runQunit(dir, name, filters) {
    const out = path.join(root, "build", name);
    const entries = readdirSync(dir)
        .filter(f => f.endsWith(".test.ts"))
        .filter(f => filters.length === 0 || filters.some(o => f.includes(o)))
        .sort()
        .map(f => path.join(dir, f));
    rmSync(out, { recursive: true, force: true });
    await build({
        entryPoints: entries,
        outdir: out,
        outExtension: { ".js": ".mjs" },
        bundle: true,
        platform: "node",
        format: "esm",
        sourcemap: "inline",
        packages: "external",
        logLevel: "warning",
    });
    const files = entries.map(e => path.join(out, path.basename(e).replace(/\.ts$/, ".mjs")));
    const qunit = path.join(root, "node_modules/qunit/bin/qunit.js");
    const result = spawnSync(process.execPath, [qunit, ...files], { stdio: "inherit" });
    return result.status ?? 1;
}
