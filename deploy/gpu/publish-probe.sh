#!/usr/bin/env bash
# Builds fabric-gpu-probe for a GPU machine that has the NVIDIA driver but no .NET: trimmed, self-contained,
# one file for linux-x64. Copy the file over and run it; it prints the driver and every GPU, or "no GPUs: <why>".
#   deploy/gpu/publish-probe.sh [output folder]   (default: bin/gpu-probe under the repository, ignored by git)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$repo/bin/gpu-probe}"

dotnet publish "$repo/client/ServingFabric.GpuProbe/ServingFabric.GpuProbe.csproj" \
  -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=true -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
  -o "$out" -nologo -clp:ErrorsOnly

binary="$out/fabric-gpu-probe"
bytes=$(stat -c %s "$binary")
echo "fabric-gpu-probe: $binary"
echo "size: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB; the folder holds $(du -sh "$out" | cut -f1))"
