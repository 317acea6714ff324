#!/usr/bin/env bash
# Extracts every translatable string into po/vmtune.pot (or $1): TS/TSX with cockpit's keywords,
# the manifest's menu label and keywords, and the AppStream metainfo.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-po/vmtune.pot}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# xgettext's noise: C-mode warnings about JS regex/char literals, and no bug address (we have none)
quiet() { grep -v -e 'unterminated character constant' -e 'unterminated string' -e 'msgid-bugs-address' \
              -e 'Makevars' -e 'MSGID_BUGS_ADDRESS' -e 'specify an --msgid' || true; }

# Like Cockpit: --language=C. xgettext's JavaScript parser loses its way in TSX (JSX text, generics,
# regex literals) and silently skips strings after it; C only needs the double-quoted literals.
find src -name '*.ts' -o -name '*.tsx' | sort > "$tmp/files"
xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS \
    --keyword= --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=gettext --keyword=ngettext:1,2 --keyword=cockpit.gettext --keyword=cockpit.ngettext:1,2 \
    --package-name=vmtune --msgid-bugs-address= \
    -f "$tmp/files" -o "$tmp/code.pot" 2> >(quiet >&2)
# Our strings take $0, $1 (cockpit.format), never printf directives: a "%" is a percent sign, but
# xgettext's C parser guesses c-format from it and msgfmt -c would then refuse "$0 % 的…"
sed -i 's/^\(#,.*\)\bc-format/\1no-c-format/' "$tmp/code.pot"

# manifest.json: the menu label and keywords the shell shows and searches (po.manifest.<lang>.js)
node -e '
const m = require("./manifest.json");
const strings = new Set();
for (const section of [m.menu, m.tools])
    for (const entry of Object.values(section ?? {})) {
        strings.add(entry.label);
        for (const k of entry.keywords ?? []) for (const w of k.matches) strings.add(w);
    }
console.log("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n");
for (const s of strings) console.log(`#: manifest.json\nmsgid ${JSON.stringify(s)}\nmsgstr ""\n`);
' > "$tmp/manifest.pot"

# metainfo: xgettext knows AppStream's ITS rules (metainfo.its from the appstream package)
xgettext --from-code=UTF-8 --package-name=vmtune --msgid-bugs-address= -o "$tmp/meta.pot" org.cockpit_project.vmtune.metainfo.xml 2> >(quiet >&2)
grep -q '^msgid "VM tuning"' "$tmp/meta.pot" ||
    { echo "make-pot: no strings from the metainfo (is the appstream package installed?)" >&2; exit 1; }

# file-level locations only: the pot changes when strings do, not when lines move
msgcat --use-first --sort-output --add-location=file "$tmp/code.pot" "$tmp/manifest.pot" "$tmp/meta.pot" -o "$tmp/all.pot"
sed -e 's/^"Content-Type: text\/plain; charset=CHARSET\\n"/"Content-Type: text\/plain; charset=UTF-8\\n"/' "$tmp/all.pot" > "$out"
echo "wrote $out ($(grep -c '^msgid ' "$out") entries)"
