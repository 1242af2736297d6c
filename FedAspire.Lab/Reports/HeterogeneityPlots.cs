using FedAspire.Core.Data;
using FedAspire.Core.Data.Heterogeneity;
using ScottPlot;

namespace FedAspire.Lab.Reports;

/// <summary>PNG figures of a heterogeneity report (ScottPlot 5): client sizes, label mix, per-sensor distributions, pairwise heatmaps.</summary>
public static class HeterogeneityPlots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>Writes every figure into <paramref name="directory"/>; returns (title, file name) pairs in report order.</summary>
    public static IReadOnlyList<(string Title, string File)> WriteAll(HeterogeneityReport report, IReadOnlyList<SensorTable> clients, string directory, int distributionSensors = 6)
    {
        Directory.CreateDirectory(directory);
        var files = new List<(string, string)>
        {
            ("Client sizes", ClientSizes(report, Path.Combine(directory, "client_sizes.png"))),
        };
        if (report.Labels.Count > 0) files.Add(("Label mix per client", LabelMix(report, Path.Combine(directory, "label_mix.png"))));
        if (report.Labels.Count > 0) files.Add(("Label Jensen-Shannon divergence (bits)", Heatmap(report.Clients, report.LabelJensenShannon, "Label Jensen-Shannon divergence (base 2)", Path.Combine(directory, "heatmap_label_js.png"))));
        files.Add(("Mean Wasserstein-1 over shared sensors (standardized)", Heatmap(report.Clients, report.MeanWasserstein1, "Mean Wasserstein-1 (standardized values)", Path.Combine(directory, "heatmap_wasserstein1.png"))));
        files.Add(("Mean Kolmogorov-Smirnov statistic over shared sensors", Heatmap(report.Clients, report.MeanKsStatistic, "Mean Kolmogorov-Smirnov D", Path.Combine(directory, "heatmap_ks.png"))));
        foreach (var sensor in report.Sensors.Where(s => !double.IsNaN(s.MeanWasserstein1)).OrderByDescending(s => s.MeanWasserstein1).Take(distributionSensors))
        {
            var file = $"distribution_{Sanitize(sensor.Sensor)}.png";
            files.Add(($"Distribution of {sensor.Sensor} per client (mean W1 {sensor.MeanWasserstein1:F3})", SensorDistribution(sensor.Sensor, report.Clients, clients, Path.Combine(directory, file))));
        }
        return files;
    }

    /// <summary>Bar chart of rows per client.</summary>
    public static string ClientSizes(HeterogeneityReport report, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < report.Summaries.Count; i++)
        {
            var bar = new Bar { Position = i, Value = report.Summaries[i].Samples, FillColor = palette.GetColor(i), Label = report.Summaries[i].Samples.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) };
            plot.Add.Bar(bar);
        }
        ClientTicks(plot.Axes.Bottom, report.Clients);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Rows per client");
        plot.YLabel("rows");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    /// <summary>Stacked bars of each client's label shares.</summary>
    public static string LabelMix(HeterogeneityReport report, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < report.Summaries.Count; i++)
        {
            var s = report.Summaries[i];
            double total = Math.Max(1, s.LabelCounts.Values.Sum());
            double at = 0;
            for (int l = 0; l < report.Labels.Count; l++)
            {
                double share = s.LabelCounts.GetValueOrDefault(report.Labels[l]) / total;
                plot.Add.Bar(new Bar { Position = i, ValueBase = at, Value = at + share, FillColor = palette.GetColor(l) });
                at += share;
            }
        }
        for (int l = 0; l < report.Labels.Count; l++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = report.Labels[l], FillColor = palette.GetColor(l) });
        plot.ShowLegend(Alignment.UpperRight);
        ClientTicks(plot.Axes.Bottom, report.Clients);
        plot.Axes.SetLimitsY(0, 1.25);
        plot.Title("Label mix per client (share of rows)");
        plot.YLabel("share");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    /// <summary>Heatmap of a symmetric client x client matrix with the values written in the cells.</summary>
    public static string Heatmap(IReadOnlyList<string> clients, double[][] matrix, string title, string path)
    {
        int k = clients.Count;
        var data = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) data[i, j] = matrix[i][j];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Pairs without shared sensors are NaN: give the color scale the finite range explicitly (grey cells, "n/a" text).
        var finite = matrix.SelectMany(row => row).Where(double.IsFinite).ToArray();
        double lo = finite.Length > 0 ? finite.Min() : 0, hi = finite.Length > 0 ? finite.Max() : 1;
        heatmap.ManualRange = new ScottPlot.Range(lo, hi > lo ? hi : lo + 1);
        heatmap.NaNCellColor = Colors.LightGray;
        plot.Add.ColorBar(heatmap);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                var text = plot.Add.Text(double.IsNaN(matrix[i][j]) ? "n/a" : matrix[i][j].ToString("F3", System.Globalization.CultureInfo.InvariantCulture), j, k - 1 - i);
                text.LabelFontColor = Colors.White;
                text.LabelBackgroundColor = Colors.Black.WithAlpha(0.4);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 14;
            }
        ClientTicks(plot.Axes.Bottom, clients);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, k).Select(i => (double)(k - 1 - i)).ToArray(), clients.ToArray());
        plot.Title(title);
        plot.XLabel("client");
        plot.YLabel("client");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    /// <summary>Overlaid histograms (as step lines of density) of one sensor's standardized values, one line per client.</summary>
    public static string SensorDistribution(string sensor, IReadOnlyList<string> names, IReadOnlyList<SensorTable> clients, string path)
    {
        var all = new List<float>();
        var perClient = new float[clients.Count][];
        for (int i = 0; i < clients.Count; i++)
        {
            int col = clients[i].IndexOf(sensor);
            perClient[i] = col < 0 ? [] : DistributionDistance.SortedFinite(clients[i].Column(col));
            all.AddRange(perClient[i]);
        }
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        if (all.Count > 0)
        {
            all.Sort();
            // Robust range (0.5th..99.5th percentile) so one outlier does not flatten the picture.
            double lo = all[(int)(0.005 * (all.Count - 1))], hi = all[(int)(0.995 * (all.Count - 1))];
            if (hi <= lo) { lo -= 1; hi += 1; }
            const int bins = 60;
            double width = (hi - lo) / bins;
            var xs = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray();
            for (int i = 0; i < clients.Count; i++)
            {
                if (perClient[i].Length == 0) continue;
                var counts = new double[bins];
                foreach (var v in perClient[i])
                {
                    int b = (int)((v - lo) / width);
                    if (b >= 0 && b < bins) counts[b]++;
                }
                for (int b = 0; b < bins; b++) counts[b] /= perClient[i].Length * width;
                var line = plot.Add.ScatterLine(xs, counts, palette.GetColor(i));
                line.LineWidth = 2;
                line.LegendText = $"{names[i]} (n={perClient[i].Length:N0})";
            }
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"{sensor}: value distribution per client");
        plot.XLabel($"{sensor} (raw units, 0.5-99.5 percentile range)");
        plot.YLabel("density");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    private static void ClientTicks(IAxis axis, IReadOnlyList<string> clients) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, clients.Count).Select(i => (double)i).ToArray(), clients.ToArray());

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
