using FedAspire.Core.Learning;

namespace FedAspire.Aggregator.Remote;

/// <summary>Training-window scores binned with the shared edges: the answer to <see cref="RemoteWorkKind.SummarizeScores"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteScoreHistogram(
    [property: Id(0)] long Windows,
    [property: Id(1)] long[] Counts,
    [property: Id(2)] long Underflow,
    [property: Id(3)] long Overflow,
    [property: Id(4)] double Min,
    [property: Id(5)] double Max)
{
    /// <summary>The wire form of <paramref name="histogram"/>.</summary>
    public static RemoteScoreHistogram From(long windows, ScoreHistogram histogram) =>
        new(windows, histogram.Counts, histogram.Underflow, histogram.Overflow, histogram.Min, histogram.Max);
}
