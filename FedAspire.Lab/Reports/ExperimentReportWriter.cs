using FedAspire.Core.Learning;
using System.Globalization;
using System.Text;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Experiments;

namespace FedAspire.Lab.Reports;

/// <summary>Writes <c>report.md</c> for an experiment run: setup, data notes, final metrics per arm, per-client table, figures, scale.</summary>
public static class ExperimentReportWriter
{
    /// <summary>Published SKAB outlier-detection leaderboard rows (F1, FAR %, MAR %) shown next to SKAB runs.</summary>
    public static IReadOnlyList<(string Method, double F1, double Far, double Mar)> SkabLeaderboard { get; } =
    [
        ("Conv-AE (best published)", 0.78, 13.55, 28.02),
        ("MSET", 0.78, double.NaN, double.NaN),
        ("T2+Q (PCA)", 0.76, double.NaN, double.NaN),
        ("LSTM-AE", 0.74, double.NaN, double.NaN),
        ("Isolation forest", 0.29, double.NaN, double.NaN),
    ];

    /// <summary>Writes the report; returns its path.</summary>
    public static string Write(ExperimentResult result, ExperimentTimings timings, IReadOnlyList<(string Title, string File)> figures, string directory, string command)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(timings);
        ArgumentNullException.ThrowIfNull(figures);
        var c = CultureInfo.InvariantCulture;
        var s = result.Scenario;
        var md = new StringBuilder();
        md.AppendLine(c, $"# Experiment `{s.Name}`");
        md.AppendLine();
        if (s.Description.Length > 0) md.AppendLine(s.Description).AppendLine();
        md.AppendLine(c, $"Command: `{command}`").AppendLine();
        md.AppendLine(c, $"Run {timings.StartedAt:yyyy-MM-dd HH:mm} UTC, {timings.TotalSeconds:F1} s in total, {Environment.ProcessorCount} cores (shared machine: timings are under load).").AppendLine();
        if (result.Scale is null)
        {
            md.AppendLine(c, $"Setup: dataset `{s.Dataset}`, model {s.Model.Kind} {(s.Model.Kind == "dense" ? "hidden " + string.Join("-", s.Model.Hidden) : "channels " + string.Join("-", s.Model.Channels))} " +
                $"({s.Model.Activation}), window {s.Model.Window}, stride {s.WindowStride}; {s.Rounds} rounds x {s.Training.Epochs} local epoch(s), {s.Training.Optimizer} lr {s.Training.LearningRate.ToString("G", c)}, batch {s.Training.BatchSize}; " +
                $"normalization {s.Normalization}; every threshold is conformal at a {MetricText.Percent(s.FalseAlarmTarget, "0.##")} % false-alarm target on the calibration windows " +
                $"(the latest {MetricText.Percent(s.CalibrationFraction, "0.##")} % of each participant's training span, held out from training): per facility for the federation and zscore, " +
                $"pooled for pca, iforest and centralized-ae; seed {s.Seed}.");
            md.AppendLine();
            md.AppendLine("Metrics are per window (a window is anomalous when any of its readings is), on every facility's held-out part, at the shipped threshold. " +
                "F1/FAR/MAR of the final model come from in-process scoring of the published version (the per-round columns are the federation's own ONNX-based federated evaluation; both count the same windows). " +
                "PR-AUC and ROC-AUC in the tables below are of the scores pooled over all labelled facilities; the federated rounds' PR-AUC (`rounds.csv`, `auc_kind` facility-mean) is a mean over facilities and usually higher. " +
                "n/a marks a figure that is undefined (e.g. F1, MAR and PR-AUC without anomalous windows, FAR without normal ones, anything for a facility without labels). " +
                "Best-F1 (oracle) is the best F1 over all thresholds, chosen by looking at the labels: a diagnostic of the ranking, never a threshold anyone could ship; F1 / best-F1 is how much of it the shipped threshold delivers.");
            md.AppendLine();
        }
        if (result.Notes.Count > 0)
        {
            md.AppendLine("## Data");
            foreach (var note in result.Notes) md.AppendLine(c, $"- {note}");
            md.AppendLine();
        }
        if (result.Arms.Count > 0)
        {
            md.AppendLine(s.SkabProtocol is null ? "## Results (final model)" : "## Results (final model, window-wise)");
            md.AppendLine();
            md.AppendLine(c, $"| arm | kind | threshold rule | PR-AUC (pooled) | ROC-AUC (pooled) | F1 at shipped threshold | FAR % | MAR % | best-F1 (oracle, diagnostic) | F1 / best-F1 | threshold | {s.TestErrorQuantile.ToString("0.##", c)}-quantile of test error | final training loss | held-out windows (anomalous) |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var a in result.Arms)
            {
                var f = a.Final;
                double loss = a.Rounds.Count > 0 ? a.Rounds[^1].TrainingLoss : double.NaN;
                md.AppendLine(c, $"| {a.Name} | {a.Kind} | {ThresholdRule(a, s)} | {MetricText.Format(f.PrAuc)} | {MetricText.Format(f.RocAuc)} | {MetricText.Format(f.F1)} | {MetricText.Percent(f.FalseAlarmRate)} | {MetricText.Percent(f.MissedAlarmRate)} | " +
                    $"{MetricText.Format(f.BestF1)} | {MetricText.Format(f.F1OverBestF1, "F2")} | {(float.IsNaN(f.Threshold) && a.Clients.Count > 0 ? "per participant" : MetricText.Format(f.Threshold, "G4"))} | {MetricText.Format(a.TestErrorThreshold, "G4")} | {MetricText.Format(loss, "G4")} | {f.Windows:N0} ({f.Anomalous:N0}) |");
            }
            md.AppendLine();
            if (result.Arms.FirstOrDefault(a => a.Final.Windows > 0 && a.Final.Anomalous > 0) is { } reference)
            {
                // The floor every F1 must beat: flagging every window gives precision = anomalous share, recall = 1.
                double p = reference.Final.Anomalous / (double)reference.Final.Windows;
                md.AppendLine(c, $"Reference: {100 * p:F1} % of the held-out windows are anomalous, so flagging every window would score F1 {2 * p / (1 + p):F3} (FAR 100 %, MAR 0 %); PR-AUC of a random score equals {p:F3}.");
                md.AppendLine();
            }
            if (s.Dataset == "skab" && s.SkabProtocol is null)
            {
                md.AppendLine("SKAB leaderboard (outlier detection, point-wise on the test parts; published figures):").AppendLine();
                md.AppendLine("| method | F1 | FAR % | MAR % |").AppendLine("|---|---|---|---|");
                foreach (var (method, f1, far, mar) in SkabLeaderboard)
                    md.AppendLine(c, $"| {method} | {f1:F2} | {(double.IsNaN(far) ? "-" : far.ToString("F2", c))} | {(double.IsNaN(mar) ? "-" : mar.ToString("F2", c))} |");
                md.AppendLine();
            }
            if (s.SkabProtocol is { } protocol) WriteSkabProtocol(md, result, protocol);
            FedBuffReport.Write(md, result);
            md.AppendLine("## Per participant (final model)").AppendLine();
            md.AppendLine("| arm | participant | train rows | held-out rows | windows (anomalous) | threshold | F1 | FAR % | MAR % | PR-AUC | best-F1 (oracle) | mean score |").AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var a in result.Arms)
                foreach (var cl in a.Clients)
                {
                    var m = cl.Metrics;
                    md.AppendLine(c, $"| {a.Name} | {cl.Id} | {cl.TrainRows:N0} | {cl.HeldOutRows:N0} | {m.Windows:N0} ({(double.IsNaN(m.F1) && m.Anomalous == 0 && double.IsNaN(m.FalseAlarmRate) ? "n/a" : m.Anomalous.ToString("N0", c))}) | {MetricText.Format(m.Threshold, "G4")} | " +
                        $"{MetricText.Format(m.F1)} | {MetricText.Percent(m.FalseAlarmRate)} | {MetricText.Percent(m.MissedAlarmRate)} | {MetricText.Format(m.PrAuc)} | {MetricText.Format(m.BestF1)} | {MetricText.Format(m.MeanScore, "G4")} |");
                }
            md.AppendLine();
            md.AppendLine("Per-round values: `rounds.csv`; every held-out window's score, threshold and label: `scores.csv` (not committed); everything: `metrics.json`; durations: `timings.json`.").AppendLine();
        }
        if (result.Scale is { } scale && timings.Scale is { } t) ScaleReport.AppendMarkdown(md, scale, t);
        if (figures.Count > 0)
        {
            md.AppendLine("## Figures").AppendLine();
            foreach (var (title, file) in figures) md.AppendLine(c, $"### {title}").AppendLine().AppendLine(c, $"![{title}]({file})").AppendLine();
        }
        var path = Path.Combine(directory, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>How an arm's threshold was set, for the results table.</summary>
    public static string ThresholdRule(ArmResult arm, ExperimentScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(scenario);
        var c = CultureInfo.InvariantCulture;
        string target = MetricText.Percent(scenario.FalseAlarmTarget, "0.##");
        return arm.Kind switch
        {
            "federated" or "local" => $"conformal, FAR {target} %, per participant",
            _ => $"conformal, FAR {target} %, pooled calibration",
        };
    }

    private static void WriteSkabProtocol(StringBuilder md, ExperimentResult result, ScenarioSkabProtocol protocol)
    {
        var c = CultureInfo.InvariantCulture;
        var arms = result.Arms.Where(a => a.SkabProtocol is not null).ToList();
        if (arms.Count == 0) return;
        md.AppendLine("## SKAB leaderboard protocol (point-wise)").AppendLine();
        md.AppendLine(string.Create(c, $"Each final model scored as SKAB's Conv-AE notebook scores: per labelled file, stride-1 windows of {protocol.Window} readings over the whole file; ") +
            string.Create(c, $"UCL = {protocol.Quantile.ToString("0.####", c)}-quantile x {protocol.Factor.ToString("0.####", c)} of the scores of the file's training windows (those inside its first {Core.Data.Readers.SkabDataset.TrainLength} rows); " +
            $"a window alarms when its score > UCL; reading i alarms when windows i-{protocol.Window - 1} .. i-1 all alarm (only for {protocol.Window - 1} <= i < n-{protocol.Window - 1} with n the file's window count, as the notebook; other readings 0); ") +
            "F1 = TP / (TP + (FP + FN) / 2), FAR = FP / (FP + TN), MAR = FN / (FN + TP) over all files' readings concatenated (SKAB's chp_score, metric \"binary\"). " +
            "The notebook scores whole files against every row's label (its published figures are of that kind); the test-part columns keep only the readings after each file's training rows.");
        md.AppendLine();
        md.AppendLine("Differences from the notebook, all stated: the score is our masked MSE of the normalized window, not its L1 residual (sum over features of the mean absolute error over time); " +
            "one model per arm (federated global model or pooled centralized model), where the notebook trains one Conv-AE per file on that file's 341 training windows; " +
            "each file is standardized with the scaler of its cleaned training rows (the rows the model trained on; equal to rows 0..399 except for the SKAB defects listed above), and other/2's calibration windows include its anomalous rows 104..399, exactly as in the notebook. " +
            "Calibrating a file's UCL with the global model on that file's own training windows is a facility-local step (the facility owns those rows and needs no labels for it), so it is legitimate in federated learning.");
        md.AppendLine();
        md.AppendLine("| arm | kind | whole files F1 | FAR % | MAR % | test parts F1 | FAR % | MAR % | alarms (whole files) |").AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var a in arms)
        {
            var (w, t) = (a.SkabProtocol!.WholeFile, a.SkabProtocol.TestPart);
            md.AppendLine(c, $"| {a.Name} | {a.Kind} | {w.F1:F3} | {100 * w.FalseAlarmRate:F2} | {100 * w.MissedAlarmRate:F2} | {t.F1:F3} | {100 * t.FalseAlarmRate:F2} | {100 * t.MissedAlarmRate:F2} | {w.Alarms:N0} |");
        }
        var reference = arms[0].SkabProtocol!;
        md.AppendLine(c, $"| flag every reading (floor) | - | {reference.WholeFile.FlagAllF1:F3} | 100.00 | 0.00 | {reference.TestPart.FlagAllF1:F3} | 100.00 | 0.00 | {reference.WholeFile.Points:N0} |");
        foreach (var (method, f1, far, mar) in SkabLeaderboard)
            md.AppendLine(c, $"| leaderboard: {method} | published | {f1:F2} | {(double.IsNaN(far) ? "-" : far.ToString("F2", c))} | {(double.IsNaN(mar) ? "-" : mar.ToString("F2", c))} | - | - | - | - |");
        md.AppendLine();
        md.AppendLine(string.Create(c, $"Readings: whole files {reference.WholeFile.Points:N0} ({reference.WholeFile.Anomalous:N0} anomalous, {100.0 * reference.WholeFile.Anomalous / Math.Max(1, reference.WholeFile.Points):F1} %) in {reference.Files} files; ") +
            string.Create(c, $"test parts {reference.TestPart.Points:N0} ({reference.TestPart.Anomalous:N0} anomalous, {100.0 * reference.TestPart.Anomalous / Math.Max(1, reference.TestPart.Points):F1} %).") +
            (reference.UncalibratedFiles > 0 ? $" {reference.UncalibratedFiles} file(s) too short for a training window raise no alarms." : ""));
        md.AppendLine();
        md.AppendLine("Per facility (point-wise):").AppendLine();
        md.AppendLine("| arm | facility | files | whole files F1 | FAR % | MAR % | test parts F1 | FAR % | MAR % |").AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var a in arms)
            foreach (var cl in a.SkabProtocol!.Clients)
                md.AppendLine(c, $"| {a.Name} | {cl.Id} | {cl.Files} | {cl.WholeFile.F1:F3} | {100 * cl.WholeFile.FalseAlarmRate:F2} | {100 * cl.WholeFile.MissedAlarmRate:F2} | {cl.TestPart.F1:F3} | {100 * cl.TestPart.FalseAlarmRate:F2} | {100 * cl.TestPart.MissedAlarmRate:F2} |");
        md.AppendLine();
    }
}
