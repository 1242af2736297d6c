using System.Globalization;
using FedAspire.Core.Learning;
using FedAspire.Lab.Reports;
using FedAspire.Devices.Training;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// What every baseline arm shares: thresholds calibrated on the participants' calibration windows (normal rows no model trained on,
/// cut into windows on their own so a calibration window never mixes in a training row), and scoring of every participant's
/// held-out windows at those thresholds, per participant and pooled.
/// </summary>
public static class BaselineEvaluation
{
    /// <summary>Each participant's calibration windows, built from its <c>CalibrationRows</c> alone (no labels: they are normal by construction).</summary>
    public static IReadOnlyList<(string Id, LocalWindows Windows)> CalibrationWindows(PreparedPartition partition, ModelSpec spec, int stride)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return partition.Clients.Select(c => (c.Id, LocalWindows.Calibration(c.Data, spec, stride))).ToList();
    }

    /// <summary>The pooled conformal threshold of a pooled detector: <paramref name="score"/> over every participant's calibration windows.</summary>
    public static float CalibratePooled(PreparedPartition partition, ModelSpec spec, int stride, double falseAlarmTarget, Func<LocalWindows, float[]> score) =>
        Calibrate(CalibrationWindows(partition, spec, stride).Where(c => c.Windows.Count > 0).Select(c => score(c.Windows)), falseAlarmTarget);

    /// <summary>
    /// The conformal threshold at <paramref name="falseAlarmTarget"/> over <paramref name="scores"/> pooled; NaN (no alarms) when there
    /// is no calibration score at all, since falling back to training scores is what calibration exists to avoid.
    /// </summary>
    public static float Calibrate(IEnumerable<float[]> scores, double falseAlarmTarget)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var all = scores.SelectMany(s => s).ToArray();
        return all.Length == 0 ? float.NaN : ConformalThreshold.Of(all, falseAlarmTarget).Threshold;
    }

    /// <summary>
    /// Scores every participant's held-out windows with <paramref name="score"/> and judges each at its participant's
    /// <paramref name="threshold"/>: per-participant summaries (n/a for an unlabelled participant), the pooled summary over the labelled
    /// participants' windows, and the per-window scores.
    /// </summary>
    public static (IReadOnlyList<ClientResult> Clients, DetectionSummary Pooled, ArmScores Scores) Evaluate(string arm, PreparedPartition partition,
        ModelSpec spec, int stride, Func<string, LocalWindows, float[]> score, Func<string, float> threshold)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(threshold);
        var clients = new List<ClientResult>();
        var allScores = new List<float>();
        var allLabels = new List<bool>();
        var labelledScores = new List<float>();
        var labelledLabels = new List<bool>();
        var labelledThresholds = new List<float>();
        foreach (var (id, data) in partition.Clients)
        {
            var windows = LocalWindows.HeldOut(data, spec, stride);
            var scores = windows.Count > 0 ? score(id, windows) : [];
            var labels = windows.Labels ?? new bool[windows.Count];
            float t = threshold(id);
            var summary = data.HasLabels
                ? HeldOutScoring.Summarize(scores, labels, t)
                : DetectionSummary.From(null, t, scores.Length, scores.Length > 0 ? scores.Average() : double.NaN);
            clients.Add(new ClientResult(id, data.TrainCount, data.HeldOutCount, summary));
            allScores.AddRange(scores);
            allLabels.AddRange(labels);
            if (!data.HasLabels) continue;
            // Pooled metrics rank calibrated scores (score / the participant's threshold), as the federated arm's do: the pooled
            // PR-AUC then ranks by the same rule the alarms follow, and per-participant detectors are compared on equal terms.
            foreach (var s in scores) labelledScores.Add(t > 0 && float.IsFinite(t) ? s / t : s);
            labelledLabels.AddRange(labels);
            labelledThresholds.AddRange(Enumerable.Repeat(t > 0 && float.IsFinite(t) ? 1f : t, scores.Length));
        }
        var distinct = partition.Clients.Select(c => threshold(c.Id)).Distinct().ToList();
        float common = distinct.Count == 1 ? distinct[0] : float.NaN;
        // The pooled threshold is NaN ("per participant") whenever participants differ, even if only one of them has labels.
        var pooled = Summarize(labelledScores.ToArray(), labelledLabels.ToArray(), labelledThresholds.ToArray()) with { Threshold = common };
        var armScores = new ArmScores(arm, allScores.ToArray(), allLabels.ToArray(), common)
            .WithWindows(partition, spec.Window, stride, threshold);
        return (clients, pooled, armScores);
    }

    /// <summary>
    /// Metrics where window i alarms above <paramref name="thresholds"/>[i]; the summary's threshold is the common one, or NaN when
    /// participants have their own.
    /// </summary>
    public static DetectionSummary Summarize(float[] scores, bool[] labels, float[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(thresholds);
        float common = thresholds.Length > 0 && thresholds.All(t => t.Equals(thresholds[0])) ? thresholds[0] : float.NaN;
        if (scores.Length == 0) return DetectionSummary.From(null, common, 0, double.NaN);
        var (best, bestThreshold) = DetectionMetrics.BestF1(scores, labels);
        return DetectionSummary.From(DetectionMetrics.Compute(scores, labels, thresholds), common, scores.Length, scores.Average())
            with { BestF1 = best, BestF1Threshold = bestThreshold };
    }

    /// <summary>The console line of a finished arm: metrics at the shipped threshold, pooled PR-AUC and the oracle best-F1, n/a where undefined.</summary>
    public static string Describe(ArmResult arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var f = arm.Final;
        return string.Create(CultureInfo.InvariantCulture,
            $"{arm.Name} ({arm.Method}): F1 {MetricText.Format(f.F1)}  FAR {MetricText.Format(f.FalseAlarmRate)}  MAR {MetricText.Format(f.MissedAlarmRate)}  " +
            $"PR-AUC (pooled) {MetricText.Format(f.PrAuc)}  best-F1 (oracle) {MetricText.Format(f.BestF1)}");
    }
}
