namespace FedAspire.Analytics.Commands;

/// <summary>Confusion counts of thresholded scores against labels, with precision, recall, F1, false-alarm and missed-alarm rates.</summary>
public sealed record DetectionSummary(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing was flagged.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>False alarm rate FP / (FP + TN).</summary>
    public double FalseAlarmRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);

    /// <summary>Missed alarm rate FN / (FN + TP).</summary>
    public double MissedAlarmRate => Ratio(FalseNegatives, FalseNegatives + TruePositives);

    /// <summary>Counts flags against labels, skipping samples without a score (NaN).</summary>
    public static DetectionSummary Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous, float threshold)
    {
        if (scores.Length != anomalous.Length) throw new ArgumentException($"{scores.Length} scores but {anomalous.Length} labels.");
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i])) continue;
            bool flagged = scores[i] > threshold;
            if (flagged && anomalous[i]) tp++;
            else if (flagged) fp++;
            else if (anomalous[i]) fn++;
            else tn++;
        }
        return new DetectionSummary(tp, fp, tn, fn);
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;
}
