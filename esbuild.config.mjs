// Builds dist/: index.html, index.js, index.css (gzip-only in production builds), manifest.json, fonts
// (subset to the page's characters),
// and po.<lang>.js per po/<lang>.po.
import { build, context } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import gettextParser from "gettext-parser";
import { pruneCss } from "./tools/prune-css.mjs";
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

// po/<lang>.po -> cockpit.locale(...) of its translated entries (all of them, or those `only` names).
function poToJs(file, only) {
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
            if (only && (context || !only.has(msgid))) continue;
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

const poPlugin = {
    name: "po",
    setup(b) {
        b.onEnd(() => {
            // po.<lang>.js: the page's strings, fetched by index.html as po.js (cockpit-ws picks the
            // language). Shipped as .gz only, like index.js: cockpit-ws sends it as is, and Cockpit 287's
            // C bridge unpacks it where the shell concatenates every package's po.js (`../*/po.js`).
            // po.manifest.<lang>.js: what the Python bridge (newer Cockpit) hands the shell for the menu
            // instead; it needs only the manifest's label and keywords, so that is all it holds.
            const menu = manifestStrings();
            for (const f of readdirSync("po").filter(f => f.endsWith(".po"))) {
                const { lang, js } = poToJs(path.join("po", f));
                const target = path.join(outdir, `po.${lang}.js`);
                if (production) writeFileSync(target + ".gz", gzipSync(js, { level: 9 }));
                else writeFileSync(target, js);
                writeFileSync(path.join(outdir, `po.manifest.${lang}.js`), poToJs(path.join("po", f), menu).js);
            }
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

const options = {
    entryPoints: { index: "src/index.tsx" },
    outdir,
    bundle: true,
    format: "iife",
    target: ["es2022"],
    minify: production,
    sourcemap: production ? false : "linked",
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
    plugins: [cockpitGlobal, poPlugin, subsetFontsPlugin(fontPoints)],
    logLevel: "info",
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
if (watch) {
    const ctx = await context(options);
    await ctx.watch();
} else {
    await build(options);
    // Like Cockpit's own packages: ship index.js.gz/index.css.gz only. cockpit-ws sends a .gz as is
    // (Content-Encoding: gzip) and unpacks it for clients without gzip; beside a plain file it is ignored.
    const css = path.join(outdir, "index.css");
    // then what the page cannot use: PatternFly's rules for components it never renders and the
    // custom properties nothing reads (tools/prune-css.mjs; BENCHMARKS.md has the figures)
    const page = readFileSync(path.join(outdir, "index.js"), "utf8") + readFileSync("src/index.html", "utf8");
    writeFileSync(css, addUnicodeRange(pruneCss(stripOptInThemes(readFileSync(css, "utf8")), page), fontPoints));
    for (const f of ["index.js", "index.css"]) {
        const file = path.join(outdir, f);
        writeFileSync(file + ".gz", gzipSync(readFileSync(file), { level: 9 }));
        rmSync(file);
    }
}
