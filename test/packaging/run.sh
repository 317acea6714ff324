#!/bin/bash
# Packaging as a user gets it (make dist, make rpm, make install), printed as TAP for check.sh:
#   the tarball carries a built dist/ and no node_modules, and installs with no network and no Node;
#   the RPM is noarch, requires what the spec promises and holds exactly what `make install` puts in a
#   DESTDIR; the metainfo validates; a cockpit-ws whose bridge looks only at that DESTDIR (and the
#   system's /usr/share for base1) serves the page from there.
# Needs the stack's packages (rpm, appstream-util, cockpit-ws); runs its own ws on $VMTUNE_PKG_PORT.
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
PORT=${VMTUNE_PKG_PORT:-9272}
VERSION=$(node -p "require('./package.json').version")
TARBALL=$REPO/vmtune-$VERSION.tar.xz
RPM=$REPO/vmtune-$VERSION-1.noarch.rpm
tmp=$(mktemp -d /tmp/vmtune-pkg.XXXXXX)
cleanup() { test/stack/ws.sh stop "$PORT" >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

n=0 failures=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
# check DESCRIPTION COMMAND...: one TAP line; the command's output is shown on failure
check() {
    local what=$1; shift
    local out
    if out=$("$@" 2>&1); then ok "$what"; else not_ok "$what" "${out//$'\n'/$'\n#   '}"; fi
}

# --- make dist -------------------------------------------------------------------------------
rm -f "$TARBALL"
check "make dist builds vmtune-$VERSION.tar.xz" make -s dist
tar tJf "$TARBALL" > "$tmp/tarball.list" 2>/dev/null || true
has_all() {
    local missing=()
    for f in "$@"; do grep -qx "vmtune-$VERSION/$f" "$tmp/tarball.list" || missing+=("$f"); done
    [ ${#missing[@]} -eq 0 ] || { echo "missing from the tarball: ${missing[*]}"; return 1; }
}
check "tarball holds the built page, spec, metainfo, Makefile and README" \
    has_all dist/index.html dist/index.js.gz dist/index.css.gz dist/manifest.json vmtune.spec \
            org.cockpit_project.vmtune.metainfo.xml Makefile README.md package-lock.json
no_node_modules() { ! grep -E '/(node_modules|\.git|rpmbuild|build)/' "$tmp/tarball.list"; }
check "tarball has no node_modules, .git or build output" no_node_modules
spec_version() { tar xJOf "$TARBALL" "vmtune-$VERSION/vmtune.spec" | grep -qx "Version: *$VERSION"; }
check "the spec in the tarball carries version $VERSION" spec_version

# --- offline install from the tarball ----------------------------------------------------------
offline_install() {
    mkdir -p "$tmp/src" && tar xJf "$TARBALL" -C "$tmp/src" &&
    # own network namespace (no network), empty environment, no node_modules: only make, cp, install
    unshare -n env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$tmp" \
        make -C "$tmp/src/vmtune-$VERSION" install PREFIX=/usr DESTDIR="$tmp/root"
}
check "the tarball installs with no network (make install PREFIX=/usr DESTDIR=…)" offline_install
same_tree() { diff -r "$REPO/dist" "$tmp/root/usr/share/cockpit/vmtune"; }
check "the DESTDIR install is exactly dist/" same_tree
check "metainfo installed to /usr/share/metainfo" \
    cmp org.cockpit_project.vmtune.metainfo.xml "$tmp/root/usr/share/metainfo/org.cockpit_project.vmtune.metainfo.xml"

# --- metainfo --------------------------------------------------------------------------------
check "appstream-util validate-relax accepts the metainfo" \
    appstream-util validate-relax --nonet org.cockpit_project.vmtune.metainfo.xml
release_matches() { grep -q "<release version=\"$VERSION\"" org.cockpit_project.vmtune.metainfo.xml || { echo "no <release version=\"$VERSION\">"; return 1; }; }
check "metainfo's newest release is package.json's version $VERSION" release_matches

# --- make rpm --------------------------------------------------------------------------------
rm -f "$RPM"
check "make rpm builds vmtune-$VERSION-1.noarch.rpm" make -s rpm
arch_noarch() { [ "$(rpm -qp --qf '%{ARCH}' "$RPM")" = noarch ]; }
check "the RPM is noarch" arch_noarch
requires() {
    rpm -qpR "$RPM" > "$tmp/requires" || return 1
    local want
    for want in "cockpit-bridge >= 287" "libvirt-dbus" "numactl"; do
        grep -qx "$want" "$tmp/requires" || { echo "no Requires: $want in:"; cat "$tmp/requires"; return 1; }
    done
}
check "RPM Requires: cockpit-bridge >= 287, libvirt-dbus, numactl" requires
file_list() {
    rpm -qpl "$RPM" | grep -v '^/usr/share/doc/' | sort > "$tmp/rpm.list"
    (cd "$tmp/root" && find . -mindepth 1 | sed 's,^\.,,' | sort) |
        grep -E '^/usr/share/(cockpit/vmtune|metainfo/)' > "$tmp/install.list"
    diff "$tmp/install.list" "$tmp/rpm.list"
}
check "rpm -qpl lists exactly the files make install puts under /usr/share/cockpit/vmtune and /usr/share/metainfo" file_list
payload() {
    mkdir -p "$tmp/rpmroot" && (cd "$tmp/rpmroot" && rpm2cpio "$RPM" | busybox cpio -idm 2>/dev/null) &&
    diff -r "$tmp/root/usr/share/cockpit/vmtune" "$tmp/rpmroot/usr/share/cockpit/vmtune"
}
check "the RPM's payload is byte for byte the DESTDIR install" payload

# --- cockpit-ws serves the installed page ------------------------------------------------------
export XDG_DATA_DIRS="$tmp/root/usr/share:/usr/share"
bridge_sees() {
    local line
    line=$(HOME="$tmp" cockpit-bridge --packages | awk '$1 == "vmtune"')
    [[ "$line" == *"$tmp/root/usr/share/cockpit/vmtune" ]] || { echo "bridge lists: ${line:-no vmtune}"; return 1; }
}
check "cockpit-bridge finds vmtune in the DESTDIR" bridge_sees
echo "installed by $0" > "$tmp/root/usr/share/cockpit/vmtune/install-marker.txt"
served() {
    test/stack/ws.sh start "$PORT" local >/dev/null 2>&1 || { echo "could not start cockpit-ws on $PORT"; return 1; }
    local base="http://127.0.0.1:$PORT/cockpit/@localhost/vmtune" f
    # the marker exists only in the DESTDIR: a page from /usr/local/share or dist/ would 404 here
    curl -sf "$base/install-marker.txt" | grep -q "installed by" || { echo "marker not served"; return 1; }
    for f in index.html index.js index.css manifest.json; do
        curl -sf --compressed "$base/$f" -o "$tmp/served-$f" || { echo "$f not served"; return 1; }
        local want="$tmp/root/usr/share/cockpit/vmtune/$f"
        # index.js and index.css ship as .gz only (make bench): ws serves them unpacked
        if [ -e "$want.gz" ]; then zcat "$want.gz" > "$tmp/want-$f"; want="$tmp/want-$f"; fi
        cmp "$tmp/served-$f" "$want" || return 1
    done
    grep -q 'base1/cockpit.js' "$tmp/served-index.html"
}
check "cockpit-ws with the DESTDIR as data dir serves index.html, index.js, index.css and manifest.json from it" served
# the page is split (esbuild.config.mjs): every chunk and the views' translations ship as .gz under the
# package's directory, and ws serves them unpacked, as JavaScript (module scripts refuse other types)
chunks_served() {
    local dir="$tmp/root/usr/share/cockpit/vmtune" base="http://127.0.0.1:$PORT/cockpit/@localhost/vmtune" f n=0
    for f in "$dir"/chunks/*.js.gz "$dir"/po.views.*.js.gz; do
        [ -e "$f" ] || { echo "no $f"; return 1; }
        local rel=${f#"$dir"/}; rel=${rel%.gz}
        curl -sf --compressed -D "$tmp/headers" "$base/$rel" -o "$tmp/served-chunk" || { echo "$rel not served"; return 1; }
        grep -qi '^content-type: .*javascript' "$tmp/headers" || { echo "$rel: $(grep -i '^content-type' "$tmp/headers")"; return 1; }
        zcat "$f" | cmp -s - "$tmp/served-chunk" || { echo "$rel differs"; return 1; }
        n=$((n + 1))
    done
    [ "$n" -gt 5 ] || { echo "only $n chunks"; return 1; }
}
check "cockpit-ws serves every chunk and po.views.<lang>.js, unpacked, as JavaScript" chunks_served
# translations ship as po.<lang>.js.gz: ws picks the language from the CockpitLang cookie and sends the
# .gz as is; the shell's ../*/po.js (Cockpit 287's C bridge) unpacks it into one script with the others'
translated() {
    local dir="$tmp/root/usr/share/cockpit/vmtune"
    [ ! -e "$dir/po.zh_CN.js" ] || { echo "an uncompressed po.zh_CN.js is installed beside the .gz"; return 1; }
    curl -sf --compressed -b CockpitLang=zh-cn "http://127.0.0.1:$PORT/cockpit/@localhost/vmtune/po.js" -o "$tmp/served-po.js" &&
        zcat "$dir/po.zh_CN.js.gz" | cmp - "$tmp/served-po.js" || { echo "po.js for zh-cn is not po.zh_CN.js.gz"; return 1; }
    curl -sf --compressed -b CockpitLang=zh-cn "http://127.0.0.1:$PORT/cockpit/@localhost/*/po.js" -o "$tmp/shell-po.js" &&
        grep -qF '"VM tuning":[null,"虚拟机调优"]' "$tmp/shell-po.js" || { echo "the shell's */po.js lacks the menu label's translation"; return 1; }
}
check "zh_CN: vmtune/po.js is the gzip-only po.zh_CN.js; the shell's */po.js carries the menu label's translation" translated

echo "1..$n"
[ "$failures" -eq 0 ]
