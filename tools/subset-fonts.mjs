// Subsets PatternFly's Red Hat fonts (SIL OFL 1.1, no reserved font name) to the characters the page
// can show, at build time: the whole Red Hat Text face is 40 KB of a cold load, most of it glyphs
// (Cyrillic, Greek, Vietnamese, every accented Latin letter) no string of the page uses.
// Kept: printable ASCII, Latin-1's symbols, the usual punctuation, arrows and comparison signs, and
// every character of src/ and po/ (so a new translation brings its letters with it). The weight
// axis is cut to the range PatternFly's @font-face declares (the browser never asks outside it).
// The @font-face rules get a unicode-range of the kept characters: anything else (a VM named
// "café", CJK) falls back to the next font of the stack, as CJK already did.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import subsetFont from "subset-font";

const BASE = [
    [0x20, 0x7e],       // ASCII
    [0xa0, 0xbf],       // Latin-1 symbols: nbsp ° ± µ · ² ³ « » ¼ …
    [0xd7, 0xd7], [0xf7, 0xf7], // × ÷
    [0x2010, 0x2027],   // dashes, quotes, bullet, ellipsis
    [0x2030, 0x203a],   // ‰ ′ ″ ‹ ›
    [0x20ac, 0x20ac], [0x2122, 0x2122], // € ™
    [0x2190, 0x2195],   // arrows
    [0x2212, 0x2212], [0x2248, 0x2248], [0x2260, 0x2260], [0x2264, 0x2265], // − ≈ ≠ ≤ ≥
];
// OpenType features: those browsers apply by default, and tabular figures (the only one
// PatternFly's CSS asks for); stylistic sets, small caps, old-style figures etc. go with their glyphs
const FEATURES = ["ccmp", "locl", "rlig", "rvrn", "liga", "clig", "calt", "rclt", "kern", "mark", "mkmk", "curs", "tnum"];
// CJK and everything after it: not in these fonts, never worth asking for
const LAST = 0x2e7f;

// wght range per font file, as node_modules/@patternfly/react-core/dist/styles/base.css declares it
const AXES = {
    "RedHatTextVF": { min: 400, max: 600 },
    "RedHatTextVF-Italic": { min: 400, max: 600 },
    "RedHatDisplayVF": { min: 600, max: 800 },
    "RedHatDisplayVF-Italic": { min: 600, max: 800 },
    "RedHatMonoVF": 400,
    "RedHatMonoVF-Italic": 400,
};

function sourceChars(dir, out) {
    for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) sourceChars(p, out);
        else if (/\.(tsx?|po|html)$/.test(f)) for (const c of readFileSync(p, "utf8")) out.add(c.codePointAt(0));
    }
}

/** Sorted code points the subset keeps: BASE plus every character of `dirs` up to LAST. */
export function keptCodePoints(dirs = ["src", "po"]) {
    const set = new Set();
    for (const [a, b] of BASE) for (let c = a; c <= b; c++) set.add(c);
    for (const d of dirs) sourceChars(d, set);
    return [...set].filter(c => c >= 0x20 && c <= LAST).sort((a, b) => a - b);
}

/** CSS unicode-range value of sorted code points, runs joined (U+20-7E,U+B5,…). */
export function unicodeRange(points) {
    const hex = c => c.toString(16).toUpperCase();
    const parts = [];
    for (let i = 0; i < points.length;) {
        let j = i;
        while (j + 1 < points.length && points[j + 1] === points[j] + 1) j++;
        parts.push(j > i ? `U+${hex(points[i])}-${hex(points[j])}` : `U+${hex(points[i])}`);
        i = j + 1;
    }
    return parts.join(",");
}

/** esbuild plugin: Red Hat *.woff2 files are loaded subset (loader "file" as before). */
export function subsetFontsPlugin(points) {
    const text = String.fromCodePoint(...points);
    return {
        name: "subset-fonts",
        setup(b) {
            b.onLoad({ filter: /RedHat\w+VF(-Italic)?\.woff2$/ }, async args => {
                const name = path.basename(args.path, ".woff2");
                const axes = AXES[name];
                const contents = await subsetFont(readFileSync(args.path), text, {
                    targetFormat: "woff2",
                    keepFeatures: FEATURES,
                    ...(axes === undefined ? {} : { variationAxes: { wght: axes } }),
                });
                return { contents, loader: "file" };
            });
        },
    };
}

/** Adds `unicode-range` to each @font-face of a Red Hat font in `css` that has none. */
export function addUnicodeRange(css, points) {
    const range = unicodeRange(points);
    return css.replace(/@font-face\s*\{([^}]*)\}/g, (rule, body) =>
        /RedHat\w+VF/.test(body) && !/unicode-range/.test(body)
            ? `@font-face{${body.replace(/;?\s*$/, "")};unicode-range:${range}}`
            : rule);
}
