using FedAspire.Core.Learning;

namespace FedAspire.Devices.Experiments;

/// <summary>Detection metrics of a final model on held-out data, flattened for JSON and tables.</summary>
public sealed record DetectionSummary(long Windows, long Anomalous, float Threshold, double F1, double Precision, double Recall,
    double FalseAlarmRate, double MissedAlarmRate, double PrAuc, double RocAuc, double MeanScore)
{
    /// <summary>Summarizes <paramref name="m"/> (null: no labelled windows, metrics NaN).</summary>
    public static DetectionSummary From(DetectionMetrics? m, float threshold, long windows, double meanScore) => m is null
        ? new DetectionSummary(windows, 0, threshold, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, meanScore)
        : new DetectionSummary(m.Samples, m.TruePositives + m.FalseNegatives, threshold, m.F1, m.Precision, m.Recall, m.FalseAlarmRate, m.MissedAlarmRate, m.PrAuc, m.RocAuc, meanScore);
}
