namespace FedAspire.Core.Learning;

/// <summary>Detection quality at one threshold (confusion counts) plus threshold-free ranking quality (ROC-AUC, PR-AUC).</summary>
/// <remarks>
/// <para>A sample is predicted anomalous when its score is strictly greater than the threshold.</para>
/// <para>Ratios follow the SKAB convention: FalseAlarmRate = FP / (FP + TN), MissedAlarmRate = FN / (FN + TP).</para>
/// <para>A figure that is undefined is <see cref="double.NaN"/>, never a placeholder number that reads like a result: precision
/// without alarms, recall, MAR and F1 without anomalous samples, FAR without normal samples, ROC-AUC unless both classes are present,
/// PR-AUC without anomalous samples. F1 with anomalies but no true positive is a real 0 (the detector missed them all). Reports print
/// NaN as "n/a" and JSON writes null.</para>
/// <para>RocAuc is the Mann-Whitney probability that a random anomalous sample scores above a random normal one, ties counting 1/2
/// (identical to the trapezoidal area under the ROC curve, sklearn's roc_auc_score). PrAuc is average precision with sklearn's step
/// definition AP = sum_n (R_n - R_(n-1)) P_n over distinct score thresholds, highest first (not the trapezoidal area).</para>
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record DetectionMetrics(
    [property: Id(0)] long TruePositives,
    [property: Id(1)] long FalsePositives,
    [property: Id(2)] long TrueNegatives,
    [property: Id(3)] long FalseNegatives,
    [property: Id(4)] double RocAuc,
    [property: Id(5)] double PrAuc)
{
    /// <summary>All samples counted.</summary>
    public long Samples => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>TP / (TP + FP).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall, 2 TP / (2 TP + FP + FN); NaN without anomalous samples.</summary>
    public double F1 => F1Of(TruePositives, FalsePositives, FalseNegatives);

    /// <summary>FP / (FP + TN): the share of normal samples that raised an alarm.</summary>
    public double FalseAlarmRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);

    /// <summary>FN / (FN + TP): the share of anomalous samples that raised no alarm.</summary>
    public double MissedAlarmRate => Ratio(FalseNegatives, FalseNegatives + TruePositives);

    /// <summary>Counts at <paramref name="threshold"/> (anomalous when score &gt; threshold) and the AUCs of <paramref name="scores"/>.</summary>
    public static DetectionMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous, float threshold) =>
        Compute(scores, anomalous, threshold, default);

    /// <summary>
    /// Counts where sample i alarms when its score exceeds <paramref name="thresholds"/>[i] (per-participant thresholds pooled into one
    /// set), and the AUCs of <paramref name="scores"/>.
    /// </summary>
    public static DetectionMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous, ReadOnlySpan<float> thresholds)
    {
        if (thresholds.Length != scores.Length)
            throw new ArgumentException($"{thresholds.Length} thresholds for {scores.Length} scores.", nameof(thresholds));
        return Compute(scores, anomalous, float.NaN, thresholds);
    }

    private static DetectionMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous, float threshold, ReadOnlySpan<float> thresholds)
    {
        CheckInputs(scores, anomalous);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool alarm = scores[i] > (thresholds.IsEmpty ? threshold : thresholds[i]);
            if (anomalous[i]) { if (alarm) tp++; else fn++; }
            else if (alarm) fp++;
            else tn++;
        }
        var (roc, pr) = RankingAucs(scores, anomalous);
        return new DetectionMetrics(tp, fp, tn, fn, roc, pr);
    }

    /// <summary>Counts of binary alarms against labels (no scores, so both AUCs are NaN): SKAB's point-wise "binary" metric.</summary>
    public static DetectionMetrics FromAlarms(ReadOnlySpan<bool> alarms, ReadOnlySpan<bool> anomalous)
    {
        if (alarms.Length != anomalous.Length)
            throw new ArgumentException($"{alarms.Length} alarms but {anomalous.Length} labels.", nameof(anomalous));
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < alarms.Length; i++)
        {
            if (anomalous[i]) { if (alarms[i]) tp++; else fn++; }
            else if (alarms[i]) fp++;
            else tn++;
        }
        return new DetectionMetrics(tp, fp, tn, fn, double.NaN, double.NaN);
    }

    /// <summary>Scores sorted ascending with their labels alongside, and the number of anomalous samples: what every ranking metric starts from.</summary>
    private static (float[] Keys, bool[] Labels, long Positives) SortedByScore(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous)
    {
        CheckInputs(scores, anomalous);
        var keys = scores.ToArray();
        var labels = anomalous.ToArray();
        Array.Sort(keys, labels);
        long positives = 0;
        foreach (var l in labels) if (l) positives++;
        return (keys, labels, positives);
    }

    /// <summary>ROC-AUC (ties 1/2; NaN unless both classes are present) and average precision (NaN without anomalies) of <paramref name="scores"/>.</summary>
    public static (double RocAuc, double PrAuc) RankingAucs(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous)
    {
        var (keys, labels, positives) = SortedByScore(scores, anomalous);
        long negatives = labels.Length - positives;

        // Mann-Whitney: AUC = (sum of positives' mid-ranks - P (P + 1) / 2) / (P N), ranks 1-based, ties share their average rank.
        double rankSum = 0;
        for (int start = 0; start < keys.Length;)
        {
            int end = start;
            long tiedPositives = 0;
            while (end < keys.Length && keys[end] == keys[start]) { if (labels[end]) tiedPositives++; end++; }
            rankSum += tiedPositives * ((start + 1 + end) / 2.0);
            start = end;
        }
        double roc = positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);

        // Average precision: walk thresholds from the highest score down, one step per distinct score.
        double ap = positives > 0 ? 0 : double.NaN, previousRecall = 0;
        long tp = 0, fp = 0;
        if (positives > 0)
        {
            for (int end = keys.Length - 1; end >= 0;)
            {
                int start = end;
                while (start >= 0 && keys[start] == keys[end]) { if (labels[start]) tp++; else fp++; start--; }
                double recall = (double)tp / positives;
                ap += (recall - previousRecall) * ((double)tp / (tp + fp));
                previousRecall = recall;
                end = start;
            }
        }
        return (roc, ap);
    }

    /// <summary>
    /// Pools per-client metrics for federated evaluation: counts add; AUCs are the weight-averaged client AUCs over the clients where they
    /// are defined (ROC-AUC needs both classes, PR-AUC at least one anomalous sample): a client whose held-out data has no anomalies says
    /// nothing about ranking. With no such client the AUCs are NaN. The averaged AUCs are a mean over clients, not the AUC of the
    /// pooled scores (which also compares samples across clients and is usually lower): label them so wherever they are shown.
    /// </summary>
    public static DetectionMetrics Combine(IEnumerable<(DetectionMetrics Metrics, long Weight)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long tp = 0, fp = 0, tn = 0, fn = 0, totalWeight = 0;
        double roc = 0, pr = 0, rocWeight = 0, prWeight = 0;
        int count = 0;
        foreach (var (m, w) in parts)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(parts));
            if (w < 0) throw new ArgumentException($"Part {count} has negative weight {w}.", nameof(parts));
            tp += m.TruePositives; fp += m.FalsePositives; tn += m.TrueNegatives; fn += m.FalseNegatives;
            bool hasAnomalies = m.TruePositives + m.FalseNegatives > 0;
            bool hasNormals = m.FalsePositives + m.TrueNegatives > 0;
            if (hasAnomalies && hasNormals) { roc += m.RocAuc * w; rocWeight += w; }
            if (hasAnomalies) { pr += m.PrAuc * w; prWeight += w; }
            totalWeight += w;
            count++;
        }
        if (count == 0) throw new ArgumentException("Cannot combine an empty set of metrics.", nameof(parts));
        if (totalWeight == 0) throw new ArgumentException("Cannot combine metrics whose weights sum to 0.", nameof(parts));
        return new DetectionMetrics(tp, fp, tn, fn, rocWeight > 0 ? roc / rocWeight : double.NaN, prWeight > 0 ? pr / prWeight : double.NaN);
    }

    /// <summary>
    /// The oracle best F1 over every threshold and a threshold that attains it (alarm when score &gt; threshold); NaN for both
    /// without anomalous samples. It looks at the labels, so it is a diagnostic of how good the ranking is, never a way to set a threshold.
    /// </summary>
    public static (double F1, float Threshold) BestF1(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous)
    {
        var (keys, labels, positives) = SortedByScore(scores, anomalous);
        if (positives == 0) return (double.NaN, float.NaN);

        // Lowering the threshold one distinct score at a time, highest first: the alarms are the scores >= the current one.
        double best = 0;
        float bestThreshold = float.PositiveInfinity;
        long tp = 0, fp = 0;
        for (int end = keys.Length - 1; end >= 0;)
        {
            int start = end;
            while (start >= 0 && keys[start] == keys[end]) { if (labels[start]) tp++; else fp++; start--; }
            double f1 = F1Of(tp, fp, positives - tp);
            if (f1 > best) { best = f1; bestThreshold = MathF.BitDecrement(keys[end]); }
            end = start;
        }
        return (best, bestThreshold);
    }

    private static double F1Of(long tp, long fp, long fn) => tp + fn == 0 ? double.NaN : 2.0 * tp / (2.0 * tp + fp + fn);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;

    private static void CheckInputs(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous)
    {
        if (scores.Length != anomalous.Length)
            throw new ArgumentException($"{scores.Length} scores but {anomalous.Length} labels.", nameof(anomalous));
        for (int i = 0; i < scores.Length; i++)
            if (float.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
    }
}
