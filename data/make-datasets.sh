#!/usr/bin/env bash
# Generates every labelled fleet variant (and the IMS Test 2 conversion when ../shared/datasets is present) into OUT.
# Usage (from anywhere): data/make-datasets.sh [OUT] [SEED]    default OUT = artifacts/datasets (git-ignored), SEED = 42.
# Generated data is never committed; the scenarios data/scenarios/detect-*.json read artifacts/datasets/<variant>.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/datasets}"
seed="${2:-42}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
dotnet build FedAspire.Lab -c Release -v quiet -nologo
run() { dotnet run -c Release --no-build --project FedAspire.Lab -- generate "$@"; }
for variant in motes machine-temperature plant-units plant-drift; do
  run --variant "$variant" --seed "$seed" --out "$out/$variant" --overwrite
done
datasets="${FEDASPIRE_DATASETS:-$root/../shared/datasets}"
if [[ -f "$datasets/ims-bearing/merged_dataset_BearingTest_2.csv" ]]; then
  run --variant ims-test2 --datasets "$datasets" --out "$out/ims-test2" --overwrite
else
  echo "Skipping ims-test2: $datasets/ims-bearing/merged_dataset_BearingTest_2.csv is absent (set FEDASPIRE_DATASETS)."
fi
echo "Done: $out"
