// Font subsetting (tools/subset-fonts.mjs): the kept characters cover every string of the page and
// its translations, the unicode-range says exactly those, and the built fonts are the subset ones.
import QUnit from "qunit";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
// @ts-expect-error plain ES module of the build, no types
import { addUnicodeRange, keptCodePoints, unicodeRange } from "../../tools/subset-fonts.mjs";

QUnit.module("subset-fonts", () => {
    QUnit.test("unicode-range joins runs and keeps single code points", assert => {
        assert.strictEqual(unicodeRange([0x20, 0x21, 0x22, 0xb5, 0x2264, 0x2265]), "U+20-22,U+B5,U+2264-2265");
        assert.strictEqual(unicodeRange([0x41]), "U+41");
    });

    QUnit.test("the kept characters: ASCII, the page's symbols, the Latin of the translations; no CJK", assert => {
        const kept = new Set<number>(keptCodePoints());
        for (let c = 0x20; c <= 0x7e; c++) assert.true(kept.has(c), `U+${c.toString(16)} kept`);
        for (const c of "µ·×–—“”…→≤≥−") assert.true(kept.has(c.codePointAt(0) ?? 0), `${c} kept`);
        // every non-CJK character of the zh_CN translation (its digits, punctuation, units)
        const po = readFileSync("po/zh_CN.po", "utf8");
        for (const c of po) {
            const cp = c.codePointAt(0) ?? 0;
            if (cp >= 0x20 && cp < 0x2e80) assert.true(kept.has(cp), `U+${cp.toString(16)} of zh_CN.po kept`);
        }
        assert.false([...kept].some(c => c >= 0x2e80), "no CJK: the fonts have none");
        assert.false(kept.has(0xe9), "é is not a character of the page (falls back)");
    });

    QUnit.test("a Red Hat @font-face gets the range, others are left alone", assert => {
        const css = "@font-face{font-family:Red Hat Text;src:url(./assets/RedHatTextVF-X.woff2)}" +
            "@font-face{font-family:pf-v6-pficon;src:url(./assets/pf-v6-pficon-X.woff2)}";
        const out = addUnicodeRange(css, [0x20, 0x21]);
        assert.strictEqual(out, "@font-face{font-family:Red Hat Text;src:url(./assets/RedHatTextVF-X.woff2);unicode-range:U+20-21}" +
            "@font-face{font-family:pf-v6-pficon;src:url(./assets/pf-v6-pficon-X.woff2)}");
        assert.strictEqual(addUnicodeRange(out, [0x20]), out, "an existing range is kept");
    });

    QUnit.test("the built stylesheet points at subset fonts with their range", assert => {
        const file = path.join(process.cwd(), "dist/index.css.gz");
        assert.true(existsSync(file), "dist/ is built (node esbuild.config.mjs)");
        const css = gunzipSync(readFileSync(file)).toString("utf8");
        const face = /@font-face\{[^}]*RedHatTextVF-[A-Z0-9]+\.woff2[^}]*\}/.exec(css)?.[0] ?? "";
        assert.true(face.includes(`unicode-range:${unicodeRange(keptCodePoints())}`), face);
        const built = readdirSync("dist/assets").find(f => /^RedHatTextVF-[A-Z0-9]+\.woff2$/.test(f)) ?? "";
        const original = "node_modules/@patternfly/react-core/dist/styles/assets/fonts/RedHatText/RedHatTextVF.woff2";
        const size = readFileSync(path.join("dist/assets", built)).length;
        assert.true(size < readFileSync(original).length / 2, `subset ${size} B, under half the original`);
    });
});
