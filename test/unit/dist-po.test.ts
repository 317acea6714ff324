// The built translations (esbuild.config.mjs): the page's po.<lang>.js and po.views.<lang>.js ship
// gzip-only and hold every translated entry between them; po.manifest.<lang>.js holds the manifest's menu label and keywords only.
import QUnit from "qunit";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gunzipSync } from "node:zlib";
// @ts-expect-error gettext-parser ships no types; the one call used is typed below
import gettextParser from "gettext-parser";

const ROOT = process.cwd();
const DIST = path.join(ROOT, "dist");

type Locale = Record<string, unknown>;
type PoEntry = { msgid: string; msgstr: string[]; comments?: { flag?: string } };

/** The data a po.*.js file hands cockpit.locale, run in a sandbox with only that function. */
function localeOf(text: string): Locale {
    let data: Locale | undefined;
    vm.runInNewContext(text, { cockpit: { locale: (d: Locale) => { data = d; } } });
    if (!data) throw new Error("no cockpit.locale call");
    return data;
}

function manifestStrings(): string[] {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "manifest.json"), "utf8")) as {
        menu?: Record<string, { label: string; keywords?: { matches: string[] }[] }>;
    };
    return Object.values(manifest.menu ?? {}).flatMap(e => [e.label, ...(e.keywords ?? []).flatMap(k => k.matches)]);
}

QUnit.module("dist: translations", () => {
    const langs = readdirSync(path.join(ROOT, "po")).filter(f => f.endsWith(".po")).map(f => path.basename(f, ".po"));

    QUnit.test("there is a language to check", assert => {
        assert.true(langs.includes("zh_CN"), `languages: ${langs.join(", ")}`);
    });

    for (const lang of langs) {
        QUnit.test(`${lang}: page strings gzip-only and complete; the manifest file only the menu's strings`, assert => {
            assert.false(existsSync(path.join(DIST, `po.${lang}.js`)), "no uncompressed copy beside the .gz");
            const page = localeOf(gunzipSync(readFileSync(path.join(DIST, `po.${lang}.js.gz`))).toString("utf8"));
            const manifest = localeOf(readFileSync(path.join(DIST, `po.manifest.${lang}.js`), "utf8"));

            const po = gettextParser.po.parse(readFileSync(path.join(ROOT, "po", `${lang}.po`))) as unknown as
                { translations: Record<string, Record<string, PoEntry>> };
            const translated = Object.values(po.translations[""] ?? {})
                .filter(e => e.msgid && e.msgstr.some(s => s) && !e.comments?.flag?.includes("fuzzy"))
                .map(e => e.msgid);
            // po.js holds the first view's strings, po.views.<lang>.js the rest (test/unit/dist-split.test.ts)
            const views = localeOf(gunzipSync(readFileSync(path.join(DIST, `po.views.${lang}.js.gz`))).toString("utf8"));
            const both = [...Object.keys(page), ...Object.keys(views)].filter(k => k);
            assert.deepEqual([...both].sort(), [...translated].sort(), "the page gets every translated entry, each once");

            const menu = manifestStrings().filter(s => translated.includes(s));
            assert.true(menu.includes("VM tuning"), "the menu label is translated");
            assert.deepEqual(Object.keys(manifest).filter(k => k).sort(), [...new Set(menu)].sort(), "the manifest file: the menu's strings, nothing else");
            for (const s of menu) assert.deepEqual(manifest[s], page[s], `${s}: the same translation in both`);
            assert.strictEqual((manifest[""] as Locale).language, lang);
            assert.strictEqual(typeof (manifest[""] as Locale)["plural-forms"], "function", "plural-forms as a function, like the page's");
        });
    }
});
