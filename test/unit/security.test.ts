// Security by inspection of what ships: the built bundle (dist/index.js[.gz] and its chunks), index.html, the po
// files and manifest.json, plus the sources. No cockpit.spawn with a shell string or a shell, no eval
// or new Function, no inline script or style, no unsafe-inline / unsafe-eval CSP. Run after a build
// (make check builds first); a missing dist/ is a failure, never a skip.
import QUnit from "qunit";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { allJs } from "./support/built.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = [process.cwd(), path.resolve(here, "../..")].find(d => existsSync(path.join(d, "esbuild.config.mjs"))) ?? process.cwd();
const DIST = path.join(ROOT, "dist");

function readBuilt(name: string): string {
    const file = path.join(DIST, name);
    if (existsSync(file + ".gz")) return gunzipSync(readFileSync(file + ".gz")).toString("utf8");
    return readFileSync(file, "utf8");
}

function sources(dir: string): { file: string; text: string }[] {
    return readdirSync(dir).flatMap(f => {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) return sources(p);
        return /\.(ts|tsx)$/.test(f) && !f.endsWith(".d.ts") ? [{ file: path.relative(ROOT, p), text: readFileSync(p, "utf8") }] : [];
    });
}

/** Each spawn call whose first argument is not an array literal, or whose array starts a shell. */
export function spawnProblems(code: string): string[] {
    const out: string[] = [];
    const call = /\.spawn\(\s*/g;
    for (let m = call.exec(code); m; m = call.exec(code)) {
        const rest = code.slice(m.index + m[0].length, m.index + m[0].length + 80);
        if (!rest.startsWith("["))
            out.push(`spawn with a non-array argument: ${code.slice(m.index, m.index + 60)}`);
        else if (/^\[\s*["'`](?:\/(?:usr\/)?bin\/)?(?:sh|bash|dash|zsh|ksh)["'`]/.test(rest) || /^\[[^\]]*["'`]-c["'`]/.test(rest))
            out.push(`spawn of a shell: ${code.slice(m.index, m.index + 60)}`);
    }
    return out;
}

/** lodash's _root.js (via PatternFly): `freeGlobal || freeSelf || Function("return this")()`. The
 *  fallback runs only where neither `global` nor `self` exists, never in a browser page; the page's CSP
 *  (no unsafe-eval) would refuse it anyway. Exactly this expression is allowed, nothing else. */
const LODASH_ROOT = /\|\|Function\("return this"\)\(\)/g;

/** eval, new Function, Function("…") and string timers. */
export function evalProblems(source: string): string[] {
    const code = source.replace(LODASH_ROOT, "||lodashRoot");
    const patterns: [RegExp, string][] = [
        [/(?<![\w$.])eval\s*\(/g, "eval("],
        [/\bnew\s+Function\s*\(/g, "new Function("],
        [/(?<![\w$.])(?<!new\s+)Function\s*\(\s*["'`]/g, "Function(\"…\")"],
        [/\bset(?:Timeout|Interval)\s*\(\s*["'`]/g, "string timer"],
    ];
    return patterns.flatMap(([re, what]) => [...code.matchAll(re)].map(m => `${what} at ${code.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + 40)}`));
}

function strings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
    return [];
}

QUnit.module("security", () => {
    QUnit.test("the detectors find what they look for (so a clean result means something)", assert => {
        assert.strictEqual(spawnProblems(`cockpit.spawn("numactl --hardware")`).length, 1, "shell string");
        assert.strictEqual(spawnProblems(`c.spawn(cmd)`).length, 1, "variable command line");
        assert.strictEqual(spawnProblems(`F.spawn(["/bin/sh","-c","x"])`).length, 1, "shell in an array");
        assert.strictEqual(spawnProblems(`F.spawn(["bash", "x.sh"])`).length, 1, "bash");
        assert.strictEqual(spawnProblems(`F.spawn(["numactl","--hardware"],{})`).length, 0, "argument array");
        assert.strictEqual(evalProblems(`x=eval("1")`).length, 1, "eval");
        assert.strictEqual(evalProblems(`new Function("a","return a")`).length, 1, "new Function");
        assert.strictEqual(evalProblems(`setTimeout("go()",1)`).length, 1, "string timer");
        assert.strictEqual(evalProblems(`s=a||b||Function("return this")()`).length, 0, "lodash's root detection, exactly");
        assert.strictEqual(evalProblems(`s=Function("return 1")()`).length, 1, "any other Function(\"…\")");
        assert.strictEqual(evalProblems(`a.evaluate(x); retrieval(1); setTimeout(f, 1)`).length, 0, "look-alikes");
    });

    QUnit.test("the built bundle spawns argument arrays only and never evaluates strings", assert => {
        const bundle = allJs(DIST);
        assert.true(bundle.length > 10000, `bundle read (${bundle.length} characters)`);
        assert.true(/\.spawn\(\[/.test(bundle), "the bundle does spawn (numactl), so the check is live");
        assert.deepEqual(spawnProblems(bundle), [], "spawn calls");
        assert.deepEqual(evalProblems(bundle), [], "eval, new Function, string timers");
    });

    QUnit.test("the sources: cockpit.spawn only in src/host, with argument arrays", assert => {
        const files = sources(path.join(ROOT, "src"));
        const spawning = files.filter(f => /cockpit\.spawn\(/.test(f.text)).map(f => f.file);
        assert.true(spawning.every(f => f.startsWith("src/host/")), `spawned from: ${spawning.join(", ")}`);
        assert.deepEqual(files.flatMap(f => spawnProblems(f.text).map(p => `${f.file}: ${p}`)), []);
        assert.deepEqual(files.flatMap(f => evalProblems(f.text).map(p => `${f.file}: ${p}`)), []);
        assert.deepEqual(files.filter(f => /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(f.text)).map(f => f.file), [],
                         "no HTML built from strings");
    });

    QUnit.test("index.html: scripts by src only, no inline script, style or event handler", assert => {
        const html = readBuilt("index.html");
        const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
        assert.true(scripts.length >= 2, `${scripts.length} scripts`);
        assert.true(scripts.every(s => /\bsrc=/.test(s[1] ?? "") && (s[2] ?? "").trim() === ""), "every script has src and no body");
        assert.false(/<style\b|\sstyle=|\son[a-z]+\s*=|javascript:/i.test(html), "no inline style, handler or javascript: URL");
    });

    QUnit.test("po files only call cockpit.locale with data", assert => {
        const po = readdirSync(DIST).filter(f => /^po\..*\.js(\.gz)?$/.test(f));
        for (const f of po) {
            const text = readBuilt(f.replace(/\.gz$/, ""));
            assert.true(text.startsWith("cockpit.locale({"), `${f} is one cockpit.locale call`);
            assert.deepEqual(evalProblems(text), [], `${f}: no eval`);
        }
        const langs = existsSync(path.join(ROOT, "po")) ? readdirSync(path.join(ROOT, "po")).filter(f => f.endsWith(".po")).length : 0;
        assert.strictEqual(po.length, 3 * langs, `po.<lang>.js, po.views.<lang>.js and po.manifest.<lang>.js for each of ${langs} languages`);
    });

    QUnit.test("manifest.json: no unsafe-inline or unsafe-eval, nothing that widens the page's CSP to scripts", assert => {
        for (const file of [path.join(ROOT, "manifest.json"), path.join(DIST, "manifest.json")]) {
            const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
            const all = strings(manifest);
            assert.false(all.some(s => /unsafe-(inline|eval)|wasm-unsafe-eval|unsafe-hashes/.test(s)), `${path.relative(ROOT, file)}: no unsafe CSP source`);
            const csp = String(manifest["content-security-policy"] ?? "");
            assert.false(/script-src[^;]*(\*|data:|blob:|https?:)/.test(csp), `${path.relative(ROOT, file)}: script-src not widened (${csp || "none"})`);
        }
    });
});
