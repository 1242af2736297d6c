using System.Globalization;
using System.Text;
using FedAspire.Core.Data.Heterogeneity;
using FedAspire.Core.Data.Partitioning;

namespace FedAspire.Lab.Reports;

/// <summary>Writes a heterogeneity report as Markdown that embeds the PNG figures (relative links).</summary>
public static class HeterogeneityReportWriter
{
    /// <summary>Writes <c>report.md</c>-style Markdown to <paramref name="path"/>.</summary>
    public static void Write(string path, HeterogeneityReport report, PartitionMetadata? metadata, IReadOnlyList<(string Title, string File)> figures)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append("# Client heterogeneity report\n\n");
        if (metadata is not null)
        {
            md.Append(inv, $"Partition: strategy `{metadata.Strategy}`, seed {metadata.Seed}, source `{metadata.Source}`, {metadata.InputRows:N0} input rows, ")
              .Append(inv, $"{metadata.AssignedRows:N0} assigned, {metadata.UnassignedRows:N0} unassigned, {metadata.DuplicatedRows} duplicated.\n\n");
            md.Append("Parameters: ").Append(string.Join(", ", metadata.Parameters.Select(p => $"{p.Key} = {p.Value}"))).Append("\n\n");
            foreach (var note in metadata.Notes) md.Append("- ").Append(note).Append('\n');
            if (metadata.Notes.Count > 0) md.Append('\n');
        }
        md.Append("## Clients\n\n| client | rows | share | target share | sensors | missing | ");
        md.Append(string.Join(" | ", report.Labels)).Append(" |\n|---|---:|---:|---:|---:|---:|");
        md.Append(string.Concat(report.Labels.Select(_ => "---:|"))).Append('\n');
        foreach (var s in report.Summaries)
        {
            var target = metadata?.Clients.FirstOrDefault(c => c.Name == s.Name)?.TargetFraction;
            md.Append(inv, $"| {s.Name} | {s.Samples:N0} | {s.Fraction:P1} | {(target is { } t ? t.ToString("P1", inv) : "-")} | {s.Sensors} | {s.MissingRate:P2} | ");
            md.Append(string.Join(" | ", report.Labels.Select(l => s.LabelCounts.GetValueOrDefault(l).ToString("N0", inv)))).Append(" |\n");
        }
        md.Append(inv, $"\nQuantity skew: largest/smallest client = {report.QuantityRatio:F2}, coefficient of variation of sizes = {report.QuantityCoefficientOfVariation:F3}.\n\n");
        if (metadata is not null)
        {
            md.Append("Degradations:\n\n| client | sensors kept | dropped | bias | noise | dropout (values) | delay |\n|---|---:|---|---:|---:|---:|---|\n");
            foreach (var c in metadata.Clients)
            {
                var d = c.Degradations;
                md.Append(inv, $"| {c.Name} | {c.Sensors.Count} ({d.SensorFraction:P0}) | {Shorten(d.DroppedSensors)} | {d.CalibrationBias:P0} | {d.NoiseFraction:F2} std | {d.DropoutRate:P1} ({d.DroppedValues:N0}) | ");
                md.Append(d.DelaySteps > 0 ? $"{d.DelaySteps} steps on {d.DelayedSensors.Count} sensors" : "none").Append(" |\n");
            }
            md.Append('\n');
        }
        md.Append("## Pairwise metrics\n\n");
        AppendMatrix(md, "Label Jensen-Shannon divergence (bits, 0..1)", report.Clients, report.LabelJensenShannon);
        AppendMatrix(md, "Mean Wasserstein-1 over shared sensors (standardized units)", report.Clients, report.MeanWasserstein1);
        AppendMatrix(md, "Mean Kolmogorov-Smirnov statistic over shared sensors", report.Clients, report.MeanKsStatistic);
        AppendMatrix(md, "Share of shared sensors with KS p < 0.05", report.Clients, report.KsRejectedShare);
        md.Append("## Most different sensors\n\n| sensor | mean W1 | mean KS D |\n|---|---:|---:|\n");
        foreach (var s in report.Sensors.Where(s => !double.IsNaN(s.MeanWasserstein1)).OrderByDescending(s => s.MeanWasserstein1).Take(10))
            md.Append(inv, $"| {s.Sensor} | {s.MeanWasserstein1:F3} | {s.MeanKsStatistic:F3} |\n");
        md.Append("\n## Figures\n\n");
        foreach (var (title, file) in figures) md.Append("### ").Append(title).Append("\n\n![").Append(title).Append("](").Append(file).Append(")\n\n");
        md.Append("## Method\n\n");
        foreach (var m in report.Method) md.Append("- ").Append(m).Append('\n');
        File.WriteAllText(path, md.ToString());
    }

    private static void AppendMatrix(StringBuilder md, string title, IReadOnlyList<string> clients, double[][] m)
    {
        var inv = CultureInfo.InvariantCulture;
        md.Append("**").Append(title).Append("**\n\n| |").Append(string.Join("|", clients)).Append("|\n|---|");
        md.Append(string.Concat(clients.Select(_ => "---:|"))).Append('\n');
        for (int i = 0; i < clients.Count; i++)
            md.Append("| ").Append(clients[i]).Append(" |").Append(string.Join("|", m[i].Select(v => double.IsNaN(v) ? "n/a" : v.ToString("F3", inv)))).Append("|\n");
        md.Append('\n');
    }

    private static string Shorten(IReadOnlyList<string> names) =>
        names.Count == 0 ? "-" : names.Count <= 4 ? string.Join(", ", names) : string.Join(", ", names.Take(4)) + $" +{names.Count - 4}";
}
