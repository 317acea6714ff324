// Builds the browser test package "vmtune-test": one QUnit page per test/browser/*.test.ts, served by
// cockpit-ws like any Cockpit package so the tests use real channels (cockpit.dbus, spawn, file).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const here = path.join(root, "test/browser");
const out = path.join(root, "build/browser-pkg");
const suites = readdirSync(here).filter(f => f.endsWith(".test.ts")).map(f => f.replace(/\.test\.ts$/, ""));

const globals = {
    name: "globals",
    setup(b) {
        b.onResolve({ filter: /^(cockpit|qunit)$/ }, args => ({ path: args.path, namespace: "global" }));
        b.onLoad({ filter: /.*/, namespace: "global" }, args => ({
            contents: `export default window.${args.path === "qunit" ? "QUnit" : "cockpit"};`,
            loader: "js",
        }));
    },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
    entryPoints: suites.map(s => path.join(here, `${s}.test.ts`)),
    outdir: out,
    bundle: true,
    format: "iife",
    target: ["es2022"],
    sourcemap: "inline",
    // the page's hooks, with React's API from Preact as in esbuild.config.mjs
    alias: { "react": "preact/compat", "react-dom/client": "preact/compat/client", "react/jsx-runtime": "preact/jsx-runtime" },
    plugins: [globals],
    logLevel: "warning",
});
copyFileSync(path.join(root, "node_modules/qunit/qunit/qunit.js"), path.join(out, "qunit.js"));
copyFileSync(path.join(root, "node_modules/qunit/qunit/qunit.css"), path.join(out, "qunit.css"));
writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ version: 0, requires: { cockpit: "287" } }));
for (const suite of suites) {
    writeFileSync(path.join(out, `${suite}.html`), `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${suite}</title>
<link rel="stylesheet" href="qunit.css">
<script src="../base1/cockpit.js"></script>
<script src="qunit.js"></script>
</head><body><div id="qunit"></div><div id="qunit-fixture"></div>
<script src="${suite}.test.js"></script>
</body></html>
`);
}
writeFileSync(path.join(out, "suites.json"), JSON.stringify(suites));

// visible to the bridge of the user running the tests (root under `make check`)
const link = path.join(os.homedir(), ".local/share/cockpit/vmtune-test");
mkdirSync(path.dirname(link), { recursive: true });
rmSync(link, { force: true });
symlinkSync(out, link);
console.log(`browser suites: ${suites.join(", ")} -> ${link}`);
