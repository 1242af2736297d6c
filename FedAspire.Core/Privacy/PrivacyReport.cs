namespace FedAspire.Core.Privacy;

/// <summary>A federation's privacy spent up to and including one round, as its round record carries it.</summary>
/// <param name="Mode">central or local.</param>
/// <param name="Clip">The clipping norm C in force.</param>
/// <param name="NoiseMultiplier">The noise multiplier z in force.</param>
/// <param name="SamplingRate">The sampling rate q the round was accounted with (1 in local mode).</param>
/// <param name="Delta">The delta epsilon holds at.</param>
/// <param name="Epsilon">Cumulative epsilon at <paramref name="Delta"/> over every round that released noisy updates so far.</param>
/// <param name="Order">The RDP order that gave <paramref name="Epsilon"/>.</param>
/// <param name="Rounds">Rounds charged so far (rounds whose noisy updates or mean left the mechanism).</param>
/// <param name="EpsilonBudget">The budget (0 = none).</param>
[GenerateSerializer, Immutable]
public sealed record PrivacyReport(
    [property: Id(0)] string Mode,
    [property: Id(1)] double Clip,
    [property: Id(2)] double NoiseMultiplier,
    [property: Id(3)] double SamplingRate,
    [property: Id(4)] double Delta,
    [property: Id(5)] double Epsilon,
    [property: Id(6)] double Order,
    [property: Id(7)] long Rounds,
    [property: Id(8)] double EpsilonBudget);
