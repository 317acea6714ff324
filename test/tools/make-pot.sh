#!/usr/bin/env bash
# Extracts every translatable string into po/vmtune.pot (or $1): TS/TSX with cockpit's keywords,
# plus the manifest's menu label and keywords and the AppStream metainfo.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-po/vmtune.pot}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

find src -name '*.ts' -o -name '*.tsx' | sort > "$tmp/files"
xgettext --from-code=UTF-8 --language=JavaScript --add-comments=TRANSLATORS \
    --keyword= --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=gettext --keyword=ngettext:1,2 --keyword=cockpit.gettext --keyword=cockpit.ngettext:1,2 \
    --package-name=vmtune --msgid-bugs-address= --no-location --sort-output \
    -f "$tmp/files" -o "$tmp/code.pot"

# manifest.json: the menu label and keywords the shell shows and searches
node -e '
const m = require("./manifest.json");
const strings = new Set();
for (const entry of Object.values(m.menu ?? {})) {
    strings.add(entry.label);
    for (const k of entry.keywords ?? []) for (const w of k.matches) strings.add(w);
}
for (const s of strings) console.log(`msgid ${JSON.stringify(s)}\nmsgstr ""\n`);
' > "$tmp/manifest.pot"

# metainfo: summary and description paragraphs
if [ -f org.cockpit_project.vmtune.metainfo.xml ]; then
    xgettext --its=/dev/null -o "$tmp/meta.pot" org.cockpit_project.vmtune.metainfo.xml 2>/dev/null ||
    node -e '
const xml = require("fs").readFileSync("org.cockpit_project.vmtune.metainfo.xml", "utf8");
for (const m of xml.matchAll(/<(summary|p|name)>([^<]+)<\//g)) console.log(`msgid ${JSON.stringify(m[2].trim())}\nmsgstr ""\n`);
' > "$tmp/meta.pot"
fi

msgcat --use-first --sort-output --no-location "$tmp"/*.pot -o "$out"
echo "wrote $out ($(grep -c '^msgid ' "$out") entries)"
