using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>A participant's mergeable feature statistics and the number of raw rows behind them.</summary>
/// <remarks>Immutable once sent: the sender builds it fresh per call and receivers only merge it into their own accumulators, so
/// Orleans passes it by reference within a silo instead of deep-copying it (a score histogram is 2,048 bins).</remarks>
[GenerateSerializer, Immutable]
public sealed record NormalizationStatisticsSummary(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Rows,
    [property: Id(2)] NormalizationStatistics Statistics);
