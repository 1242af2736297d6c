using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>A participant's mergeable feature statistics and the number of raw rows behind them.</summary>
[GenerateSerializer]
public sealed record NormalizationStatisticsSummary(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Rows,
    [property: Id(2)] NormalizationStatistics Statistics);
