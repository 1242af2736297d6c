using BenchmarkDotNet.Attributes;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Heterogeneity;
using FedAspire.Core.Data.Partitioning;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Synthetic;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Benchmarks.Data;

/// <summary>
/// The data toolkit at Kaggle pump scale (220,320 rows x 52 sensors, generated): hybrid partition into 5 clients (target
/// under 10 s), all heterogeneity metrics for those 5 clients (target under 10 s), and the streaming read of the CSV (memory).
/// </summary>
[MemoryDiagnoser]
public class DataPipelineBenchmarks
{
    private SensorTable _plant = null!;
    private SensorTable[] _clients = null!;
    private string[] _names = null!;
    private string _csv = null!;

    /// <summary>The realistic 5-client options of the partition verb's --realistic preset.</summary>
    public static PartitionOptions Hybrid { get; } = new()
    {
        Strategy = PartitionStrategy.Hybrid,
        QuantityFractions = [0.05, 0.35, 0.15, 0.30, 0.15],
        Degradations =
        [
            ClientDegradation.None,
            new(0.9, 0.05, 0.05, 0.01),
            new(0.7, 0.10, 0.10, 0.02, 2),
            new(0.5, 0.07, 0.05, 0.05),
            new(0.4, 0.10, 0.20, 0.03, 5),
        ],
    };

    [GlobalSetup]
    public void Setup()
    {
        _plant = SyntheticPumpPlant.Generate(new SyntheticPlantOptions { Rows = PumpSensorReader.KaggleRows, Seed = 42 });
        var result = Partitioner.Partition(_plant, Hybrid);
        _clients = result.Clients.Select(c => c.Table).ToArray();
        _names = result.Clients.Select(c => c.Name).ToArray();
        _csv = Path.Combine(Path.GetTempPath(), "fedaspire-bench-plant.csv");
        SensorTableCsvWriter.WriteFile(_plant, _csv);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_csv);

    [Benchmark(Description = "hybrid partition 220k x 52 -> 5 clients")]
    public int PartitionHybrid() => Partitioner.Partition(_plant, Hybrid).Metadata.AssignedRows;

    [Benchmark(Description = "all heterogeneity metrics, 5 clients")]
    public double Metrics() => HeterogeneityAnalyzer.Analyze(_names, _clients).MeanWasserstein1[0][1];

    [Benchmark(Description = "stream-read 220k x 52 pump CSV")]
    public int ReadCsv() => PumpSensorReader.Read(_csv).RowCount;
}
