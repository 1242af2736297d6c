using FedAspire.Core.Aggregation;

namespace FedAspire.Tests.Aggregation;

/// <summary>Small builders for aggregation tests.</summary>
internal static class AggregationTestData
{
    public static ClientUpdate Update(string id, long samples, params float[] parameters) => new(id, parameters, samples);

    /// <summary>Honest updates around 1.0 (+-0.05) plus one wild update of 1e6 in every coordinate.</summary>
    public static List<ClientUpdate> HonestPlusWild(int honest, int length, int seed)
    {
        var random = new Random(seed);
        var updates = new List<ClientUpdate>();
        for (int k = 0; k < honest; k++)
        {
            var p = new float[length];
            for (int i = 0; i < length; i++) p[i] = 1f + (float)(random.NextDouble() - 0.5) * 0.1f;
            updates.Add(new ClientUpdate($"honest{k}", p, 10 + k));
        }
        var wild = new float[length];
        Array.Fill(wild, 1e6f);
        updates.Insert(honest / 2, new ClientUpdate("wild", wild, 1000));
        return updates;
    }

    public static List<ClientUpdate> Random(int count, int length, int seed)
    {
        var random = new Random(seed);
        var updates = new List<ClientUpdate>();
        for (int k = 0; k < count; k++)
        {
            var p = new float[length];
            for (int i = 0; i < length; i++) p[i] = (float)(random.NextDouble() * 2 - 1);
            updates.Add(new ClientUpdate($"c{k}", p, 1 + random.Next(100)));
        }
        return updates;
    }

    public static List<ClientUpdate> Shuffled(IReadOnlyList<ClientUpdate> updates, int seed)
    {
        var copy = updates.ToArray();
        new Random(seed).Shuffle(copy);
        return [.. copy];
    }

    public static void AllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: expected {expected[i]}, got {actual[i]}");
    }
}
