using FedAspire.Core.Aggregation;
using static FedAspire.Tests.Aggregation.AggregationTestData;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class BulyanTests
{
    [Fact]
    public void Hand_computed_case_selects_by_repeated_krum_and_averages_the_beta_closest_to_the_median()
    {
        // n = 7, f = 1: theta = 5 selected, beta = 3 averaged per coordinate. Points a..e, g and an attacker z far away.
        var updates = new[]
        {
            Update("a", 1, 0f, -1f), Update("b", 1, 1f, 4f), Update("c", 1, 2f, 1f), Update("d", 1, 3f, 9f),
            Update("e", 1, 5f, 2f), Update("g", 1, 7f, 3f), Update("z", 1000, 40f, -30f),
        };
        // Round 1 (7 left, 4 neighbours): c's squared distances are a 8, b 10, e 10, g 29, d 65, z 2405 -> 8 + 10 + 10 + 29 = 57,
        // the lowest (a 133, b 85, d 199, e 69, g 123, z 9273). Without c (6 left, 3 neighbours): e 59 (b 75, a 125, g 94, d 134).
        // Then b (5 left, 2 neighbours: 55), d (4 left, 1 neighbour: d 52 ties g 52, the smaller id wins), a (3 left: a 65 ties g 65).
        Assert.Equal([2, 4, 1, 3, 0], Bulyan.Select(updates, byzantineCount: 1));
        // Selected values per coordinate: x = 2, 5, 1, 3, 0 (sorted 0 1 2 3 5, median 2, closest three 2 1 3 -> 2);
        // y = 1, 2, 4, 9, -1 (sorted -1 1 2 4 9, median 2, closest three 2 1 4 -> 7/3). Sample counts play no part.
        AllClose([2f, 7f / 3f], new Bulyan(1).Aggregate(new float[2], updates), 1e-6);
        // The same numbers from numpy (/usr/bin/python3, numpy 1.24.2) running Flower's aggregate_bulyan steps: [2.0, 2.3333333].
    }

    [Theory]
    [InlineData(7, 1, 5)]
    [InlineData(9, 1, 40)]
    [InlineData(11, 2, 300)]
    [InlineData(15, 3, 260)]
    [InlineData(5, 0, 17)]
    public void Matches_flowers_definition_on_random_updates(int n, int f, int length)
    {
        // Ids in list order (c00, c01, ...): Flower breaks Krum ties by list position, FedAspire by id, the same for sorted ids.
        var updates = Random(n, length, seed: 100 + n * 7 + f).Select((u, k) => u with { ClientId = $"c{k:D2}" }).ToList();
        AllClose(FlowerBulyan(updates, f), new Bulyan(f).Aggregate(new float[length], updates), 1e-6);
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(10, 2)]
    [InlineData(2, 0)]
    public void Refuses_fewer_than_4f_plus_3_updates_naming_n_and_f(int n, int f)
    {
        var updates = Random(n, 4, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => new Bulyan(f).Aggregate(new float[4], updates));
        Assert.StartsWith($"Bulyan with f = {f} Byzantine updates needs n >= 4f + 3 = {4 * f + 3} updates; got n = {n}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_registered_as_bulyan_with_the_byzantine_count()
    {
        var strategy = Assert.IsType<Bulyan>(AggregationStrategies.Create(new StrategyOptions("Bulyan", byzantineCount: 2), 3));
        Assert.Equal(("bulyan", 2), (strategy.Name, strategy.ByzantineCount));
        Assert.Contains("bulyan", AggregationStrategies.Names);
        Assert.Equal("bulyan (byzantineCount 2)", new StrategyOptions("BULYAN", byzantineCount: 2).Summary());
        Assert.Empty(new StrategyOptions("bulyan").Problems());
    }

    [Fact]
    public void Two_x1000_attackers_among_eleven_are_never_selected_and_every_coordinate_stays_within_the_honest_values()
    {
        // f = 2, n = 11 = 4f + 3: nine honest updates around 1 (+-0.05) and two attackers at 1000 x two honest ones.
        const int length = 300;
        var honest = HonestPlusWild(honest: 9, length, seed: 5).Where(u => u.ClientId != "wild").ToList();
        var updates = new List<ClientUpdate>(honest)
        {
            new("x1", [.. honest[0].Parameters.Select(v => 1000f * v)], 1000),
            new("x2", [.. honest[1].Parameters.Select(v => 1000f * v)], 1000),
        };
        var shuffled = Shuffled(updates, seed: 2);
        Assert.DoesNotContain(Bulyan.Select(shuffled, 2), i => shuffled[i].ClientId.StartsWith('x'));
        var result = new Bulyan(2).Aggregate(new float[length], shuffled);
        for (int i = 0; i < length; i++)
            Assert.InRange(result[i], honest.Min(u => u.Parameters[i]), honest.Max(u => u.Parameters[i]));
        // FedAvg, weighted by the attackers' claimed samples, lands far outside.
        Assert.True(new FedAvg().Aggregate(new float[length], shuffled)[0] > 100f);
    }

    // Flower's aggregate_bulyan with aggregate_krum as the first rule, step by step and independent of FedAspire's code: distances
    // recomputed on what is left each time, np.argmin (first lowest), np.median, then per coordinate the beta values with the
    // smallest |value - median| (a stable sort stands in for np.argpartition; random data has no ties) and their plain mean.
    private static float[] FlowerBulyan(IReadOnlyList<ClientUpdate> updates, int f)
    {
        var left = updates.Select(u => u.Parameters.Select(v => (double)v).ToArray()).ToList();
        int theta = left.Count - 2 * f, beta = theta - 2 * f, length = left[0].Length;
        var selected = new List<double[]>();
        for (int s = 0; s < theta; s++)
        {
            int n = left.Count, closest = Math.Max(1, n - f - 2), best = -1;
            double bestScore = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                var row = new List<double>();
                for (int j = 0; j < n; j++)
                {
                    double d = 0;
                    for (int c = 0; c < length; c++) d += (left[i][c] - left[j][c]) * (left[i][c] - left[j][c]);
                    row.Add(d);
                }
                // np.argsort(distance)[1 : closest + 1]: skip the point itself (distance 0, first).
                double score = row.Order().Skip(1).Take(closest).Sum();
                if (score < bestScore) (best, bestScore) = (i, score);
            }
            selected.Add(left[best]);
            left.RemoveAt(best);
        }
        var result = new float[length];
        for (int c = 0; c < length; c++)
        {
            var column = selected.Select(w => w[c]).Order().ToArray();
            double median = theta % 2 == 1 ? column[theta / 2] : (column[theta / 2 - 1] + column[theta / 2]) / 2;
            result[c] = (float)column.OrderBy(v => Math.Abs(v - median)).Take(beta).Average();
        }
        return result;
    }
}
