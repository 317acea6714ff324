// node test/tools/check-po.mjs POT PO...: every msgid of the template has a translation in each
// PO that the build will use (non-empty, not fuzzy: esbuild.config.mjs drops fuzzy entries), with
// the same cockpit.format placeholders ($0, $1 …). Prints what is missing; exits 1 if anything is.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import gettextParser from "gettext-parser";

const [potFile, ...poFiles] = process.argv.slice(2);
if (!potFile || poFiles.length === 0) {
    console.error("usage: check-po.mjs POT PO...");
    process.exit(2);
}

function entries(file) {
    const parsed = gettextParser.po.parse(readFileSync(file));
    const out = new Map();
    for (const [context, messages] of Object.entries(parsed.translations))
        for (const [msgid, entry] of Object.entries(messages))
            if (msgid) out.set(`${context}\u0004${msgid}`, entry);
    return out;
}

const placeholders = text => [...text.matchAll(/\$\d+/g)].map(m => m[0]).sort().join(" ");
const template = entries(potFile);
let problems = 0;
for (const poFile of poFiles) {
    // msgfmt's own checks (syntax, header, plural forms, duplicates)
    execFileSync("msgfmt", ["--check", "-o", "/dev/null", poFile], { stdio: "inherit" });
    const po = entries(poFile);
    let translated = 0;
    for (const [key, ref] of template) {
        const entry = po.get(key);
        const id = JSON.stringify(ref.msgid);
        if (!entry || entry.msgstr.every(s => !s)) {
            console.log(`${poFile}: untranslated ${id}`);
            problems++;
        } else if (entry.comments?.flag?.includes("fuzzy")) {
            console.log(`${poFile}: fuzzy (dropped by the build) ${id}`);
            problems++;
        } else if (entry.msgstr.some(s => placeholders(s) !== placeholders(ref.msgid))) {
            console.log(`${poFile}: placeholders differ in ${id}: ${JSON.stringify(entry.msgstr)}`);
            problems++;
        } else {
            translated++;
        }
    }
    console.log(`${poFile}: ${translated} of ${template.size} translated`);
}
process.exit(problems ? 1 : 0);
