using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>Adds the input-throughput column and allocation counts to the aggregation benchmarks.</summary>
public sealed class AggregationBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public AggregationBenchmarkConfig()
    {
        AddColumn(new InputThroughputColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
