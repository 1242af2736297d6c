namespace FedAspire.Core.Aggregation;

/// <summary>Which available clients take part in a round: Flower's configure_fit sampling, made deterministic by (seed, round).</summary>
/// <param name="Fraction">Fraction of available clients to sample, in [0, 1].</param>
/// <param name="MinParticipants">Lower bound on the sample size (capped by the number available).</param>
/// <remarks>
/// count = min(available, max(floor(available x Fraction), MinParticipants)). Candidates are de-duplicated and ordered by ordinal
/// name first, so the choice depends only on the set of available ids, the round and the seed, not on discovery order.
/// When fewer than MinParticipants are available all of them are returned; whether that is a quorum is the caller's decision.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record ParticipantSampling(double Fraction, int MinParticipants)
{
    /// <summary>Fraction of available clients to sample, in [0, 1].</summary>
    [Id(0)]
    public double Fraction { get; init => field = CheckFraction(value); } = CheckFraction(Fraction);

    /// <summary>Lower bound on the sample size.</summary>
    [Id(1)]
    public int MinParticipants { get; init => field = CheckMinimum(value); } = CheckMinimum(MinParticipants);

    /// <summary>How many of <paramref name="availableCount"/> clients a round samples.</summary>
    public int SampleSize(int availableCount) =>
        Math.Min(availableCount, Math.Max((int)Math.Floor(availableCount * Fraction), MinParticipants));

    /// <summary>The participants of <paramref name="round"/>, sorted by ordinal id; the same inputs always give the same answer.</summary>
    public IReadOnlyList<string> Select(IReadOnlyList<string> available, int round, int seed)
    {
        ArgumentNullException.ThrowIfNull(available);
        var candidates = new List<string>(available.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in available)
        {
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("An available client id is null or empty.", nameof(available));
            if (seen.Add(id)) candidates.Add(id);
        }
        candidates.Sort(StringComparer.Ordinal);

        int count = SampleSize(candidates.Count);
        var random = new Random(MixSeed(seed, round));
        // Partial Fisher-Yates: the first `count` slots end up a uniform sample without replacement.
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, candidates.Count);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }
        var selected = candidates.GetRange(0, count);
        selected.Sort(StringComparer.Ordinal);
        return selected;
    }

    private static double CheckFraction(double fraction) => fraction is >= 0 and <= 1
        ? fraction
        : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The sampling fraction must be in [0, 1].");

    private static int CheckMinimum(int minimum) => minimum >= 0
        ? minimum
        : throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum participant count must be >= 0.");

    // SplitMix64 finalizer over (seed, round): nearby rounds get unrelated streams.
    private static int MixSeed(int seed, int round)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)round) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
