#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the report page test
# (test/report/page.test.ts drives it with playwright-core at /usr/bin/chromium).
# Does nothing when it is already there, so scripts/test.sh can call it every run.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
