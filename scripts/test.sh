#!/usr/bin/env bash
# The whole test run, from a fresh machine with node_modules installed (`npm cit`
# installs them and then calls this): system packages for the real test
# infrastructure, type check and lint, dist/ freshness, then every test. Bundled
# actions run on Node 24, as on the GitHub runner; jest and the unit tests run on
# the machine's Node (20 here), so both are covered.
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/infra/setup-host.sh
npm run --silent typecheck
npx eslint .
npx prettier --check --log-level warn .
node scripts/check-dist.js

action_node=$(bash scripts/action-node.sh || true)
if [ -n "$action_node" ]; then
  export DEPLOY_KIT_ACTION_NODE="$action_node"
  echo "Bundled actions run on Node $("$action_node" --version); jest on Node $(node --version)"
else
  echo "No Node 24 package for this machine: bundled actions run on Node $(node --version)"
fi
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 "$@"
