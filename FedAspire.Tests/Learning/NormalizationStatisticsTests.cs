using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class NormalizationStatisticsTests
{
    private const int Features = 4;

    // Rows with per-feature offsets/scales, ~20% masked and ~5% NaN (NaN only where masked or as a skipped reading).
    private static (float[] Rows, float[] Mask) Data(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * Features];
        var mask = new float[rows * Features];
        for (int i = 0; i < values.Length; i++)
        {
            int f = i % Features;
            values[i] = (float)(100 * f + (f + 1) * (random.NextDouble() * 2 - 1) * 3);
            mask[i] = random.NextDouble() < 0.2 ? 0f : 1f;
            if (random.NextDouble() < 0.05) values[i] = float.NaN;
        }
        return (values, mask);
    }

    // Two-pass pooled mean and population variance over observed, non-NaN values.
    private static (double Mean, double Variance, long Count) Pooled(float[] rows, float[] mask, int feature)
    {
        var observed = new List<double>();
        for (int i = feature; i < rows.Length; i += Features)
            if (mask[i] != 0f && !float.IsNaN(rows[i])) observed.Add(rows[i]);
        double mean = observed.Average();
        return (mean, observed.Sum(x => (x - mean) * (x - mean)) / observed.Count, observed.Count);
    }

    private static NormalizationStatistics Observe(float[] rows, float[] mask, int fromRow, int toRow)
    {
        var s = new NormalizationStatistics(Features);
        s.Observe(rows.AsSpan(fromRow * Features, (toRow - fromRow) * Features), mask.AsSpan(fromRow * Features, (toRow - fromRow) * Features));
        return s;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Merged_client_statistics_equal_pooled_statistics(int seed)
    {
        const int rows = 1000;
        var (values, mask) = Data(rows, seed);
        var random = new Random(seed + 100);
        var cuts = Enumerable.Range(0, 4).Select(_ => random.Next(1, rows)).Append(0).Append(rows).Order().ToArray();
        NormalizationStatistics? merged = null;
        for (int c = 0; c + 1 < cuts.Length; c++)
        {
            var part = Observe(values, mask, cuts[c], cuts[c + 1]);
            merged = merged is null ? part : NormalizationStatistics.Merge(merged, part);
        }
        for (int f = 0; f < Features; f++)
        {
            var (mean, variance, count) = Pooled(values, mask, f);
            Assert.Equal(count, merged!.Count[f]);
            Assert.Equal(mean, merged.Mean[f], 1e-6);
            Assert.Equal(variance, merged.Variance(f), 1e-6 * Math.Max(1, variance));
        }
    }

    [Fact]
    public void Merge_is_associative_and_commutative_within_rounding()
    {
        var (values, mask) = Data(300, seed: 9);
        var a = Observe(values, mask, 0, 50);
        var b = Observe(values, mask, 50, 220);
        var c = Observe(values, mask, 220, 300);
        var left = NormalizationStatistics.Merge(NormalizationStatistics.Merge(a, b), c);
        var right = NormalizationStatistics.Merge(a, NormalizationStatistics.Merge(c, b));
        for (int f = 0; f < Features; f++)
        {
            Assert.Equal(left.Count[f], right.Count[f]);
            Assert.Equal(left.Mean[f], right.Mean[f], 1e-9);
            Assert.Equal(left.M2[f], right.M2[f], 1e-9 * left.M2[f]);
        }
    }

    [Fact]
    public void To_normalization_uses_the_population_std()
    {
        var s = new NormalizationStatistics(2);
        // Feature 0: 1,2,3,4 -> mean 2.5, population variance 1.25, std 1.1180340. Feature 1 never observed (masked or NaN).
        s.Observe([1f, 9f, 2f, float.NaN, 3f, 7f, 4f, 5f], [1f, 0f, 1f, 1f, 1f, 0f, 1f, 0f]);
        var n = s.ToNormalization();
        Assert.Equal(2.5f, n.Mean[0]);
        Assert.Equal(1.1180340f, n.Std[0], 1e-6f);
        Assert.Equal(0f, n.Mean[1]);
        Assert.Equal(1f, n.Std[1]);
    }

    [Fact]
    public void Empty_mask_means_all_observed_and_merge_with_empty_is_identity()
    {
        var s = new NormalizationStatistics(1);
        s.Observe([2f, 4f, 6f], []);
        var merged = NormalizationStatistics.Merge(new NormalizationStatistics(1), s);
        Assert.Equal(3, merged.Count[0]);
        Assert.Equal(4.0, merged.Mean[0], 1e-12);
        Assert.Equal(8.0, merged.M2[0], 1e-12);
    }

    [Fact]
    public void Bad_input_is_rejected_with_its_position()
    {
        var s = new NormalizationStatistics(3);
        Assert.Contains("whole number of rows", Assert.Throws<ArgumentException>(() => s.Observe(new float[4], [])).Message);
        Assert.Contains("Mask has 2", Assert.Throws<ArgumentException>(() => s.Observe(new float[3], new float[2])).Message);
        var e = Assert.Throws<ArgumentException>(() => s.Observe([0f, 0f, 0f, 0f, float.PositiveInfinity, 0f], []));
        Assert.Contains("Row 1, feature 1", e.Message);
        Assert.Throws<ArgumentException>(() => NormalizationStatistics.Merge(new NormalizationStatistics(2), s));
    }
}
