using System.Globalization;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Privacy;
using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation;

/// <summary>
/// Secure aggregation of a federation (SecAgg, or SecAgg+ with <see cref="Neighbours"/>): the aggregator sums masked updates and
/// learns only their weighted mean. Bound from <c>FedAspire:Federation:SecureAggregation:*</c>; the definition carries it to the grain.
/// </summary>
/// <remarks>
/// Each round's <see cref="SecureAggregationOptions"/> are fixed from the number of participants sampled (<see cref="Options"/>):
/// one that fails to train counts against the threshold like one that drops later.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record SecureAggregationSettings
{
    /// <summary>On: the round runs the four secure-aggregation steps instead of collecting updates in the clear.</summary>
    [Id(0)] public bool Enabled { get; init; }

    /// <summary>
    /// Shares that rebuild a participant's secrets, out of its neighbourhood (itself and its neighbours); 0 (the default) takes
    /// 2m/3 + 1 of a neighbourhood of m. Up to m - t participants may drop after sharing keys.
    /// </summary>
    [Id(1)] public int Threshold { get; init; }

    /// <summary>SecAgg+: each participant masks with this many neighbours (even, at least 2); 0 (the default) masks with everyone.</summary>
    [Id(2)] public int Neighbours { get; init; }

    /// <summary>Each parameter is clipped to [-ClipRange, ClipRange] before quantization: set it above the largest parameter.</summary>
    [Id(3)] public float ClipRange { get; init; } = 8f;

    /// <summary>The largest weight (credited sample count) one participant masks; larger credits are lowered to it.</summary>
    [Id(4)] public long MaxWeight { get; init; } = 100_000;

    /// <summary>The protocol options of a round that sampled <paramref name="participants"/>.</summary>
    public SecureAggregationOptions Options(int participants)
    {
        int? neighbours = Neighbours > 0 ? Neighbours : null;
        var options = new SecureAggregationOptions(0, ClipRange, MaxWeight, neighbours);
        int neighbourhood = options.NeighbourhoodSize(participants);
        return options with { Threshold = Threshold > 0 ? Threshold : 2 * neighbourhood / 3 + 1 };
    }

    /// <summary>Every invalid setting as (property name, problem); empty when usable. Checked also when off, so a typo shows at once.</summary>
    public IReadOnlyList<(string Property, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        string Got(double v) => string.Create(CultureInfo.InvariantCulture, $"got {v}.");
        if (Threshold < 0) problems.Add((nameof(Threshold), "must be >= 0 (0 = 2/3 of the neighbourhood + 1), " + Got(Threshold)));
        if (Neighbours < 0 || Neighbours % 2 != 0) problems.Add((nameof(Neighbours), "must be 0 (everyone) or an even number of at least 2, " + Got(Neighbours)));
        if (!(ClipRange > 0) || !float.IsFinite(ClipRange)) problems.Add((nameof(ClipRange), "must be positive and finite, " + Got(ClipRange)));
        if (MaxWeight < 1) problems.Add((nameof(MaxWeight), "must be at least 1, " + Got(MaxWeight)));
        return problems;
    }

    /// <summary>Why these settings cannot protect or sum a round of all <paramref name="participants"/> of a federation; null when they can.</summary>
    public string? RosterProblem(int participants)
    {
        try
        {
            Options(participants).Validate(participants);
            return null;
        }
        catch (SecureAggregationException e)
        {
            return $"{e.Message} (a federation of {participants} participants)";
        }
    }

    /// <summary>
    /// What a secure federation cannot run with, as (setting, problem): strategies and screening that need every update on its own,
    /// and central privacy, which clips every update on the server. Empty when off.
    /// </summary>
    public IReadOnlyList<(string Setting, string Problem)> Conflicts(string strategy, float normBound, PrivacyOptions? privacy)
    {
        var conflicts = new List<(string, string)>();
        if (!Enabled) return conflicts;
        if (!AggregationStrategies.MeanBased.Contains(AggregationStrategies.Canonical(strategy) ?? strategy))
            conflicts.Add(("Strategy", $"secure aggregation hides the individual updates that strategy '{strategy}' needs; use a mean-based one ({string.Join(", ", AggregationStrategies.MeanBased)})."));
        if (normBound > 0)
            conflicts.Add(("NormBound", string.Create(CultureInfo.InvariantCulture, $"secure aggregation hides the individual updates that the norm bound of {normBound} screens; set it to 0.")));
        if (privacy is { IsCentral: true })
            conflicts.Add(("Privacy:Mode", "central privacy clips every update on the server, which secure aggregation never sees; use local privacy (each facility noises its own update before masking it)."));
        return conflicts;
    }
}
