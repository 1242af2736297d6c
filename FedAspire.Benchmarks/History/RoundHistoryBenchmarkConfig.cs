using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Columns;
using FedAspire.Benchmarks.Ingestion;

namespace FedAspire.Benchmarks.History;

/// <summary>Median, P95 and P99 of single calls, and bytes allocated per call (constant when the read does not grow with the history).</summary>
public sealed class RoundHistoryBenchmarkConfig : ManualConfig
{
    /// <summary>The columns and the memory diagnoser.</summary>
    public RoundHistoryBenchmarkConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new LatencyPercentileColumn(99));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
