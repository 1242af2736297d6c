using FedAspire.Core.Aggregation;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>Random updates and the exact weighted means the secure rounds are checked against.</summary>
internal static class SecureAggregationTestData
{
    public static ClientUpdate[] Updates(int clients, int length, int seed, float spread = 1f)
    {
        var random = new Random(seed);
        var updates = new ClientUpdate[clients];
        for (int k = 0; k < clients; k++)
        {
            var p = new float[length];
            for (int i = 0; i < length; i++) p[i] = (float)((random.NextDouble() * 2 - 1) * spread);
            updates[k] = new ClientUpdate($"facility-{k:D3}", p, 1 + random.Next(2_000));
        }
        return updates;
    }

    // sum_k w_k x_k / sum_k w_k in double: the exact FedAvg the bound is stated against.
    public static double[] ExactMean(IEnumerable<ClientUpdate> updates)
    {
        var list = updates.ToList();
        var mean = new double[list[0].Parameters.Length];
        double total = list.Sum(u => (double)u.SampleCount);
        foreach (var u in list)
        {
            for (int i = 0; i < mean.Length; i++) mean[i] += u.SampleCount * (double)u.Parameters[i] / total;
        }
        return mean;
    }

    // The largest |secure - plain| between two published models beyond 1e-6 relative: the float rounding of plain FedAvg's sums.
    public static double MaxDifferenceBeyondRounding(float[] secure, float[] plain)
    {
        double worst = 0;
        for (int i = 0; i < plain.Length; i++) worst = Math.Max(worst, Math.Abs((double)secure[i] - plain[i]) - 1e-6 * (1 + Math.Abs(plain[i])));
        return worst;
    }

    public static double MaxError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        double worst = 0;
        for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) - Math.Abs(expected[i]) * FloatRounding);
        return worst;
    }

    // The final cast to float: half an ulp, 2^-24 relative.
    public const double FloatRounding = 1.0 / (1 << 24);

    public static HashSet<string> Ids(params string[] ids) => new(ids, StringComparer.Ordinal);
}
