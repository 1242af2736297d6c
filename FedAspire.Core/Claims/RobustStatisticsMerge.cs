using FedAspire.Core.Learning;

namespace FedAspire.Core.Claims;

/// <summary>
/// Merges participants' feature statistics so that no single one decides the normalization: each participant's weight per feature
/// is capped at a share of the total, and with three or more participants the merged mean and spread are clamped to what the
/// others' figures allow.
/// </summary>
/// <remarks>
/// Per feature, over the k participants that observed it, with weights w_i from share-capped counts (sum 1):
/// mu = sum w_i m_i, clamped (k &gt;= 3) to [m_(2), m_(k-1)], the second smallest and second largest participant means;
/// var = sum w_i (v_i + (m_i - mu)^2) about that mean, clamped (k &gt;= 3) to at most s_(k-1)^2 + (m_(k-1) - m_(2))^2, with s_(k-1)
/// the second largest participant std. One participant can therefore not push the mean outside the other participants' means, nor
/// the std above the others' largest std plus their spread of means. Below three participants only the share cap applies.
/// </remarks>
public static class RobustStatisticsMerge
{
    /// <summary>The merged statistics of <paramref name="parts"/> (all of one feature count), or null when there are none.</summary>
    public static NormalizationStatistics? Merge(IReadOnlyList<NormalizationStatistics> parts, double maxShare)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) return null;
        int features = parts[0].FeatureCount;
        foreach (var p in parts)
            if (p.FeatureCount != features) throw new ArgumentException($"Cannot merge statistics of {features} and {p.FeatureCount} features.", nameof(parts));
        var count = new long[features];
        var mean = new double[features];
        var m2 = new double[features];
        var counts = new long[parts.Count];
        for (int f = 0; f < features; f++)
        {
            for (int i = 0; i < parts.Count; i++) counts[i] = parts[i].Count[f];
            var capped = CountBounds.CapShares(counts, maxShare);
            long total = 0;
            foreach (var c in capped) total = checked(total + c);
            if (total == 0) continue;
            var means = new List<double>();
            var stds = new List<double>();
            double mu = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                if (capped[i] == 0) continue;
                mu += (double)capped[i] / total * parts[i].Mean[f];
                means.Add(parts[i].Mean[f]);
                stds.Add(Math.Sqrt(parts[i].Variance(f)));
            }
            double varianceCap = double.PositiveInfinity;
            if (means.Count >= 3)
            {
                means.Sort();
                stds.Sort();
                double low = means[1], high = means[^2];
                mu = Math.Clamp(mu, low, high);
                varianceCap = stds[^2] * stds[^2] + (high - low) * (high - low);
            }
            double variance = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                if (capped[i] == 0) continue;
                double d = parts[i].Mean[f] - mu;
                variance += (double)capped[i] / total * (parts[i].Variance(f) + d * d);
            }
            count[f] = total;
            mean[f] = mu;
            m2[f] = Math.Min(variance, varianceCap) * total;
        }
        return NormalizationStatistics.FromMoments(count, mean, m2);
    }
}
