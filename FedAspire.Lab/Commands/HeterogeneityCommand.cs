using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedAspire.Core.Data.Heterogeneity;
using FedAspire.Core.Data.Partitioning;
using FedAspire.Lab.Reports;

namespace FedAspire.Lab.Commands;

/// <summary><c>heterogeneity</c>: pairwise client metrics of a partition folder -> heterogeneity.json, PNG plots and report.md.</summary>
public sealed class HeterogeneityCommand : ICliCommand
{
    /// <summary>JSON settings of heterogeneity.json (NaN written as "NaN").</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc />
    public Command Create()
    {
        var partition = new Option<string>("--partition") { Description = "a folder written by partition", HelpName = "DIR", DefaultValueFactory = _ => "out/partition" };
        var output = new Option<string?>("--out") { Description = "where to write (default: the partition folder)", HelpName = "DIR" };
        var plotted = new Option<int>("--sensors-plotted") { Description = "sensor distributions plotted", DefaultValueFactory = _ => 4 };
        var command = new Command("heterogeneity", "partition folder -> heterogeneity.json + PNG plots + report.md") { partition, output, plotted };
        command.SetAction(parse => Run(parse.GetRequiredValue(partition), parse.GetValue(output) ?? parse.GetRequiredValue(partition), parse.GetValue(plotted)));
        return command;
    }

    private static int Run(string partition, string output, int plotted)
    {

        Console.WriteLine($"Reading partition {Path.GetFullPath(partition)}");
        PartitionMetadata metadata;
        IReadOnlyList<Core.Data.SensorTable> tables;
        try { (metadata, tables) = CliProgress.Run("read", p => PartitionFiles.Read(partition, p)); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or Core.Data.DataFormatException) { throw new CommandLineException(e.Message); }

        var watch = Stopwatch.StartNew();
        Console.WriteLine($"Computing pairwise metrics for {tables.Count} clients ({tables.Sum(t => (long)t.RowCount):N0} rows)");
        var report = CliProgress.Run("metrics", p => HeterogeneityAnalyzer.Analyze(metadata.Clients.Select(c => c.Name).ToArray(), tables, p));
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
        return 0;
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
