// Builds dist/: index.html, index.js, index.css (gzip-only in production builds), manifest.json, fonts
// (subset to the page's characters),
// and po.<lang>.js per po/<lang>.po.
import { build, context } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import gettextParser from "gettext-parser";
import { pruneCss } from "./tools/prune-css.mjs";
import { unescapeJs } from "./tools/js-strings.mjs";
import { addUnicodeRange, keptCodePoints, subsetFontsPlugin } from "./tools/subset-fonts.mjs";

const watch = process.argv.includes("--watch");
const production = !watch && process.env.NODE_ENV !== "development";
const outdir = "dist";
// the characters the fonts keep (tools/subset-fonts.mjs): the page's own strings and translations
const fontPoints = keptCodePoints();

// `import cockpit from "cockpit"` is the global that ../base1/cockpit.js defines.
const cockpitGlobal = {
    name: "cockpit-global",
    setup(b) {
        b.onResolve({ filter: /^cockpit$/ }, () => ({ path: "cockpit", namespace: "cockpit-global" }));
        b.onLoad({ filter: /.*/, namespace: "cockpit-global" }, () => ({
            contents: "export default window.cockpit;",
            loader: "js",
        }));
    },
};

// The strings of manifest.json the shell shows and searches: the menu label and keywords (as in make pot).
function manifestStrings() {
    const manifest = JSON.parse(readFileSync("manifest.json", "utf8"));
    const strings = new Set();
    for (const section of [manifest.menu, manifest.tools])
        for (const entry of Object.values(section ?? {})) {
            strings.add(entry.label);
            for (const k of entry.keywords ?? []) for (const w of k.matches) strings.add(w);
        }
    return strings;
}

// po/<lang>.po -> cockpit.locale(...) of its translated entries (all of them, or those `keep(msgid, context)` takes).
function poToJs(file, keep = () => true) {
    const po = gettextParser.po.parse(readFileSync(file));
    const lang = path.basename(file, ".po");
    const header = po.headers;
    const dict = {
        "": {
            "plural-forms": header["Plural-Forms"] ?? "nplurals=2; plural=(n != 1);",
            language: lang,
            "language-direction": "ltr",
        },
    };
    for (const [context, entries] of Object.entries(po.translations)) {
        for (const [msgid, entry] of Object.entries(entries)) {
            if (!msgid || entry.comments?.flag?.includes("fuzzy")) continue;
            if (entry.msgstr.every(s => !s)) continue;
            if (!keep(msgid, context)) continue;
            const key = context ? `${context}\u0004${msgid}` : msgid;
            dict[key] = [entry.msgid_plural ?? null, ...entry.msgstr];
        }
    }
    const plural = dict[""]["plural-forms"].replace(/^.*plural=/, "").replace(/;\s*$/, "");
    // cockpit.locale wants plural-forms as a function; it is built here from the header, not evaluated at run time.
    const body = JSON.stringify(dict).replace(
        /"plural-forms":"[^"]*"/,
        `"plural-forms":function(n){var nplurals,plural;plural=(${plural});return plural;}`,
    );
    return { lang, js: `cockpit.locale(${body});\n` };
}

/**
 * po.<lang>.js: the strings the first view can show, fetched by index.html as po.js (cockpit-ws picks
 * the language); po.views.<lang>.js: the rest, fetched with the first view that is a chunk of its own
 * (src/ui/strings.ts). A msgid goes to po.js when the JS of the first load holds its text, or when no
 * JS holds it (the manifest's, or built otherwise): a string shown early is never left untranslated.
 * `coldJs` undefined (watch builds): everything in po.js. Shipped as .gz only, like index.js:
 * cockpit-ws sends it as is, and Cockpit 287's C bridge unpacks it where the shell concatenates every
 * package's po.js (`../*\/po.js`). po.manifest.<lang>.js: what the Python bridge (newer Cockpit)
 * hands the shell for the menu instead; it needs only the manifest's label and keywords.
 */
export function writePo(coldJs, allJs) {
    const menu = manifestStrings();
    const cold = coldJs === undefined ? undefined : unescapeJs(coldJs);
    const all = allJs === undefined ? undefined : unescapeJs(allJs);
    const early = (msgid, context) => cold === undefined || context || cold.includes(msgid) || !all?.includes(msgid);
    const write = (name, js) => {
        const target = path.join(outdir, name);
        if (production) writeFileSync(target + ".gz", gzipSync(js, { level: 9 }));
        else writeFileSync(target, js);
    };
    for (const f of readdirSync("po").filter(f => f.endsWith(".po"))) {
        const file = path.join("po", f);
        const { lang, js } = poToJs(file, early);
        write(`po.${lang}.js`, js);
        if (cold !== undefined) write(`po.views.${lang}.js`, poToJs(file, (m, c) => !early(m, c)).js);
        writeFileSync(path.join(outdir, `po.manifest.${lang}.js`), poToJs(file, (m, c) => !c && menu.has(m)).js);
    }
}

const poPlugin = {
    name: "po",
    setup(b) {
        b.onEnd(() => {
            if (watch) writePo();
            copyFileSync("src/index.html", path.join(outdir, "index.html"));
            copyFileSync("manifest.json", path.join(outdir, "manifest.json"));
        });
    },
};

// PatternFly's opt-in themes that nothing here switches on (Cockpit offers light and dark only):
// their token blocks are ~140 KB of CSS. Drops each selector that needs such a theme class on an
// ancestor; `:not(.pf-v6-theme-glass)` selectors (the default look) stay.
const OPT_IN = /\.pf-v6-theme-(?:high-contrast|glass|felt)\b/;

function splitSelectors(selector) {
    const parts = [];
    let depth = 0, start = 0;
    for (let i = 0; i < selector.length; i++) {
        const c = selector[i];
        if (c === "(") depth++;
        else if (c === ")") depth--;
        else if (c === "," && depth === 0) { parts.push(selector.slice(start, i)); start = i + 1; }
    }
    return [...parts, selector.slice(start)];
}

function withoutNot(selector) {
    let out = "", i = 0;
    while (i < selector.length) {
        if (selector.startsWith(":not(", i)) {
            let depth = 0, j = i + 4;
            for (; j < selector.length; j++) {
                if (selector[j] === "(") depth++;
                else if (selector[j] === ")" && --depth === 0) break;
            }
            i = j + 1;
        } else out += selector[i++];
    }
    return out;
}

export function stripOptInThemes(text) {
    return text.replace(/([^{}]*)\{([^{}]*)\}/g, (rule, selector, body) => {
        if (!OPT_IN.test(selector) || selector.trim().startsWith("@")) return rule;
        const keep = splitSelectors(selector).filter(s => !OPT_IN.test(withoutNot(s)));
        return keep.length ? `${keep.join(",")}{${body}}` : "";
    });
}

// The page's JS is split (ESM, esbuild's code splitting): index.js holds what the overview needs; the
// VM page, its tabs, the host page and the dialogs are chunks (chunks/*.js) fetched when first shown
// (src/ui/lazy.tsx), so a cold load of the list does not carry them (see BENCHMARKS.md).
const common = {
    bundle: true,
    target: ["es2022"],
    minify: production,
    legalComments: production ? "external" : "inline",
    define: { "process.env.NODE_ENV": JSON.stringify(production ? "production" : "development") },
    loader: { ".woff2": "file", ".svg": "file" },
    assetNames: "assets/[name]-[hash]",
    // React's API from Preact (preact/compat): the same components and hooks at a third of
    // react-dom's weight, which is most of the page's transfer (see BENCHMARKS.md)
    alias: {
        "react": "preact/compat",
        "react-dom": "preact/compat",
        "react-dom/client": "preact/compat/client",
        "react/jsx-runtime": "preact/jsx-runtime",
    },
    logLevel: "info",
};

// Stylesheets imported by the code never reach the JS build: one index.css for every view comes from
// the unsplit build below (split CSS would need loading beside each chunk, and the pruned sheet is one
// file the first paint needs anyway).
const noCss = {
    name: "no-css",
    setup(b) {
        b.onResolve({ filter: /\.css$/ }, args => ({ path: args.path, namespace: "no-css" }));
        b.onLoad({ filter: /.*/, namespace: "no-css" }, () => ({ contents: "", loader: "js" }));
    },
};

const jsOptions = {
    ...common,
    entryPoints: { index: "src/index.tsx" },
    outdir,
    format: "esm",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
    sourcemap: production ? false : "linked",
    plugins: [cockpitGlobal, noCss, poPlugin],
};

// index.css (and the fonts it names) from the whole page as one bundle; its JS output is not kept.
const cssOptions = {
    ...common,
    entryPoints: { index: "src/index.tsx" },
    outdir: path.join("build", "css"),
    format: "iife",
    sourcemap: false,
    logLevel: "warning",
    plugins: [cockpitGlobal, subsetFontsPlugin(fontPoints)],
};

/** Moves the CSS build's index.css and assets/ into dist/ (the JS build writes none). */
function takeCss() {
    const from = cssOptions.outdir;
    copyFileSync(path.join(from, "index.css"), path.join(outdir, "index.css"));
    mkdirSync(path.join(outdir, "assets"), { recursive: true });
    for (const f of readdirSync(path.join(from, "assets")))
        copyFileSync(path.join(from, "assets", f), path.join(outdir, "assets", f));
}

/** The JS files a first load fetches (index.js and the chunks it imports statically), relative to dist/. */
function firstLoad(metafile) {
    const seen = new Set();
    const visit = file => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const i of metafile.outputs[file]?.imports ?? []) if (i.kind === "import-statement") visit(i.path);
    };
    visit(path.join(outdir, "index.js"));
    return [...seen].map(f => path.relative(outdir, f));
}

/** index.html with a <link rel="modulepreload"> for each of `files` after the index.js module. */
function withModulePreload(html, files) {
    const tag = '<script type="module" src="index.js"></script>';
    if (!html.includes(tag)) throw new Error(`src/index.html has no ${tag}`);
    return html.replace(tag, [tag, ...files.map(f => `<link rel="modulepreload" href="${f}">`)].join("\n    "));
}

/** Every JS file of the build (entry and chunks), relative to dist/. */
function jsFiles() {
    const chunks = path.join(outdir, "chunks");
    const inChunks = readdirSync(chunks, { withFileTypes: true }).filter(e => e.isFile() && e.name.endsWith(".js")).map(e => path.join("chunks", e.name));
    return ["index.js", ...inChunks];
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
rmSync(cssOptions.outdir, { recursive: true, force: true });
if (watch) {
    const css = await context({ ...cssOptions, plugins: [...cssOptions.plugins, { name: "take-css", setup(b) { b.onEnd(r => { if (r.errors.length === 0) takeCss(); }); } }] });
    await css.watch();
    const ctx = await context(jsOptions);
    await ctx.watch();
} else {
    await build(cssOptions);
    const { metafile } = await build(jsOptions);
    takeCss();
    const text = f => readFileSync(path.join(outdir, f), "utf8");
    writePo(firstLoad(metafile).map(text).join("\n"), jsFiles().map(text).join("\n"));
    // the first load's chunks are named in index.html, so the browser fetches them all at once
    // instead of discovering them import by import (a chain of round trips through cockpit-ws)
    writeFileSync(path.join(outdir, "index.html"), withModulePreload(readFileSync("src/index.html", "utf8"), firstLoad(metafile).filter(f => f !== "index.js")
        .sort((a, b) => statSync(path.join(outdir, b)).size - statSync(path.join(outdir, a)).size)));
    // Like Cockpit's own packages: ship index.js.gz/index.css.gz (and each chunk) only. cockpit-ws sends a .gz as is
    // (Content-Encoding: gzip) and unpacks it for clients without gzip; beside a plain file it is ignored.
    const css = path.join(outdir, "index.css");
    const js = jsFiles();
    // then what the page cannot use: PatternFly's rules for components it never renders and the
    // custom properties nothing reads (tools/prune-css.mjs; BENCHMARKS.md has the figures)
    const page = js.map(f => readFileSync(path.join(outdir, f), "utf8")).join("\n") + readFileSync("src/index.html", "utf8");
    writeFileSync(css, addUnicodeRange(pruneCss(stripOptInThemes(readFileSync(css, "utf8")), page), fontPoints));
    for (const f of [...js, "index.css"]) {
        const file = path.join(outdir, f);
        writeFileSync(file + ".gz", gzipSync(readFileSync(file), { level: 9 }));
        rmSync(file);
    }
}
