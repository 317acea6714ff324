// Bundles each test/unit/*.test.ts with esbuild (Node has no TypeScript) and runs them with QUnit.
// Exit code and the "N passed, N failed" line come from QUnit's TAP summary, parsed by test/summary.
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const out = path.join(here, "../../build/unit");
const only = process.argv.slice(2);
const entries = readdirSync(here)
    .filter(f => f.endsWith(".test.ts"))
    .filter(f => only.length === 0 || only.some(o => f.includes(o)))
    .map(f => path.join(here, f));

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
const qunit = path.join(here, "../../node_modules/qunit/bin/qunit.js");
const result = spawnSync(process.execPath, [qunit, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
