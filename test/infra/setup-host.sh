#!/usr/bin/env bash
# Installs and configures what the real test infrastructure (test/infra/*.ts) needs:
# Podman behind the docker CLI, a CNCF distribution registry, OpenSSH, Compose (Debian's
# docker-compose v1, and podman-compose) and
# a static busybox for the app image. Runs as root on Debian 12 (CI or a fresh machine),
# without stdin; idempotent, and a no-op in well under a second once everything is in place.
set -euo pipefail

# Keep in step with REGISTRY_PORTS in test/infra/ports.ts: registries.conf has no port
# wildcard, so every port startRegistry may pick is listed as a plain-HTTP registry.
REGISTRY_PORT_FIRST=15000
REGISTRY_PORT_LAST=15099

# Installed with their recommended packages, as proven on these machines (podman then gets
# netavark, aardvark-dns, catatonit and slirp4netns).
PACKAGES=(podman buildah skopeo runc docker-registry openssh-server openssh-client busybox-static podman-compose)
# Installed without: docker-compose recommends docker.io, a second Docker engine and CLI.
PACKAGES_NO_RECOMMENDS=(docker-compose)

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-host.sh: must run as root (it installs Debian packages and writes /etc/containers)" >&2
  exit 1
fi

done_steps=()

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}
missing=()
missing_no_recommends=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done
for pkg in "${PACKAGES_NO_RECOMMENDS[@]}"; do
  installed "$pkg" || missing_no_recommends+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ] || [ "${#missing_no_recommends[@]}" -gt 0 ]; then
  # Package scripts must not start sshd or the registry as system services listening on
  # every address: the tests start their own, on 127.0.0.1 only. policy-rc.d exit 101
  # is Debian's way to forbid service starts during an install.
  policy=/usr/sbin/policy-rc.d
  added_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=true
  fi
  trap 'if [ "$added_policy" = true ]; then rm -f "$policy"; fi' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null >/dev/null
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
  fi
  if [ "${#missing_no_recommends[@]}" -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${missing_no_recommends[@]}" </dev/null >/dev/null
  fi
  done_steps+=("installed ${missing[*]} ${missing_no_recommends[*]}")
fi

# Writes $1 with the content on stdin only when it differs, so reruns touch nothing.
write_if_changed() {
  local target=$1 content
  content=$(cat)
  if [ ! -f "$target" ] || [ "$(cat "$target")" != "$content" ]; then
    mkdir -p "$(dirname "$target")"
    printf '%s\n' "$content" >"$target"
    done_steps+=("wrote $target")
  fi
}

# Without these, every container fails with "setrlimit RLIMIT_NOFILE: Operation not
# permitted" (no ulimit changes allowed here) and crun cannot start containers; runc can.
write_if_changed /etc/containers/containers.conf <<'EOF'
# Written by deploy-kit test/infra/setup-host.sh
[containers]
default_ulimits = []

[engine]
runtime = "runc"
EOF

# overlay is not available on these machines.
write_if_changed /etc/containers/storage.conf <<'EOF'
# Written by deploy-kit test/infra/setup-host.sh
[storage]
driver = "vfs"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
EOF

write_if_changed /etc/containers/registries.conf.d/50-deploy-kit-test-registries.conf < <(
  echo "# Written by deploy-kit test/infra/setup-host.sh: the loopback registries the tests"
  echo "# start (test/infra/registry.ts) speak plain HTTP on these ports only."
  for port in $(seq "$REGISTRY_PORT_FIRST" "$REGISTRY_PORT_LAST"); do
    for host in 127.0.0.1 localhost; do
      printf '[[registry]]\nlocation = "%s:%s"\ninsecure = true\n' "$host" "$port"
    done
  done
)

mkdir -p /run/sshd

if [ "${#done_steps[@]}" -eq 0 ]; then
  echo "setup-host.sh: test host already set up (packages present, /etc/containers configured)"
else
  printf 'setup-host.sh: %s\n' "${done_steps[@]}"
fi
