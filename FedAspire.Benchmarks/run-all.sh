#!/usr/bin/env bash
# Every figure the README reports, from one command on an otherwise idle machine:
#   bash FedAspire.Benchmarks/run-all.sh [out-dir]
# BenchmarkDotNet (Release, ShortRun: 3 warm-ups, 3 iterations; medians in the tables), the PyTorch peer on one thread,
# and this core's measured FP32 peak for the GFLOP/s ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/benchmarks}"
mkdir -p "$out"

echo "== FP32 peak of one core (FMA throughput probe)"
gcc -O2 -mavx512f -mfma FedAspire.Benchmarks/peer/fp32_peak.c -o "$out/fp32_peak" && "$out/fp32_peak" | tee "$out/fp32_peak.json" \
  || echo "no AVX-512 compiler/CPU: skip the peak probe"

echo "== PyTorch peer (one thread, same models, batch and Adam)"
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  /usr/bin/python3 FedAspire.Benchmarks/peer/torch_training_peer.py | tee "$out/torch_peer.json"
else
  echo "python3-torch missing (apt-get install -y python3-torch): peer skipped"
fi

echo "== BenchmarkDotNet"
dotnet run -c Release --project FedAspire.Benchmarks -- \
  --filter '*TrainingBenchmarks*' '*FedAvgBenchmarks*' '*DataPipelineBenchmarks*' '*OnnxScoringBenchmarks*' '*DeviceIngestionBenchmarks*' \
  --job short --artifacts "$out/bdn"
# Latency: its own job (one record per measurement, 300 measurements), so no --job switch here.
dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*RecordToPredictionBenchmarks*' --artifacts "$out/bdn-latency"
# Broker-fed twins of the last two: need a broker (FEDASPIRE_TEST_KAFKA, e.g. eval "$(bash ../shared/servers/start.sh)").
if [ -n "${FEDASPIRE_TEST_KAFKA:-}" ]; then
  dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*BrokerIngestionBenchmarks*' '*BrokerConsumerIngestionBenchmarks*' --job short --artifacts "$out/bdn-broker"
  dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*BrokerRecordToPredictionBenchmarks*' --artifacts "$out/bdn-broker-latency"
else
  echo "FEDASPIRE_TEST_KAFKA unset: broker-fed ingestion and latency skipped"
fi
# Round history: its own in-process job (one call per measurement), at 1,000 and 100,000 rounds.
dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*RoundHistoryBenchmarks*' --artifacts "$out/bdn-history"
# Dashboard load at 1,000 facilities and 10,000 rounds: its own job too (100 single loads).
dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*DashboardLoadBenchmarks*' --artifacts "$out/bdn-dashboard"
echo "Results: $out/bdn/results/*.md $out/bdn-latency/results/*.md"
