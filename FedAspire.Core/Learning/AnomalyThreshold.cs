namespace FedAspire.Core.Learning;

/// <summary>Anomaly thresholds from a sample of (normal) scores.</summary>
public static class AnomalyThreshold
{
    /// <summary>
    /// The q-quantile with linear interpolation between order statistics, numpy's default (method="linear", Hyndman-Fan type 7):
    /// h = (n - 1) q, result = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) over the sorted scores, computed in double.
    /// </summary>
    public static float Quantile(ReadOnlySpan<float> scores, double q)
    {
        if (scores.IsEmpty) throw new ArgumentException("Cannot take a quantile of no scores.", nameof(scores));
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile level must be in [0, 1].");
        var sorted = scores.ToArray();
        for (int i = 0; i < sorted.Length; i++)
            if (float.IsNaN(sorted[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
        Array.Sort(sorted);
        return (float)SortedQuantile(sorted, q);
    }

    /// <summary>Mean + k x population standard deviation (ddof = 0) of the scores, accumulated in double.</summary>
    public static float MeanPlusKSigma(ReadOnlySpan<float> scores, double k)
    {
        if (scores.IsEmpty) throw new ArgumentException("Cannot compute a threshold from no scores.", nameof(scores));
        if (!double.IsFinite(k)) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be finite.");
        double mean = 0, m2 = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double x = scores[i];
            if (!double.IsFinite(x)) throw new ArgumentException($"Score {i} is not finite ({x}).", nameof(scores));
            double d = x - mean;
            mean += d / (i + 1);
            m2 += d * (x - mean);
        }
        return (float)(mean + k * Math.Sqrt(m2 / scores.Length));
    }

    /// <summary>Type-7 quantile of already sorted values.</summary>
    internal static double SortedQuantile(ReadOnlySpan<float> sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int j = (int)Math.Floor(h);
        double g = h - j;
        if (j >= sorted.Length - 1) return sorted[^1];
        return sorted[j] + g * ((double)sorted[j + 1] - sorted[j]);
    }
}
