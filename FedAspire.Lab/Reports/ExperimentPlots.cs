using System.Globalization;
using FedAspire.Lab.Experiments;
using ScottPlot;

namespace FedAspire.Lab.Reports;

/// <summary>PNG figures of an experiment (ScottPlot 5): loss and F1 per round per arm, error distributions with the threshold, per-client metrics.</summary>
public static class ExperimentPlots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>Writes every figure into <paramref name="directory"/>; returns (title, file) pairs in report order.</summary>
    public static IReadOnlyList<(string Title, string File)> WriteAll(ExperimentResult result, IReadOnlyList<ArmScores> scores, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scores);
        Directory.CreateDirectory(directory);
        var files = new List<(string, string)>();
        if (result.Arms.Count == 0) return files;
        files.Add(("Training loss per round (centralized: per epoch-equivalent)", LossPerRound(result.Arms, Path.Combine(directory, "loss_per_round.png"))));
        if (result.Arms.Any(a => a.Rounds.Any(r => double.IsFinite(r.F1) && r.F1 > 0)))
            files.Add(("Held-out F1 per round (PCA: final value)", F1PerRound(result.Arms, Path.Combine(directory, "f1_per_round.png"))));
        foreach (var partition in result.Arms.Where(a => a.FedBuff is not null).Select(a => a.Partition).Distinct())
            files.Add(($"Global loss per client update ({partition}): synchronous rounds vs FedBuff steps",
                FedBuffReport.GlobalLossPerUpdate(partition, result.Arms, Path.Combine(directory, $"global_loss_per_update_{Sanitize(partition)}.png"))));
        foreach (var s in scores.Where(s => s.Scores.Length > 0))
            files.Add(($"Held-out reconstruction errors of {s.Arm} with its threshold", ErrorDistribution(s, Path.Combine(directory, $"errors_{Sanitize(s.Arm)}.png"))));
        foreach (var partition in result.Arms.Select(a => a.Partition).Distinct())
        {
            var arms = result.Arms.Where(a => a.Partition == partition && a.Clients.Count > 0).ToList();
            if (arms.Count > 0) files.Add(($"Per-client metrics ({partition})", ClientMetrics(partition, arms, Path.Combine(directory, $"clients_{Sanitize(partition)}.png"))));
        }
        return files;
    }

    /// <summary>log10 of the training loss per round, one line per arm.</summary>
    public static string LossPerRound(IReadOnlyList<ArmResult> arms, string path)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        int i = 0;
        foreach (var arm in arms.Where(a => a.Rounds.Count > 0))
        {
            var points = arm.Rounds.Where(r => r.TrainingLoss > 0 && double.IsFinite(r.TrainingLoss)).ToArray();
            var line = plot.Add.ScatterLine(points.Select(r => (double)r.Round).ToArray(), points.Select(r => Math.Log10(r.TrainingLoss)).ToArray(), palette.GetColor(i++));
            line.LineWidth = 2;
            line.LinePattern = arm.Kind == "centralized" ? LinePattern.Dashed : LinePattern.Solid;
            line.LegendText = arm.Name;
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("Training loss per round");
        plot.XLabel("round (centralized: epoch-equivalent)");
        plot.YLabel("log10 training loss (masked MSE, normalized units)");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    /// <summary>Held-out F1 per round, one line per arm; arms without rounds (PCA) as dotted horizontal lines.</summary>
    public static string F1PerRound(IReadOnlyList<ArmResult> arms, string path)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        int i = 0;
        foreach (var arm in arms)
        {
            var color = palette.GetColor(i++);
            if (arm.Rounds.Count == 0)
            {
                if (!double.IsFinite(arm.Final.F1)) continue;
                var h = plot.Add.HorizontalLine(arm.Final.F1, 2, color, LinePattern.Dotted);
                h.LegendText = arm.Name;
                continue;
            }
            var points = arm.Rounds.Where(r => double.IsFinite(r.F1)).ToArray();
            var line = plot.Add.ScatterLine(points.Select(r => (double)r.Round).ToArray(), points.Select(r => r.F1).ToArray(), color);
            line.LineWidth = 2;
            line.LinePattern = arm.Kind == "centralized" ? LinePattern.Dashed : LinePattern.Solid;
            line.LegendText = arm.Name;
        }
        plot.ShowLegend(Alignment.LowerRight);
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Title("Held-out F1 per round");
        plot.XLabel("round (centralized: epoch-equivalent)");
        plot.YLabel("F1");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    /// <summary>Density of log10 held-out scores for normal and anomalous windows, with the threshold as a vertical line.</summary>
    public static string ErrorDistribution(ArmScores scores, string path)
    {
        ArgumentNullException.ThrowIfNull(scores);
        const double floor = 1e-9;
        var logs = scores.Scores.Select(s => Math.Log10(Math.Max(s, floor))).ToArray();
        var sorted = logs.Order().ToArray();
        double lo = sorted[(int)(0.001 * (sorted.Length - 1))], hi = sorted[(int)(0.999 * (sorted.Length - 1))];
        double t = Math.Log10(Math.Max(scores.Threshold, floor));
        if (float.IsFinite(scores.Threshold)) { lo = Math.Min(lo, t); hi = Math.Max(hi, t); }
        if (hi <= lo) { lo -= 1; hi += 1; }
        const int bins = 60;
        double width = (hi - lo) / bins;
        var xs = Enumerable.Range(0, bins).Select(b => lo + (b + 0.5) * width).ToArray();
        var plot = new Plot();
        foreach (var (anomalous, color, name) in new[] { (false, Colors.SteelBlue, "normal"), (true, Colors.OrangeRed, "anomalous") })
        {
            var counts = new double[bins];
            int n = 0;
            for (int i = 0; i < logs.Length; i++)
            {
                if ((i < scores.Labels.Length && scores.Labels[i]) != anomalous) continue;
                n++;
                int b = (int)((logs[i] - lo) / width);
                if (b >= 0 && b < bins) counts[b]++;
            }
            if (n == 0) continue;
            for (int b = 0; b < bins; b++) counts[b] /= n * width;
            var line = plot.Add.ScatterLine(xs, counts, color);
            line.LineWidth = 2;
            line.LegendText = $"{name} windows (n={n:N0})";
        }
        if (float.IsFinite(scores.Threshold))
        {
            var v = plot.Add.VerticalLine(t, 2, Colors.Black, LinePattern.Dashed);
            v.LegendText = $"threshold {scores.Threshold.ToString("G4", CultureInfo.InvariantCulture)}";
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"{scores.Arm}: held-out reconstruction error");
        plot.XLabel("log10 anomaly score (masked MSE)");
        plot.YLabel("density");
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    /// <summary>Grouped bars per client: F1 of each arm (or the mean held-out score when there are no anomalies to detect).</summary>
    public static string ClientMetrics(string partition, IReadOnlyList<ArmResult> arms, string path)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var clients = arms[0].Clients.Select(c => c.Id).ToArray();
        bool useF1 = arms.Any(a => a.Clients.Any(c => c.Metrics.Anomalous > 0));
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        double groupWidth = 0.8, barWidth = groupWidth / arms.Count;
        for (int a = 0; a < arms.Count; a++)
        {
            var color = palette.GetColor(a);
            for (int c = 0; c < clients.Length && c < arms[a].Clients.Count; c++)
            {
                var m = arms[a].Clients[c].Metrics;
                double value = useF1 ? m.F1 : m.MeanScore;
                if (!double.IsFinite(value)) value = 0;
                plot.Add.Bar(new Bar { Position = c - groupWidth / 2 + (a + 0.5) * barWidth, Value = value, Size = barWidth * 0.95, FillColor = color });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = arms[a].Name, FillColor = color });
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, clients.Length).Select(i => (double)i).ToArray(), clients);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title(useF1 ? $"{partition}: held-out F1 per client" : $"{partition}: mean held-out reconstruction error per client");
        plot.YLabel(useF1 ? "F1" : "mean anomaly score");
        if (useF1) plot.Axes.SetLimitsY(0, 1.3);
        plot.SavePng(path, Width, Height);
        return Path.GetFileName(path);
    }

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
}
