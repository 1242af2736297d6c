using BenchmarkDotNet.Attributes;
using FedAspire.Core.Aggregation;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>
/// Coordinate-wise median, trimmed mean and Krum on a smaller case (50 updates x 100,000 floats): the robust rules sort or compare
/// all pairs, so they cost more per byte than FedAvg. Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*RobustAggregationBenchmarks*'</c>.
/// </summary>
[Config(typeof(AggregationBenchmarkConfig))]
public class RobustAggregationBenchmarks
{
    private ClientUpdate[] _updates = [];
    private float[] _global = [];
    private readonly FedMedian _median = new();
    private readonly TrimmedMean _trimmedMean = new(5);
    private readonly Krum _krum = new(byzantineCount: 5);
    private readonly Krum _multiKrum = new(byzantineCount: 5, selectCount: 0);

    /// <summary>Number of client updates.</summary>
    [Params(50)]
    public int Clients { get; set; }

    /// <summary>Parameters per update.</summary>
    [Params(100_000)]
    public int Length { get; set; }

    /// <summary>Builds random updates once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_global, _updates) = AggregationBenchmarkData.Create(Clients, Length, seed: 2);
    }

    /// <summary>Coordinate-wise median.</summary>
    [Benchmark]
    public float[] Median() => _median.Aggregate(_global, _updates);

    /// <summary>Trimmed mean dropping 5 values at each end.</summary>
    [Benchmark]
    public float[] TrimmedMean() => _trimmedMean.Aggregate(_global, _updates);

    /// <summary>Krum with f = 5 (n^2 / 2 distances).</summary>
    [Benchmark]
    public float[] Krum() => _krum.Aggregate(_global, _updates);

    /// <summary>Multi-Krum with f = 5, m = n - f.</summary>
    [Benchmark]
    public float[] MultiKrum() => _multiKrum.Aggregate(_global, _updates);
}
