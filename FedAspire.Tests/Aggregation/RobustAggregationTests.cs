using FedAspire.Core.Aggregation;
using static FedAspire.Tests.Aggregation.AggregationTestData;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class RobustAggregationTests
{
    [Fact]
    public void Median_of_even_and_odd_counts()
    {
        // Even: column 0 sorted 1,2,3,100 -> (2+3)/2 = 2.5; column 1 sorted 10,20,30,40 -> 25.
        var even = new FedMedian().Aggregate(new float[2],
            [Update("a", 1, 1f, 10f), Update("b", 1, 3f, 40f), Update("c", 1, 2f, 20f), Update("d", 1, 100f, 30f)]);
        AllClose([2.5f, 25f], even, 0);
        // Odd: 1,2,5 -> 2 (sample counts are ignored).
        var odd = new FedMedian().Aggregate(new float[1], [Update("a", 1, 1f), Update("b", 1000, 5f), Update("c", 1, 2f)]);
        AllClose([2f], odd, 0);
    }

    [Fact]
    public void Trimmed_mean_drops_the_extremes_per_coordinate()
    {
        // Column 0: 1,2,3,4,100 -> drop 1 and 100 -> (2+3+4)/3 = 3. Column 1: -50,0,1,2,3 -> drop -50 and 3 -> (0+1+2)/3 = 1.
        var result = new TrimmedMean(1).Aggregate(new float[2],
            [Update("a", 1, 4f, 1f), Update("b", 1, 100f, -50f), Update("c", 1, 1f, 3f), Update("d", 1, 3f, 0f), Update("e", 1, 2f, 2f)]);
        AllClose([3f, 1f], result, 1e-6);
    }

    [Fact]
    public void Krum_picks_the_most_central_update_and_multi_krum_averages_the_best()
    {
        // Points a=0, b=1, c=2, d=10 (first coordinate). f = 0 -> neighbours = n - f - 2 = 2.
        // Squared distances: a: 1 (b), 4 (c) -> 5; b: 1 (a), 1 (c) -> 2; c: 1 (b), 4 (a) -> 5; d: 64 (c), 81 (b) -> 145.
        var updates = new[] { Update("a", 1, 0f, 0f), Update("b", 1, 1f, 0f), Update("c", 2, 2f, 0f), Update("d", 1, 10f, 0f) };
        Assert.Equal([5d, 2d, 5d, 145d], Krum.Scores(updates, byzantineCount: 0));
        AllClose([1f, 0f], new Krum(byzantineCount: 0).Aggregate(new float[2], updates), 0);
        // Multi-Krum m = 3 keeps b, a, c; sample-weighted mean (0*1 + 1*1 + 2*2) / 4 = 1.25.
        AllClose([1.25f, 0f], new Krum(byzantineCount: 0, selectCount: 3).Aggregate(new float[2], updates), 1e-6);
    }

    [Theory]
    [InlineData("fedmedian")]
    [InlineData("trimmed-mean")]
    [InlineData("trimmedmean")]
    [InlineData("krum")]
    [InlineData("multi-krum")]
    [InlineData("multikrum")]
    [InlineData("bulyan")]
    public void Robust_strategies_ignore_one_wild_update(string name)
    {
        const int length = 600; // more than two 256-coordinate blocks
        var updates = HonestPlusWild(honest: 6, length, seed: 4);
        var result = AggregationStrategies.Create(new StrategyOptions(name, trimCount: 1, byzantineCount: 1), length)
            .Aggregate(new float[length], updates);
        Assert.All(result, x => Assert.InRange(x, 0.95f, 1.05f));
        // FedAvg, by contrast, is dragged far away by the same update.
        Assert.True(new FedAvg().Aggregate(new float[length], updates)[0] > 1000f);
    }

    [Theory]
    [InlineData("fedmedian")]
    [InlineData("trimmed-mean")]
    [InlineData("trimmedmean")]
    [InlineData("krum")]
    [InlineData("multi-krum")]
    [InlineData("multikrum")]
    [InlineData("bulyan")]
    public void Robust_strategies_are_permutation_invariant(string name)
    {
        const int length = 300;
        var updates = Random(7, length, seed: 8);
        var strategy = AggregationStrategies.Create(new StrategyOptions(name, trimCount: 2, byzantineCount: 1), length);
        AllClose(strategy.Aggregate(new float[length], updates), strategy.Aggregate(new float[length], Shuffled(updates, seed: 3)), 1e-6);
    }

    [Fact]
    public void Column_blocks_match_a_naive_per_coordinate_reference()
    {
        // 700 coordinates = blocks of 256, 256 and 188; 6 clients (even median).
        const int length = 700;
        var updates = Random(6, length, seed: 21);
        var median = new FedMedian().Aggregate(new float[length], updates);
        var trimmed = new TrimmedMean(2).Aggregate(new float[length], updates);
        for (int i = 0; i < length; i++)
        {
            var column = updates.Select(u => (double)u.Parameters[i]).Order().ToArray();
            Assert.Equal((float)((column[2] + column[3]) / 2), median[i]);
            Assert.Equal((float)((column[2] + column[3]) / 2), trimmed[i], 1e-6f); // trimming 2 of 6 at each end keeps the middle two
        }
    }

    [Fact]
    public void Multi_krum_default_selection_is_n_minus_f()
    {
        // With f = 1 and 5 points on a line, m = 4: the outlier at 100 is dropped and the rest averaged (equal weights): (0+1+2+3)/4 = 1.5.
        var updates = new[] { Update("a", 1, 0f), Update("b", 1, 1f), Update("c", 1, 2f), Update("d", 1, 3f), Update("e", 1, 100f) };
        AllClose([1.5f], new Krum(byzantineCount: 1, selectCount: 0).Aggregate(new float[1], updates), 1e-6);
    }
}
