using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class ScoreHistogramTests
{
    // Five clients with different sizes and parameters of the same family; scores are positive like reconstruction errors.
    private static float[][] Clients(int distribution, int seed)
    {
        var random = new Random(seed);
        var clients = new float[5][];
        for (int c = 0; c < clients.Length; c++)
        {
            var scores = new float[200 + 700 * c];
            for (int i = 0; i < scores.Length; i++)
            {
                double u = random.NextDouble(), normal = Normal(random);
                scores[i] = (float)(distribution switch
                {
                    0 => Math.Exp(-3 + 0.3 * c + 1.2 * normal),                     // log-normal
                    1 => -Math.Log(1 - u) * (0.05 + 0.02 * c),                      // exponential
                    2 => 0.01 + u * (1 + c),                                        // uniform
                    3 => u < 0.97 ? Math.Abs(normal) * 0.1 : 5 + 50 * u,            // half-normal with a heavy anomalous tail
                    _ => Math.Pow(10, -4 + 6 * u),                                  // log-uniform over six decades
                });
            }
            clients[c] = scores;
        }
        return clients;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Theory]
    [InlineData(0, 0.95)]
    [InlineData(0, 0.99)]
    [InlineData(1, 0.95)]
    [InlineData(1, 0.99)]
    [InlineData(2, 0.95)]
    [InlineData(2, 0.99)]
    [InlineData(3, 0.95)]
    [InlineData(3, 0.99)]
    [InlineData(4, 0.95)]
    [InlineData(4, 0.99)]
    public void Merged_client_histograms_give_the_pooled_quantile_within_the_bound(int distribution, double q)
    {
        var clients = Clients(distribution, seed: 17 + distribution);
        ScoreHistogram? merged = null;
        foreach (var scores in clients)
        {
            var h = ScoreHistogram.Create();
            h.Add(scores);
            merged = merged is null ? h : ScoreHistogram.Merge(merged, h);
        }
        var pooled = clients.SelectMany(c => c).ToArray();
        double exact = AnomalyThreshold.Quantile(pooled, q);
        double estimate = merged!.Quantile(q);

        Assert.Equal(pooled.Length, merged.Total);
        // Bound plus float rounding of the two returned values.
        double tolerance = merged.QuantileErrorBound * exact + 4e-7 * exact;
        Assert.True(Math.Abs(estimate - exact) <= tolerance, $"estimate {estimate}, exact {exact}, tolerance {tolerance}");
    }

    [Fact]
    public void Default_bound_is_half_a_bin_ratio()
    {
        var h = ScoreHistogram.Create();
        // r = 1e12^(1/2048) = exp(27.631021/2048) = 1.0135831; sqrt(r) - 1 = 0.0067687
        Assert.Equal(1.0135831, h.BinRatio, 1e-7);
        Assert.Equal(0.0067687, h.QuantileErrorBound, 1e-7);
    }

    [Fact]
    public void Extreme_quantiles_are_the_exact_min_and_max()
    {
        var h = ScoreHistogram.Create();
        h.Add([0.5f, 0.123f, 7.25f, 3f, 0f]);
        Assert.Equal(0f, h.Quantile(0));
        Assert.Equal(7.25f, h.Quantile(1));
        Assert.Equal(1, h.Underflow);
    }

    [Fact]
    public void Merge_adds_counts_in_any_order()
    {
        var a = ScoreHistogram.Create();
        a.Add([0.1f, 0.2f, 2e6f]);
        var b = ScoreHistogram.Create();
        b.Add([0.3f, 1e-9f]);
        var ab = ScoreHistogram.Merge(a, b);
        var ba = ScoreHistogram.Merge(b, a);
        Assert.Equal(ab.Counts, ba.Counts);
        Assert.Equal(5, ab.Total);
        Assert.Equal(1, ab.Overflow);
        Assert.Equal(1, ab.Underflow);
        Assert.Equal(1e-9f, (float)ab.Min);
        Assert.Equal(2e6f, (float)ab.Max);
        Assert.Equal(3, a.Total);
    }

    [Fact]
    public void Adding_in_place_equals_merging_and_leaves_the_other_unchanged()
    {
        var clients = Clients(distribution: 3, seed: 5);
        ScoreHistogram? merged = null;
        var accumulator = ScoreHistogram.Create();
        foreach (var scores in clients)
        {
            var h = ScoreHistogram.Create();
            h.Add(scores);
            merged = merged is null ? h : ScoreHistogram.Merge(merged, h);
            long before = h.Total;
            accumulator.Add(h);
            Assert.Equal(before, h.Total);
        }
        Assert.Equal(merged!.Counts, accumulator.Counts);
        Assert.Equal((merged.Underflow, merged.Overflow, merged.Min, merged.Max), (accumulator.Underflow, accumulator.Overflow, accumulator.Min, accumulator.Max));
        Assert.Equal(merged.Quantile(0.99), accumulator.Quantile(0.99));
        Assert.Throws<ArgumentException>(() => accumulator.Add(ScoreHistogram.Create(binCount: 100)));
    }

    [Fact]
    public void Invalid_use_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ScoreHistogram.Merge(ScoreHistogram.Create(), ScoreHistogram.Create(binCount: 100)));
        Assert.Contains("Score 1", Assert.Throws<ArgumentException>(() => ScoreHistogram.Create().Add([1f, float.NaN])).Message);
        Assert.Throws<InvalidOperationException>(() => ScoreHistogram.Create().Quantile(0.5));
        Assert.Throws<ArgumentException>(() => ScoreHistogram.Create(lower: 0));
    }
}
