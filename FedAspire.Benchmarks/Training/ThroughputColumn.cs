using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FedAspire.Core.Learning;

namespace FedAspire.Benchmarks.Training;

/// <summary>
/// Samples/s or GFLOP/s derived from the mean time per operation, where one operation is one sample
/// (the benchmarks set OperationsPerInvoke to the samples per invocation).
/// </summary>
/// <remarks>
/// GFLOP/s counts a multiply-add as 2 FLOPs: <see cref="Autoencoder.TrainingFlopsPerSample"/> for training,
/// 2 x <see cref="Autoencoder.ForwardMultiplyAddsPerSample"/> for scoring.
/// </remarks>
public sealed class ThroughputColumn(bool gigaflops) : IColumn
{
    public string Id => gigaflops ? "GFLOP/s" : "Samples/s";
    public string ColumnName => Id;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => gigaflops ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => gigaflops
        ? "Training: (forward + weight-gradient + input-gradient multiply-adds) x 2 per sample / time; scoring: forward multiply-adds x 2"
        : "Samples processed per second, single thread";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics || statistics.Mean <= 0) return "-";
        double samplesPerSecond = 1e9 / statistics.Mean;
        if (!gigaflops) return samplesPerSecond.ToString("N0");
        var name = (string)benchmarkCase.Parameters["Model"];
        var model = Autoencoder.Create(TrainingModels.Create(name).Spec, 0);
        long flops = benchmarkCase.Descriptor.WorkloadMethod.Name.Contains("Score", StringComparison.Ordinal)
            ? 2 * model.ForwardMultiplyAddsPerSample()
            : model.TrainingFlopsPerSample();
        return (samplesPerSecond * flops / 1e9).ToString("F1");
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
