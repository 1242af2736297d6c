using BenchmarkDotNet.Attributes;
using FedAspire.Core.Aggregation;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>
/// FedAvg of 1,000 updates x 100,000 floats (400 MB of client parameters per aggregation). Target: Input GB/s &gt;= 5.
/// Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*FedAvgBenchmarks*'</c>.
/// </summary>
[Config(typeof(AggregationBenchmarkConfig))]
public class FedAvgBenchmarks
{
    private ClientUpdate[] _updates = [];
    private float[] _global = [];
    private readonly FedAvg _fedAvg = new();

    /// <summary>Number of client updates.</summary>
    [Params(1_000)]
    public int Clients { get; set; }

    /// <summary>Parameters per update.</summary>
    [Params(100_000)]
    public int Length { get; set; }

    /// <summary>Builds random updates once; they are read, never written, by the benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_global, _updates) = AggregationBenchmarkData.Create(Clients, Length, seed: 1);
    }

    /// <summary>One sample-weighted average over every update.</summary>
    [Benchmark]
    public float[] FedAvg() => _fedAvg.Aggregate(_global, _updates);
}
