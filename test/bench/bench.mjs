// Bundles test/bench/main.ts for Node (Node 20 has no TypeScript) and runs it.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const out = path.join(root, "build/bench/main.mjs");
await build({
    entryPoints: [path.join(root, "test/bench/main.ts")],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    // the model code the bench times is minified like the shipped bundle
    minify: true,
    sourcemap: "inline",
    logLevel: "warning",
});
const result = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
