#!/usr/bin/env bash
# Chaos and soak runs against a real 3-silo cluster on Azurite (not in CI; CI runs tests/ServingFabric.Chaos.Tests):
#   bash chaos/run.sh [--minutes N] [--seed S] [--rate R] [--out DIR]     random faults every 20-40 s (default 5 min, seed 17, 50 req/s)
#   bash chaos/run.sh outage [--seconds N] [--rate R] [--out DIR]         Azurite stopped N s under load (default 60), then a kill
#   bash chaos/run.sh soak [--minutes N] [--rate R] [--out DIR]           steady load at half the sustainable rate (default 30 min)
# Results: DIR (default chaos/results-latest) holds chaos.md/json, outage.md/json or soak.md/json with soak-*.png.
# Exit code 0 when the targets hold (success >= 99.9 %, replicas back; soak: no steady growth), 1 when not.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ ! -f tests/node_modules/azurite/dist/src/table/main.js ]; then
  echo "== installing Azurite (npm ci in tests/)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== building (Release)"
dotnet build chaos/ServingFabric.Chaos -c Release -nologo -clp:ErrorsOnly
exec dotnet chaos/ServingFabric.Chaos/bin/Release/net10.0/ServingFabric.Chaos.dll "$@"
