namespace FedAspire.Core.Claims;

/// <summary>
/// How far the server believes a participant's counts (training samples, calibration windows, evaluation windows, feature rows):
/// an absolute maximum per claim, a growth factor over what the participant demonstrated before, and the largest share of a
/// round one participant's weight may have.
/// </summary>
/// <param name="MaxCount">
/// Largest count one claim may carry; larger claims are rejected. 10^9 keeps any sum over a million participants far below
/// <see cref="long.MaxValue"/>, so totals never overflow.
/// </param>
/// <param name="GrowthFactor">A participant is credited at most this multiple of its previously credited count of the same kind.</param>
/// <param name="MaxShare">
/// The largest share of a round's total weight one participant may have (0.5: no one outweighs everyone else together); when fewer
/// than 1 / MaxShare participants take part the weights become equal. 1 disables the share cap.
/// </param>
[GenerateSerializer, Immutable]
public sealed record ClaimLimits(
    [property: Id(0)] long MaxCount = ClaimLimits.DefaultMaxCount,
    [property: Id(1)] double GrowthFactor = ClaimLimits.DefaultGrowthFactor,
    [property: Id(2)] double MaxShare = ClaimLimits.DefaultMaxShare)
{
    /// <summary>Default <see cref="MaxCount"/>: 10^9.</summary>
    public const long DefaultMaxCount = 1_000_000_000;

    /// <summary>Default <see cref="GrowthFactor"/>: a participant's data may double between rounds.</summary>
    public const double DefaultGrowthFactor = 2;

    /// <summary>Default <see cref="MaxShare"/>.</summary>
    public const double DefaultMaxShare = 0.5;

    /// <summary>The defaults: 10^9 per claim, doubling per round, half of a round at most.</summary>
    public static ClaimLimits Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid limit.</summary>
    public void Validate()
    {
        if (MaxCount < 1) throw new ArgumentException($"Claim limit MaxCount must be >= 1, got {MaxCount}.");
        if (!(GrowthFactor >= 1) || double.IsInfinity(GrowthFactor)) throw new ArgumentException($"Claim limit GrowthFactor must be finite and >= 1, got {GrowthFactor}.");
        if (!(MaxShare > 0 && MaxShare <= 1)) throw new ArgumentException($"Claim limit MaxShare must be in (0, 1], got {MaxShare}.");
    }
}
