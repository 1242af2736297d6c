using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>Summary column "Input GB/s": bytes of client parameters read per aggregation (Clients x Length x 4) divided by the mean time.</summary>
public sealed class InputThroughputColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(InputThroughputColumn);

    /// <inheritdoc />
    public string ColumnName => "Input GB/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Client parameter bytes (Clients x Length x 4) per second of mean time, in 1e9 bytes/s";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || stats.Mean <= 0) return "-";
        if (benchmarkCase.Parameters["Clients"] is not int clients || benchmarkCase.Parameters["Length"] is not int length) return "-";
        double bytes = (double)clients * length * sizeof(float);
        return (bytes / stats.Mean).ToString("F2", System.Globalization.CultureInfo.InvariantCulture); // bytes per ns = GB/s
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
