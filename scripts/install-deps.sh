#!/usr/bin/env bash
# Installs what the service needs on Debian 12, idempotently: bubblewrap, Debian's python3 with the data
# stack, node, and the .NET SDK check. Fast (well under a few seconds) when everything is already there.
# Usage: scripts/install-deps.sh            (as root; a non-root user gets the list of what is missing)
set -euo pipefail

packages=(
  bubblewrap util-linux libseccomp2
  python3 python3-numpy python3-pandas python3-matplotlib python3-scipy python3-openpyxl python3-pil python3-sympy
  fonts-dejavu-core
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node may come from Debian (nodejs) or from elsewhere (e.g. nodesource); either is fine at /usr/bin/node.
[ -x /usr/bin/node ] || missing+=(nodejs)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-deps: run as root (the service itself needs root for its sandbox) or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET 10 SDK is needed to build (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
