using FedAspire.Core.Learning;

namespace FedAspire.Lab.Experiments;

/// <summary>Point-wise (per reading) detection counts and SKAB's binary metrics, with the F1 of flagging every reading.</summary>
public sealed record PointwiseSummary(long Points, long Anomalous, long Alarms, long TruePositives, double F1, double FalseAlarmRate, double MissedAlarmRate, double FlagAllF1)
{
    /// <summary>Summarizes alarm counts; flagging every point gives F1 = P / (P + N / 2) (precision = anomalous share, recall 1).</summary>
    public static PointwiseSummary From(DetectionMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        long anomalous = m.TruePositives + m.FalseNegatives, normal = m.FalsePositives + m.TrueNegatives;
        double flagAll = anomalous == 0 ? 0 : anomalous / (anomalous + normal / 2.0);
        return new PointwiseSummary(m.Samples, anomalous, m.TruePositives + m.FalsePositives, m.TruePositives, m.F1, m.FalseAlarmRate, m.MissedAlarmRate, flagAll);
    }
}
