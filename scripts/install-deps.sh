#!/usr/bin/env bash
# Installs what the service needs on Debian 12, idempotently: bubblewrap, the thirteen languages' toolchains
# from Debian (python3 with the data stack, node, gcc/g++/gfortran, openjdk-17, go, rustc, ldc, php, R with
# Cairo and ggplot2), the sandbox's pid 1 (native/sandbox-init.c, built with that gcc), the pinned esbuild for
# TypeScript (npm, into tools/esbuild), and the .NET SDK check.
# Fast (well under a few seconds) when everything is already there.
# Usage: scripts/install-deps.sh            (as root; a non-root user gets the list of what is missing)
#        scripts/install-deps.sh --no-dotnet (the Dockerfile's runtime stage: the image carries a self-contained
#                                             build, so no .NET SDK is needed there; everything else is the same)
set -euo pipefail

check_dotnet=true
for arg in "$@"; do
  case "$arg" in
    --no-dotnet) check_dotnet=false ;;
    *) echo "install-deps: unknown option $arg (known: --no-dotnet)" >&2; exit 2 ;;
  esac
done

packages=(
  bubblewrap util-linux libseccomp2 curl ca-certificates
  python3 python3-numpy python3-pandas python3-matplotlib python3-scipy python3-openpyxl python3-pil python3-sympy
  fonts-dejavu-core
  gcc g++ gfortran libc6-dev
  openjdk-17-jdk-headless
  golang-go rustc ldc php8.2-cli
  r-base-core r-cran-cairo r-cran-ggplot2
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node may come from Debian (nodejs) or from elsewhere (e.g. nodesource); either is fine at /usr/bin/node.
[ -x /usr/bin/node ] || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

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

# The sandbox's pid 1, under /usr (every sandbox sees /usr read-only): static, so it needs nothing of the sandbox's
# libraries. Rebuilt every time (a fraction of a second) and installed only when the binary changed.
init_src="$(cd "$(dirname "$0")/.." && pwd)/native/sandbox-init.c"
init_bin=/usr/local/libexec/code-interpreter/sandbox-init
init_new=$(mktemp)
trap 'rm -f "$init_new"' EXIT
gcc -O2 -s -Wall -Wextra -Werror -static-pie -fstack-protector-strong -D_FORTIFY_SOURCE=2 -o "$init_new" "$init_src"
if ! cmp -s "$init_new" "$init_bin"; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: $init_bin is missing or out of date; run as root" >&2
    exit 1
  fi
  echo "install-deps: installing $init_bin"
  install -D -o root -g root -m 0755 "$init_new" "$init_bin"
fi

# TypeScript: the esbuild version pinned in tools/esbuild/package-lock.json, in the checkout (not global).
esbuild_dir="$(cd "$(dirname "$0")/.." && pwd)/tools/esbuild"
if [ ! -x "$esbuild_dir/node_modules/.bin/esbuild" ] || [ "$esbuild_dir/package-lock.json" -nt "$esbuild_dir/node_modules/.package-lock.json" ]; then
  echo "install-deps: installing esbuild into tools/esbuild"
  (cd "$esbuild_dir" && npm ci --no-audit --no-fund --silent)
fi

if [ "$check_dotnet" = true ] && ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET 10 SDK is needed to build (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
