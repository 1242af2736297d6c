using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>A participant's filled score histogram and the number of windows scored.</summary>
[GenerateSerializer]
public sealed record ScoreHistogramSummary(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Windows,
    [property: Id(2)] ScoreHistogram Histogram);
