// The built page in dist/ as the browser gets it: index.js and its chunks (esbuild code splitting),
// shipped gzip-only, and which of them a first load fetches (index.js and what it imports statically).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** A built file's text, unpacking its .gz when that is what ships. */
export function readBuilt(dist: string, name: string): string {
    const file = path.join(dist, name);
    if (existsSync(file + ".gz")) return gunzipSync(readFileSync(file + ".gz")).toString("utf8");
    return readFileSync(file, "utf8");
}

/** Every JS file of the page, relative to dist/: index.js first, then the chunks. */
export function jsFiles(dist: string): string[] {
    const dir = path.join(dist, "chunks");
    const chunks = existsSync(dir) ? readdirSync(dir).filter(f => /\.js(\.gz)?$/.test(f)).map(f => `chunks/${f.replace(/\.gz$/, "")}`) : [];
    return ["index.js", ...chunks.sort()];
}

/** All the page's JS as one text (what tools/prune-css.mjs reads). */
export function allJs(dist: string): string {
    return jsFiles(dist).map(f => readBuilt(dist, f)).join("\n");
}

/** The modules a file imports statically (`import … from "./x.js"`, `export … from`), relative to dist/. */
export function staticImports(dist: string, file: string): string[] {
    const text = readBuilt(dist, file);
    const dir = path.dirname(file);
    return [...text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)]
        .map(m => path.normalize(path.join(dir, m[1] ?? "")));
}

/** The files a first load fetches: index.js and everything it imports statically, transitively. */
export function firstLoad(dist: string): string[] {
    const seen = new Set<string>();
    const visit = (f: string) => {
        if (seen.has(f)) return;
        seen.add(f);
        for (const d of staticImports(dist, f)) visit(d);
    };
    visit("index.js");
    return [...seen];
}

/** Size as shipped (the .gz where there is one). */
export function shippedBytes(dist: string, name: string): number {
    const file = path.join(dist, name);
    return readFileSync(existsSync(file + ".gz") ? file + ".gz" : file).length;
}
