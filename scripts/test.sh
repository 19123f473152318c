#!/usr/bin/env bash
# The whole test run, from a fresh machine with node_modules installed (`npm cit`
# installs them and then calls this): system packages for the real test
# infrastructure, type check and lint, dist/ freshness, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/infra/setup-host.sh
npm run --silent typecheck
npx eslint .
node scripts/check-dist.js
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 "$@"
