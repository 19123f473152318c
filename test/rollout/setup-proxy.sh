#!/usr/bin/env bash
# Installs Debian's nginx (nginx-light, 1.22 on Debian 12) for the blue-green and canary tests
# in test/rollout-host: they start /usr/sbin/nginx themselves on 127.0.0.1 with a temporary
# prefix and configuration, never as the system service (the package's own would listen on
# 0.0.0.0:80). A no-op once installed.
set -euo pipefail
exec bash "$(dirname "$0")/../infra/install-debian-package.sh" nginx-light /usr/sbin/nginx
