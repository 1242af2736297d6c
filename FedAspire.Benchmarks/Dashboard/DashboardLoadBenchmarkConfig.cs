using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FedAspire.Benchmarks.Ingestion;

namespace FedAspire.Benchmarks.Dashboard;

/// <summary>
/// One page load per iteration, 100 iterations after 10 warm-ups, in process (silo, registry and client share the benchmark
/// process), with median, P95 and P99 of single loads. Fewer iterations than the history benchmark: a load is tens of milliseconds, not microseconds.
/// </summary>
public sealed class DashboardLoadBenchmarkConfig : ManualConfig
{
    /// <summary>The job, the columns and the memory diagnoser.</summary>
    public DashboardLoadBenchmarkConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(10).WithIterationCount(100)
            .WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new LatencyPercentileColumn(99));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
