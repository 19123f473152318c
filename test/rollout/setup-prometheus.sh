#!/usr/bin/env bash
# Installs Debian's Prometheus (2.42 on Debian 12) for the canary analysis test:
# test/rollout/prometheus.test.ts starts /usr/bin/prometheus itself on 127.0.0.1 with a
# temporary config and data directory. Does nothing when it is already there, so
# scripts/test.sh can call it every run.
set -euo pipefail

if [ -x /usr/bin/prometheus ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
# The package would start its own service on 0.0.0.0:9090; tests run their own on
# 127.0.0.1 only. policy-rc.d exit 101 is Debian's way to forbid service starts during an
# install (as test/infra/setup-host.sh does); removed again unless it was there before.
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
# Without recommends: the node exporter is not needed.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null
echo "installed prometheus"
