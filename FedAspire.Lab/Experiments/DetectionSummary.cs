using FedAspire.Core.Learning;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Detection metrics of a final model on held-out data, flattened for JSON and tables; undefined figures are NaN. PR-AUC and ROC-AUC
/// are of the scores pooled over the summarized windows (for a participant: its own windows).
/// </summary>
public sealed record DetectionSummary(long Windows, long Anomalous, float Threshold, double F1, double Precision, double Recall,
    double FalseAlarmRate, double MissedAlarmRate, double PrAuc, double RocAuc, double MeanScore)
{
    /// <summary>Oracle best F1 over all thresholds (it looks at the labels): a diagnostic of the ranking, never used to pick a threshold.</summary>
    public double BestF1 { get; init; } = double.NaN;

    /// <summary>A threshold that attains <see cref="BestF1"/> (diagnostic only).</summary>
    public float BestF1Threshold { get; init; } = float.NaN;

    /// <summary>F1 at the shipped threshold over the oracle best F1: how much of the ranking's quality the threshold delivers.</summary>
    public double F1OverBestF1 => BestF1 > 0 ? F1 / BestF1 : double.NaN;

    /// <summary>Summarizes <paramref name="m"/> (null: no labelled windows, metrics NaN).</summary>
    public static DetectionSummary From(DetectionMetrics? m, float threshold, long windows, double meanScore) => m is null
        ? new DetectionSummary(windows, 0, threshold, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, meanScore)
        : new DetectionSummary(m.Samples, m.TruePositives + m.FalseNegatives, threshold, m.F1, m.Precision, m.Recall, m.FalseAlarmRate, m.MissedAlarmRate, m.PrAuc, m.RocAuc, meanScore);
}
