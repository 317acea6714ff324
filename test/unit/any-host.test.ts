// "Any host": Cockpit carries every channel to the host the page was opened for (the host switcher,
// /cockpit/@HOST/…) unless a call names another. This reads src/ and checks that no call can:
// every cockpit.spawn/file/dbus/channel/http call has no `host` option, no code names localhost,
// and nothing talks around Cockpit's channels (fetch, XMLHttpRequest, WebSocket).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import QUnit from "qunit";

const SRC = path.resolve(import.meta.dirname ?? ".", "../../src");

function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
        e.isDirectory() ? sources(path.join(dir, e.name))
            : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : []);
}

/** Source without comments, so that a comment mentioning localhost is no finding. */
function code(file: string): string {
    return readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** Every `cockpit.NAME(...)` call with its whole argument text (balanced parentheses). */
function calls(text: string): { name: string; args: string }[] {
    const out = [];
    for (const m of text.matchAll(/\bcockpit\.(spawn|file|dbus|channel|http)\s*\(/g)) {
        let depth = 1, i = (m.index ?? 0) + m[0].length;
        const start = i;
        for (; i < text.length && depth > 0; i++) {
            if (text[i] === "(") depth++;
            else if (text[i] === ")") depth--;
        }
        out.push({ name: m[1] ?? "", args: text.slice(start, i - 1) });
    }
    return out;
}

const FILES = sources(SRC);
const rel = (f: string) => path.relative(SRC, f);

QUnit.module("any host", () => {
    QUnit.test("the channel calls are where the design puts them, and there are some", assert => {
        const found = FILES.flatMap(f => calls(code(f)).map(c => ({ file: rel(f), name: c.name })));
        assert.true(found.some(c => c.name === "dbus"), "D-Bus calls found");
        assert.true(found.some(c => c.name === "spawn"), "spawn calls found");
        assert.true(found.some(c => c.name === "file"), "file calls found");
        for (const c of found) {
            const home = c.name === "dbus" ? "libvirt/" : "host/";
            assert.true(c.file.startsWith(home), `cockpit.${c.name} in ${c.file} (expected under src/${home})`);
        }
    });

    QUnit.test("no channel call names a host", assert => {
        for (const f of FILES)
            for (const c of calls(code(f)))
                assert.false(/\bhost\s*:/.test(c.args), `${rel(f)}: cockpit.${c.name}(${c.args.replace(/\s+/g, " ").slice(0, 80)})`);
    });

    QUnit.test("no code names localhost or a loopback address", assert => {
        const offenders = FILES.filter(f => /localhost|127\.0\.0\.\d|::1\b|@localhost/.test(code(f))).map(rel);
        assert.deepEqual(offenders, [], "files naming localhost");
    });

    QUnit.test("nothing talks around Cockpit's channels", assert => {
        const offenders = FILES.filter(f => /\b(fetch|XMLHttpRequest|WebSocket|EventSource)\s*\(|new\s+(WebSocket|XMLHttpRequest|EventSource)\b/.test(code(f))).map(rel);
        assert.deepEqual(offenders, [], "files opening their own connections");
    });

    QUnit.test("the checks see a host option and localhost when there is one", assert => {
        // the test's own detectors, on a sample that breaks the rules
        const bad = `cockpit.spawn(["numactl", "--hardware"], { superuser: "try", host: "other" }); const u = "localhost";`;
        assert.true(calls(bad).some(c => /\bhost\s*:/.test(c.args)), "host option detected");
        assert.true(/localhost/.test(bad), "localhost detected");
    });
});
