#!/usr/bin/env bash
# Per-language latency: the service (cold compile+run, cached run, over HTTP) beside the bare toolchain, same machine,
# same run. Builds Release, starts the service on a free loopback port with a temp data dir, prints a markdown table
# of medians and writes bench/results/languages-<date>.json. Needs what the service needs (root, bubblewrap).
#   bench/languages.sh [--iterations N (>= 10, default 10)] [--langs c,cpp,...]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/CodeInterpreter -c Release --nologo -v quiet -clp:ErrorsOnly >&2
# Debian's python3 (standard library only), never a pyenv shim earlier on PATH.
exec /usr/bin/python3 bench/languages.py "$@"
