namespace FedAspire.Core.Federation;

/// <summary>When rounds run and what a round needs to succeed: sampling, quorum, deadline and the update norm bound.</summary>
/// <param name="Interval">Time between timed rounds (the aggregator's grain timer period).</param>
/// <param name="SamplingFraction">Fraction of available participants asked to train each round (Flower's fraction_fit).</param>
/// <param name="MinParticipants">At least this many are sampled when that many are available (Flower's min_fit_clients).</param>
/// <param name="Quorum">Accepted updates needed to aggregate; fewer fails the round and keeps the old version.</param>
/// <param name="Deadline">How long the aggregator waits for updates; anything later is rejected as late.</param>
/// <param name="NormBound">Maximum L2 norm of an update's change from the global parameters; 0 disables the bound.</param>
[GenerateSerializer, Immutable]
public sealed record RoundSchedule(
    [property: Id(0)] TimeSpan Interval,
    [property: Id(1)] double SamplingFraction,
    [property: Id(2)] int MinParticipants,
    [property: Id(3)] int Quorum,
    [property: Id(4)] TimeSpan Deadline,
    [property: Id(5)] float NormBound)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Interval <= TimeSpan.Zero) throw new ArgumentException($"Round interval must be positive, got {Interval}.");
        if (!(SamplingFraction > 0 && SamplingFraction <= 1)) throw new ArgumentException($"Sampling fraction must be in (0, 1], got {SamplingFraction}.");
        if (MinParticipants < 1) throw new ArgumentException($"Minimum participants must be >= 1, got {MinParticipants}.");
        if (Quorum < 1) throw new ArgumentException($"Quorum must be >= 1, got {Quorum}.");
        if (Deadline <= TimeSpan.Zero) throw new ArgumentException($"Round deadline must be positive, got {Deadline}.");
        if (!(NormBound >= 0) || float.IsPositiveInfinity(NormBound)) throw new ArgumentException($"Norm bound must be finite and >= 0 (0 = no bound), got {NormBound}.");
    }
}
