using System.Globalization;
using FedAspire.Core.Learning;
using System.Text;
using FedAspire.Lab.Experiments;
using ScottPlot;

namespace FedAspire.Lab.Reports;

/// <summary>
/// The FedBuff part of a report: each asynchronous arm against its partition's synchronous reference arm (FedAvg when present) on
/// the same client-update budget, by the global loss of the final model (every participant's training windows), and the figure of
/// global loss per client update.
/// </summary>
public static class FedBuffReport
{
    /// <summary>One asynchronous arm beside its synchronous reference.</summary>
    /// <param name="Arm">The FedBuff arm.</param>
    /// <param name="Reference">The partition's synchronous reference arm (null when the partition has none).</param>
    /// <param name="Gap">(FedBuff final global loss - reference's) / reference's; NaN without a reference.</param>
    public sealed record Comparison(ArmResult Arm, ArmResult? Reference, double Gap);

    /// <summary>Every FedBuff arm with its reference: the partition's synchronous federated arm named fedavg, else its first one.</summary>
    public static IReadOnlyList<Comparison> Compare(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var comparisons = new List<Comparison>();
        foreach (var arm in result.Arms.Where(a => a.FedBuff is not null))
        {
            var synchronous = result.Arms.Where(a => a.Partition == arm.Partition && a.Kind == "federated" && a.FedBuff is null).ToList();
            var reference = synchronous.FirstOrDefault(a => a.Method == "fedavg") ?? synchronous.FirstOrDefault();
            double gap = reference is null ? double.NaN : (FinalGlobalLoss(arm) - FinalGlobalLoss(reference)) / FinalGlobalLoss(reference);
            comparisons.Add(new Comparison(arm, reference, gap));
        }
        return comparisons;
    }

    /// <summary>The global loss of an arm's last round or step (NaN without one).</summary>
    public static double FinalGlobalLoss(ArmResult arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Rounds.Count > 0 ? arm.Rounds[^1].GlobalLoss : double.NaN;
    }

    /// <summary>Appends the section (nothing when the run has no FedBuff arm).</summary>
    public static void Write(StringBuilder md, ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(md);
        var comparisons = Compare(result);
        if (comparisons.Count == 0) return;
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("## Asynchronous arms (FedBuff)").AppendLine();
        md.AppendLine("Each FedBuff arm spends the synchronous arms' client-update budget (rounds x participants), or with `budget: time` the simulated " +
            "time their rounds take at the same speeds, on a simulated clock where every " +
            "facility trains at its own seeded speed; the server steps every K accepted updates. Global loss: the final model's mean reconstruction " +
            "error on every participant's training windows (each standardized as it trains), the same measure for rounds and steps.").AppendLine();
        md.AppendLine("| arm | steps | updates reported (rejected) | mean staleness | simulated time | synchronous rounds' time at the same speeds | final global loss | reference | its final global loss | gap | F1 | reference F1 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (arm, reference, gap) in comparisons)
        {
            var f = arm.FedBuff!;
            double staleness = f.Steps.Count > 0 ? f.Steps.Average(s => s.MeanStaleness) : double.NaN;
            md.AppendLine(c, $"| {arm.Name} | {f.Steps.Count} | {f.Reported} ({f.Rejected}) | {MetricText.Format(staleness, "F2")} | {f.SimulatedTime:F2} | {f.SynchronousTime:F2} | " +
                $"{MetricText.Format(FinalGlobalLoss(arm), "G4")} | {reference?.Name ?? "n/a"} | {(reference is null ? "n/a" : MetricText.Format(FinalGlobalLoss(reference), "G4"))} | " +
                $"{(double.IsFinite(gap) ? (100 * gap).ToString("+0.0;-0.0", c) + " %" : "n/a")} | {MetricText.Format(arm.Final.F1)} | {(reference is null ? "n/a" : MetricText.Format(reference.Final.F1))} |");
        }
        md.AppendLine();
        md.AppendLine("Accepted updates per participant (mean job duration in simulated time units):").AppendLine();
        foreach (var (arm, _, _) in comparisons)
            md.AppendLine($"- {arm.Name}: " + string.Join(", ", arm.FedBuff!.Participants.Select(p => FormattableString.Invariant($"{p.Id} {p.Accepted} ({p.MeanDuration:F2})"))));
        md.AppendLine();
    }

    /// <summary>log10 global loss per accepted client update, one line per federated arm of <paramref name="partition"/>.</summary>
    public static string GlobalLossPerUpdate(string partition, IReadOnlyList<ArmResult> arms, string path)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        int i = 0;
        foreach (var arm in arms.Where(a => a.Partition == partition && a.Kind == "federated"))
        {
            var xs = new List<double>();
            var ys = new List<double>();
            long updates = 0;
            foreach (var r in arm.Rounds)
            {
                updates += r.Participants;
                if (!(r.GlobalLoss > 0) || !double.IsFinite(r.GlobalLoss)) continue;
                xs.Add(updates);
                ys.Add(Math.Log10(r.GlobalLoss));
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), palette.GetColor(i++));
            line.LineWidth = 2;
            line.LinePattern = arm.FedBuff is null ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = arm.Name;
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"{partition}: global loss per client update (synchronous solid, FedBuff dashed)");
        plot.XLabel("accepted client updates");
        plot.YLabel("log10 global loss (training windows, normalized units)");
        plot.SavePng(path, 900, 600);
        return Path.GetFileName(path);
    }
}
