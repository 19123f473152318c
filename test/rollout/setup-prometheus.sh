#!/usr/bin/env bash
# Installs Debian's Prometheus (2.42 on Debian 12) for the canary analysis tests: they start
# /usr/bin/prometheus themselves on 127.0.0.1 with a temporary config and data directory, never
# as the system service (the package's own would listen on 0.0.0.0:9090; its recommended node
# exporter is not needed). A no-op once installed.
set -euo pipefail
exec bash "$(dirname "$0")/../infra/install-debian-package.sh" prometheus /usr/bin/prometheus
