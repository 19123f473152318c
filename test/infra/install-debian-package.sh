#!/usr/bin/env bash
# Installs one Debian package (without its recommends) that ships a server the tests start
# themselves on 127.0.0.1, never as the system service: `install-debian-package.sh PACKAGE
# BINARY`. Does nothing when BINARY is already there, so scripts/test.sh can call it every run.
# policy-rc.d exit 101 is Debian's way to forbid service starts during an install (as
# setup-host.sh does); it is removed again unless it was there before.
set -euo pipefail
package=$1
binary=$2

if [ -x "$binary" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
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
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$package" </dev/null >/dev/null
echo "installed $package"
