using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>A participant's calibration: the histogram of its calibration-window scores, their number and its own conformal threshold.</summary>
/// <remarks>Immutable once sent: the sender builds it fresh per call and receivers only merge it into their own accumulators, so
/// Orleans passes it by reference within a silo instead of deep-copying it (a score histogram is 2,048 bins).</remarks>
[GenerateSerializer, Immutable]
public sealed record ScoreHistogramSummary(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] long Windows,
    [property: Id(2)] ScoreHistogram Histogram,
    [property: Id(3)] float Threshold = float.NaN);
