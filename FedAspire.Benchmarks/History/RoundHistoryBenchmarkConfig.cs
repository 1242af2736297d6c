using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FedAspire.Benchmarks.Ingestion;

namespace FedAspire.Benchmarks.History;

/// <summary>
/// One call per iteration, 300 iterations after 20 warm-ups, in process (the history and the API live in the benchmark
/// process; no separate build), with median, P95 and P99 of single calls and bytes allocated per call (constant when the
/// read does not grow with the history).
/// </summary>
public sealed class RoundHistoryBenchmarkConfig : ManualConfig
{
    /// <summary>The job, the columns and the memory diagnoser.</summary>
    public RoundHistoryBenchmarkConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(300).WithIterationCount(300)
            .WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new LatencyPercentileColumn(99));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
