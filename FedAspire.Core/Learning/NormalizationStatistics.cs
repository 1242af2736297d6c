namespace FedAspire.Core.Learning;

/// <summary>Mergeable per-feature count, mean and sum of squared deviations (M2), so clients can pool normalization statistics without sharing data.</summary>
/// <remarks>
/// Observe uses Welford's update in double precision; Merge uses Chan et al.'s parallel formula
/// (n = na + nb, d = mean_b - mean_a, mean = mean_a + d nb / n, M2 = M2a + M2b + d^2 na nb / n), so merging client statistics
/// in any order equals (up to rounding) the statistics of the pooled data. Masked (mask 0) and NaN values are skipped per feature.
/// </remarks>
[GenerateSerializer]
public sealed class NormalizationStatistics
{
    /// <summary>Empty statistics for <paramref name="featureCount"/> features.</summary>
    public NormalizationStatistics(int featureCount)
    {
        if (featureCount < 1) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "At least one feature is needed.");
        Count = new long[featureCount];
        Mean = new double[featureCount];
        M2 = new double[featureCount];
    }

    /// <summary>Observed values per feature.</summary>
    [Id(0)] public long[] Count { get; private set; }

    /// <summary>Mean per feature (0 when nothing was observed).</summary>
    [Id(1)] public double[] Mean { get; private set; }

    /// <summary>Sum of squared deviations from the mean per feature.</summary>
    [Id(2)] public double[] M2 { get; private set; }

    /// <summary>Number of features.</summary>
    public int FeatureCount => Count.Length;

    /// <summary>Adds rows [n, FeatureCount] of raw values; <paramref name="mask"/> empty means all observed, else 0/1 per value.</summary>
    public void Observe(ReadOnlySpan<float> rawRows, ReadOnlySpan<float> mask)
    {
        int features = FeatureCount;
        if (rawRows.Length % features != 0)
            throw new ArgumentException($"Row data of {rawRows.Length} values is not a whole number of rows of {features} features.", nameof(rawRows));
        if (!mask.IsEmpty && mask.Length != rawRows.Length)
            throw new ArgumentException($"Mask has {mask.Length} values but the rows have {rawRows.Length}.", nameof(mask));
        for (int i = 0, f = 0; i < rawRows.Length; i++)
        {
            float x = rawRows[i];
            if ((mask.IsEmpty || mask[i] != 0f) && !float.IsNaN(x))
            {
                if (float.IsInfinity(x))
                    throw new ArgumentException($"Row {i / features}, feature {f}: infinite value {x}.", nameof(rawRows));
                // Welford: mean += d / n; M2 += d (x - mean_new).
                long n = ++Count[f];
                double d = x - Mean[f];
                Mean[f] += d / n;
                M2[f] += d * (x - Mean[f]);
            }
            if (++f == features) f = 0;
        }
    }

    /// <summary>
    /// Rebuilds statistics received from another node (count, mean and M2 per feature); throws <see cref="ArgumentException"/>
    /// naming the first inconsistency, since a bad summary would otherwise poison the merged normalization.
    /// </summary>
    public static NormalizationStatistics FromMoments(long[] count, double[] mean, double[] m2)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(m2);
        if (mean.Length != count.Length || m2.Length != count.Length)
            throw new ArgumentException($"Statistics need one count, mean and M2 per feature; got {count.Length}, {mean.Length} and {m2.Length}.");
        var statistics = new NormalizationStatistics(count.Length);
        for (int f = 0; f < count.Length; f++)
        {
            if (count[f] < 0) throw new ArgumentException($"Feature {f}: negative count {count[f]}.");
            if (!double.IsFinite(mean[f]) || !double.IsFinite(m2[f]) || m2[f] < 0)
                throw new ArgumentException($"Feature {f}: mean {mean[f]} and M2 {m2[f]} must be finite and M2 non-negative.");
            if (count[f] == 0 && (mean[f] != 0 || m2[f] != 0))
                throw new ArgumentException($"Feature {f}: no observations but mean {mean[f]} and M2 {m2[f]}.");
        }
        count.CopyTo(statistics.Count, 0);
        mean.CopyTo(statistics.Mean, 0);
        m2.CopyTo(statistics.M2, 0);
        return statistics;
    }

    /// <summary>Statistics of the union of the data behind <paramref name="a"/> and <paramref name="b"/> (Chan et al.); inputs are unchanged.</summary>
    public static NormalizationStatistics Merge(NormalizationStatistics a, NormalizationStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.FeatureCount != b.FeatureCount)
            throw new ArgumentException($"Cannot merge statistics of {a.FeatureCount} and {b.FeatureCount} features.", nameof(b));
        var merged = new NormalizationStatistics(a.FeatureCount);
        for (int f = 0; f < a.FeatureCount; f++)
        {
            long na = a.Count[f], nb = b.Count[f], n = na + nb;
            merged.Count[f] = n;
            if (n == 0) continue;
            double d = b.Mean[f] - a.Mean[f];
            merged.Mean[f] = a.Mean[f] + d * nb / n;
            merged.M2[f] = a.M2[f] + b.M2[f] + d * d * ((double)na * nb / n);
        }
        return merged;
    }

    /// <summary>Population variance M2 / count per feature (0 when nothing was observed).</summary>
    public double Variance(int feature) => Count[feature] == 0 ? 0 : Math.Max(M2[feature], 0) / Count[feature];

    /// <summary>
    /// Mean and population std sqrt(M2 / count) per feature. A feature never observed gets mean 0 and std 1 (identity);
    /// a constant feature gets std 0, which <see cref="FeatureNormalization.Scale"/> treats as 1.
    /// </summary>
    public FeatureNormalization ToNormalization()
    {
        var mean = new float[FeatureCount];
        var std = new float[FeatureCount];
        for (int f = 0; f < FeatureCount; f++)
        {
            mean[f] = (float)Mean[f];
            std[f] = Count[f] == 0 ? 1f : (float)Math.Sqrt(Variance(f));
        }
        return new FeatureNormalization(mean, std);
    }
}
