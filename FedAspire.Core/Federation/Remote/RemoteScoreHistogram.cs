using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation.Remote;

/// <summary>Calibration-window scores binned with the shared edges and the facility's own threshold: the answer to <see cref="RemoteWorkKind.SummarizeScores"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteScoreHistogram(
    [property: Id(0)] long Windows,
    [property: Id(1)] long[] Counts,
    [property: Id(2)] long Underflow,
    [property: Id(3)] long Overflow,
    [property: Id(4)] double Min,
    [property: Id(5)] double Max,
    [property: Id(6)] float? Threshold = null)
{
    /// <summary>The wire form of <paramref name="summary"/> (JSON has no NaN: a facility without its own threshold sends none).</summary>
    public static RemoteScoreHistogram From(ScoreHistogramSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var h = summary.Histogram;
        return new(summary.Windows, h.Counts, h.Underflow, h.Overflow, h.Min, h.Max, float.IsFinite(summary.Threshold) ? summary.Threshold : null);
    }
}
