// The built page is split (esbuild.config.mjs, src/ui/views.tsx): a first load fetches index.js and
// the chunks it imports statically; the VM page, the Performance tab, the host page and the dialogs
// are chunks fetched when first shown, with their translations (po.views.<lang>.js). Run after a
// build (make check builds first).
import QUnit from "qunit";
import { readdirSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
// @ts-expect-error a build tool in plain JS (no types): unescapeJs(code: string): string
import { unescapeJs } from "../../tools/js-strings.mjs";
import { allJs, firstLoad, jsFiles, readBuilt, shippedBytes, staticImports } from "./support/built.ts";

const DIST = path.join(process.cwd(), "dist");
/** the views that are chunks of their own (src/ui/views.tsx) */
const VIEWS = ["VmPage", "HostPage", "PerfTab", "PlanReview", "AttachDimmDialog"];
/**
 * What a first load of the list may fetch as JS (KB as shipped, gzip). It was 126 KB as one bundle;
 * split, about 66. A view that pulls its code into index.js (a static import of something in
 * src/ui/views.tsx) shows here first.
 */
const FIRST_LOAD_JS_KB = 85;

function unescape(code: string): string {
    return (unescapeJs as (c: string) => string)(code);
}

function localeKeys(file: string): string[] {
    let data: Record<string, unknown> = {};
    vm.runInNewContext(readBuilt(DIST, file), { cockpit: { locale: (d: Record<string, unknown>) => { data = d; } } });
    return Object.keys(data).filter(k => k);
}

QUnit.module("dist: the page split into chunks", () => {
    QUnit.test("index.html loads index.js as a module; the chunks ship gzip-only", assert => {
        const html = readBuilt(DIST, "index.html");
        assert.true(/<script type="module" src="index.js"><\/script>/.test(html), "index.js is an ES module (import() of chunks)");
        assert.true(html.indexOf("cockpit.js") < html.indexOf("index.js") && html.indexOf("index.js") < html.indexOf("po.js"),
                    "cockpit.js first; the module runs after po.js (modules are deferred)");
        const chunks = readdirSync(path.join(DIST, "chunks")).filter(f => f.includes(".js"));
        assert.true(chunks.length > 5, `${chunks.length} chunks`);
        assert.deepEqual(chunks.filter(f => f.endsWith(".js")), [], "no uncompressed chunk beside the .gz");
    });

    QUnit.test("the views are chunks of their own that a first load does not fetch", assert => {
        const first = firstLoad(DIST);
        const all = jsFiles(DIST);
        assert.true(first.length > 1 && first.every(f => all.includes(f)), `first load: ${first.join(", ")}`);
        for (const view of VIEWS) {
            const chunk = all.find(f => new RegExp(`^chunks/${view}-\\w+\\.js$`).test(f));
            assert.true(chunk !== undefined, `${view} is a chunk`);
            assert.false(first.includes(chunk ?? ""), `${view} is not fetched by a first load`);
        }
        // the check can fail: index.js's own imports are part of it
        assert.deepEqual(staticImports(DIST, "index.js").filter(f => !first.includes(f)), []);
        // index.html names the first load's chunks, so they are fetched at once, not import by import
        const html = readBuilt(DIST, "index.html");
        const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map(m => m[1]);
        assert.deepEqual([...preloaded].sort(), first.filter(f => f !== "index.js").sort(), "modulepreload: exactly the first load's chunks");
        const kb = first.reduce((sum, f) => sum + shippedBytes(DIST, f), 0) / 1000;
        assert.true(kb <= FIRST_LOAD_JS_KB, `first load JS ${kb.toFixed(1)} KB (gzip) ≤ ${FIRST_LOAD_JS_KB} KB`);
    });

    QUnit.test("translations: po.js has every string the first load can show, po.views.<lang>.js the rest", assert => {
        const cold = unescape(firstLoad(DIST).map(f => readBuilt(DIST, f)).join("\n"));
        const later = unescape(allJs(DIST));
        const langs = readdirSync(path.join(process.cwd(), "po")).filter(f => f.endsWith(".po")).map(f => path.basename(f, ".po"));
        for (const lang of langs) {
            const early = localeKeys(`po.${lang}.js`);
            const views = localeKeys(`po.views.${lang}.js`);
            assert.deepEqual(early.filter(k => views.includes(k)), [], `${lang}: no string in both`);
            assert.deepEqual(views.filter(k => cold.includes(k)), [], `${lang}: no string of the first load waits for a view`);
            assert.deepEqual(views.filter(k => !later.includes(k)), [], `${lang}: po.views holds only strings of the views`);
            assert.true(views.length > early.length, `${lang}: most strings (${views.length} of ${views.length + early.length}) come with the views`);
        }
    });
});
