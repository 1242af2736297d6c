using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FedAspire.Benchmarks.Ingestion;

namespace FedAspire.Benchmarks;

/// <summary>
/// One call per iteration, in process (the server and its client live in the benchmark process), with median, P95 and P99 of
/// single calls and bytes allocated per call: for latencies whose tail matters, not throughput.
/// </summary>
public abstract class SingleCallConfig : ManualConfig
{
    /// <summary>The job with <paramref name="warmups"/> warm-up and <paramref name="iterations"/> measured calls, the columns and the memory diagnoser.</summary>
    protected SingleCallConfig(int warmups, int iterations)
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(warmups).WithIterationCount(iterations)
            .WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new LatencyPercentileColumn(99));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
