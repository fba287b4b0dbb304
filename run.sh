#!/usr/bin/env bash
# Quick start, step 1: installs what is missing, builds, and serves in the foreground.
# Environment: PORT (8700), CODE_API_KEY, CODE_DATA_DIR (/var/lib/code-interpreter), more in docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
dotnet build src/CodeInterpreter -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet src/CodeInterpreter/bin/Release/net10.0/CodeInterpreter.dll "$@"
