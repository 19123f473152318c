#!/usr/bin/env bash
# Installs Debian's nginx (nginx-light, 1.22 on Debian 12) for the blue-green and canary tests
# in test/rollout-host: they start /usr/sbin/nginx themselves on 127.0.0.1 with a temporary
# prefix and configuration, never as the system service. Does nothing when it is already
# there, so scripts/test.sh can call it every run.
set -euo pipefail

if [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
# The package would start its own service on 0.0.0.0:80; tests run their own on 127.0.0.1
# only. policy-rc.d exit 101 forbids service starts during the install (as
# test/infra/setup-host.sh does); removed again unless it was there before.
policy=/usr/sbin/policy-rc.d
added_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  added_policy=true
fi
trap 'if [ "$added_policy" = true ]; then "${sudo[@]}" rm -f "$policy"; fi' EXIT
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq </dev/null >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends nginx-light </dev/null >/dev/null
echo "installed nginx-light"
