using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedAspire.Core.Data.Heterogeneity;
using FedAspire.Core.Data.Partitioning;
using FedAspire.Devices.Reports;

namespace FedAspire.Devices.Commands;

/// <summary><c>heterogeneity</c>: pairwise client metrics of a partition folder -> heterogeneity.json, PNG plots and report.md.</summary>
public sealed class HeterogeneityCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "heterogeneity";

    /// <inheritdoc />
    public string Summary => "partition folder -> heterogeneity.json + PNG plots + report.md (--partition --out --sensors-plotted)";

    /// <summary>JSON settings of heterogeneity.json (NaN written as "NaN").</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc />
    public Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken)
    {
        var partition = args.GetString("partition", "out/partition");
        var output = args.GetStringOrNull("out") ?? partition;
        int plotted = args.GetInt("sensors-plotted", 4);
        args.ThrowOnUnknown();

        Console.WriteLine($"Reading partition {Path.GetFullPath(partition)}");
        PartitionMetadata metadata;
        IReadOnlyList<Core.Data.SensorTable> tables;
        try { (metadata, tables) = PartitionFiles.Read(partition, new ConsoleProgress("read")); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or Core.Data.DataFormatException) { throw new CommandLineException(e.Message); }

        var watch = Stopwatch.StartNew();
        Console.WriteLine($"Computing pairwise metrics for {tables.Count} clients ({tables.Sum(t => (long)t.RowCount):N0} rows)");
        var report = HeterogeneityAnalyzer.Analyze(metadata.Clients.Select(c => c.Name).ToArray(), tables, new ConsoleProgress("metrics"));
        Console.WriteLine($"  metrics in {watch.Elapsed.TotalSeconds:F1} s");
        Directory.CreateDirectory(output);
        var jsonPath = Path.Combine(output, "heterogeneity.json");
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, Json) + "\n");
        Console.WriteLine($"  plotting ({plotted} sensor distributions)");
        var figures = HeterogeneityPlots.WriteAll(report, tables, output, plotted);
        var reportPath = Path.Combine(output, "report.md");
        HeterogeneityReportWriter.Write(reportPath, report, metadata, figures);
        Console.WriteLine($"  label JS (mean off-diagonal): {MeanOff(report.LabelJensenShannon):F3}; mean W1: {MeanOff(report.MeanWasserstein1):F3}; mean KS D: {MeanOff(report.MeanKsStatistic):F3}");
        Console.WriteLine($"Wrote {jsonPath}, {figures.Count} PNGs and {reportPath}");
        return Task.FromResult(0);
    }

    private static double MeanOff(double[][] m)
    {
        double s = 0;
        int n = 0;
        for (int i = 0; i < m.Length; i++)
            for (int j = i + 1; j < m.Length; j++)
                if (!double.IsNaN(m[i][j])) { s += m[i][j]; n++; }
        return n > 0 ? s / n : double.NaN;
    }
}
