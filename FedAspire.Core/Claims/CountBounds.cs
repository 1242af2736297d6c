namespace FedAspire.Core.Claims;

/// <summary>
/// The arithmetic of bounded claims: a per-participant cap on one count and the share cap across a round's participants.
/// </summary>
public static class CountBounds
{
    /// <summary>
    /// Checks <paramref name="claimed"/> against the limits: non-positive or above <see cref="ClaimLimits.MaxCount"/> is rejected;
    /// otherwise credited at most <paramref name="declared"/> (a registered size) and ceil(GrowthFactor x <paramref name="previous"/>).
    /// </summary>
    public static CountCredit Credit(long claimed, long? declared, long? previous, ClaimLimits limits, string what = "count")
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (claimed <= 0) return new(claimed, 0, $"{what} {claimed} is not positive");
        if (claimed > limits.MaxCount) return new(claimed, 0, $"{what} {claimed} exceeds the limit of {limits.MaxCount} per claim");
        long cap = limits.MaxCount;
        if (declared is > 0 and var d) cap = Math.Min(cap, d);
        // Double is exact enough here: previous <= MaxCount and the product is clamped before the cast.
        if (previous is > 0 and var p) cap = Math.Min(cap, (long)Math.Min(limits.MaxCount, Math.Ceiling(p * limits.GrowthFactor)));
        return new(claimed, Math.Min(claimed, cap), null);
    }

    /// <summary>
    /// Lowers the largest of <paramref name="counts"/> to a common level L so that none exceeds <paramref name="maxShare"/> of the
    /// new total ("water-filling"); the others are unchanged. With fewer than 1 / maxShare positive counts the cap is 1 / n (equal
    /// weights). Zero counts stay zero and do not count as participants.
    /// </summary>
    /// <remarks>
    /// Sorted ascending, with the top m capped at L: L = c (S_k + m L), so L = c S_k / (1 - c m), where S_k sums the n - m smallest;
    /// the smallest m whose L is at least the largest uncapped count is the answer. L is floored, which keeps every share at or below c.
    /// </remarks>
    public static long[] CapShares(IReadOnlyList<long> counts, double maxShare)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (!(maxShare > 0 && maxShare <= 1)) throw new ArgumentOutOfRangeException(nameof(maxShare), maxShare, "The share cap must be in (0, 1].");
        var result = new long[counts.Count];
        var positive = new List<long>(counts.Count);
        for (int i = 0; i < counts.Count; i++)
        {
            if (counts[i] < 0) throw new ArgumentException($"Count {i} is negative ({counts[i]}).", nameof(counts));
            result[i] = counts[i];
            if (counts[i] > 0) positive.Add(counts[i]);
        }
        int n = positive.Count;
        if (n <= 1 || maxShare >= 1) return result;
        double c = Math.Max(maxShare, 1.0 / n);
        positive.Sort();
        double total = 0;
        foreach (var x in positive) total += x;
        if (positive[^1] <= c * total) return result;
        double below = total;
        double level = positive[0];
        for (int m = 1; m < n; m++)
        {
            below -= positive[n - m];
            // Unreachable while c >= 1 / n (L grows without bound as c m approaches 1), kept so a cast can never see infinity.
            if (1 - c * m <= 0) { level = positive[n - m - 1]; break; }
            level = c * below / (1 - c * m);
            if (level >= positive[n - m - 1]) break;
        }
        long cap = Math.Max(1, (long)Math.Floor(level));
        for (int i = 0; i < result.Length; i++) result[i] = Math.Min(result[i], cap);
        return result;
    }
}
