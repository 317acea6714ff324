// The stylesheet pruner (tools/prune-css.mjs): what the page cannot use goes, everything it can use
// stays, on a small sample of PatternFly-shaped CSS; and on the built stylesheet, the page's own
// classes and the dark theme are still there.
import QUnit from "qunit";
import { allJs } from "./support/built.ts";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
// @ts-expect-error plain ES module of the build, no types
import { parse, pruneCss, requiredClasses, serialize } from "../../tools/prune-css.mjs";

const PAGE = `class:"pf-v6-c-button pf-m-primary",x:"pf-v6-theme-dark",y:"pf-v6-c-card",
    style:{"--pf-v6-c-card--Width":"1px"}`;

const SAMPLE = [
    ":root{--pf-t--color:red;--pf-t--unread:blue;--pf-t--chain-a:var(--pf-t--chain-b);--pf-t--chain-b:1px;--mine:2px}",
    ".pf-v6-c-button{color:var(--pf-t--color);--pf-v6-c-button--Gap:var(--pf-t--gap)}",
    ".pf-v6-c-button.pf-m-primary{color:blue}",
    ".pf-v6-c-button.pf-m-never{color:green}",
    ".pf-v6-c-wizard{--pf-v6-c-wizard--W:var(--pf-t--chain-a);width:var(--pf-v6-c-wizard--W)}",
    ".pf-v6-c-wizard .pf-v6-c-button,.pf-v6-c-button:hover{color:pink}",
    ".pf-v6-c-card:not(.pf-m-unknown){--pf-v6-c-card--Width:0;--pf-v6-c-card--Gap:1px;gap:var(--pf-v6-c-card--Gap)}",
    ":where(.pf-v6-theme-dark) .pf-v6-c-button{color:white}",
    ".pf-v6-theme-dark .pf-v6-c-card{color:black}",
    "[class*=\"pf-v6-c-wizard\"]{margin:0}",
    "@media (min-width:768px){.pf-v6-c-wizard{margin:1px}.pf-v6-c-button{margin:2px}}",
    "@media print{.pf-v6-c-wizard{margin:1px}}",
    ".pf-v6-c-button::-moz-focus-inner,.pf-v6-c-wizard{border:0}",
    ".pf-v6-u-w-50\\%{width:50%}",
    "@font-face{font-family:RedHat;src:url(font.woff2)}",
    "@keyframes pf-spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}",
    ".vmtune-page{content:\"}{;\"}",
].join("");

QUnit.module("prune-css", () => {
    QUnit.test("parse and serialize round-trip the sample exactly", assert => {
        assert.strictEqual(serialize(parse(SAMPLE)), SAMPLE);
    });

    QUnit.test("required classes: outside functional pseudos and attribute brackets only; escapes say 'cannot tell'", assert => {
        assert.deepEqual(requiredClasses(".pf-v6-c-a.pf-m-b > .pf-v6-c-c:not(.pf-m-d)[class*=\".pf-x\"]"), ["pf-v6-c-a", "pf-m-b", "pf-v6-c-c"]);
        assert.deepEqual(requiredClasses(":where(.pf-v6-theme-dark) .pf-v6-c-a"), ["pf-v6-c-a"]);
        assert.strictEqual(requiredClasses(".pf-v6-u-w-50\\%"), null);
    });

    QUnit.test("kept: what the page can use; dropped: what it cannot", assert => {
        const out = pruneCss(SAMPLE, PAGE);
        const kept = [
            ".pf-v6-c-button{color:var(--pf-t--color)", // used component
            ".pf-v6-c-button.pf-m-primary{color:blue}", // modifier named in the JS
            ".pf-v6-c-button:hover{color:pink}", // the live half of a mixed list
            ".pf-v6-c-card:not(.pf-m-unknown){--pf-v6-c-card--Width:0;--pf-v6-c-card--Gap:1px", // set from the JS, read
            ":where(.pf-v6-theme-dark) .pf-v6-c-button{color:white}", // dark theme
            ".pf-v6-theme-dark .pf-v6-c-card{color:black}",
            "[class*=\"pf-v6-c-wizard\"]{margin:0}", // attribute selectors are not class requirements
            "@media (min-width:768px){.pf-v6-c-button{margin:2px}}",
            ".pf-v6-c-button::-moz-focus-inner,.pf-v6-c-wizard{border:0}", // vendor pseudo: list untouched
            ".pf-v6-u-w-50\\%{width:50%}", // escaped: cannot tell, kept
            "@font-face{font-family:RedHat;src:url(font.woff2)}",
            "@keyframes pf-spin{",
            ".vmtune-page{content:\"}{;\"}",
            "--mine:2px", // not PatternFly's: never touched
            "--pf-t--color:red",
        ];
        for (const k of kept) assert.true(out.includes(k), `kept: ${k}`);
        const dropped = [
            "pf-m-never", // modifier nowhere in the JS
            ".pf-v6-c-wizard{--pf", "{.pf-v6-c-wizard{margin:1px}", // component never rendered
            ".pf-v6-c-wizard .pf-v6-c-button",
            "@media print", // emptied at-rule
            "--pf-t--unread", // read by nothing
            "--pf-t--chain-a", "--pf-t--chain-b", // read only by a dropped rule, then by a dropped property
        ];
        for (const d of dropped) assert.false(out.includes(d), `dropped: ${d}`);
        // a custom property the page sets from JS and the CSS reads stays
        assert.true(out.includes("--pf-v6-c-card--Width:0"));
        // --pf-v6-c-button--Gap is read by nothing: gone, the rule's other declaration stays
        assert.false(out.includes("--pf-v6-c-button--Gap"));
    });

    QUnit.test("the built stylesheet keeps the page's classes, the dark theme and the body font", assert => {
        const root = process.cwd();
        const file = path.join(root, "dist/index.css.gz");
        assert.true(existsSync(file), "dist/ is built (node esbuild.config.mjs)");
        const css = gunzipSync(readFileSync(file)).toString("utf8");
        // the page's JS is index.js and its chunks (the VM page, host page, dialogs are fetched when shown)
        const js = allJs(path.join(root, "dist"));
        for (const cls of ["pf-v6-c-card", "pf-v6-c-button", "pf-v6-c-table", "pf-v6-c-tabs", "pf-v6-theme-dark", "vmtune-page"])
            assert.true(css.includes(`.${cls}`) && (cls.startsWith("vmtune") || js.includes(cls)), `${cls} is styled`);
        // each component's own rule block, not only a mention in another's selector (the table, tabs
        // and layouts are plain markup that imports PatternFly's stylesheets itself)
        for (const cls of ["pf-v6-c-card", "pf-v6-c-button", "pf-v6-c-table", "pf-v6-c-tabs", "pf-v6-c-tab-content", "pf-v6-l-flex", "pf-v6-l-grid"])
            assert.true(css.includes(`}.${cls}{`), `${cls} has its own rules`);
        for (const cls of ["pf-m-grid-md", "pf-m-compact", "pf-m-align-items-center", "pf-m-all-6-col-on-md", "pf-m-gutter"])
            assert.true(css.includes(`.${cls}`), `modifier ${cls} is styled`);
        assert.true(/@font-face\{[^}]*RedHatTextVF/.test(css), "Red Hat Text's @font-face stays");
        // pruning again finds nothing more: the result is a fixed point
        assert.strictEqual(pruneCss(css, js + readFileSync(path.join(root, "src/index.html"), "utf8")), css);
    });
});
