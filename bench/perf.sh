#!/usr/bin/env bash
# The performance benchmark of issue 6: the service beside the bare runtime, in one run. As root.
# Usage: bench/perf.sh [--iterations N(≥50)] [--heavy N] [--load N] [--langs py,c] [--tag T] [--env VAR=value]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/CodeInterpreter -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Perf -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet bench/Perf/bin/Release/net10.0/Perf.dll "$@"
