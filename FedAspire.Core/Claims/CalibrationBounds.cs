using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Core.Claims;

/// <summary>
/// Keeps one participant's calibration summary from setting the federation's threshold: histograms are scaled down to their
/// credited windows before merging, and with three or more participants the merged threshold is clamped between the second lowest
/// and second highest of the participants' own conformal thresholds, computed by the server from each histogram.
/// </summary>
/// <remarks>
/// A share cap alone cannot protect a high quantile: a participant holding share c of the windows, all in the top bin, moves the
/// (1 - alpha) quantile to its own scores whenever c &gt; alpha. The clamp is what bounds it: with one liar among k &gt;= 3, the
/// threshold stays within the honest participants' own thresholds.
/// </remarks>
public static class CalibrationBounds
{
    /// <summary>
    /// <paramref name="summary"/> with its histogram scaled by credited / windows (counts rounded, Min and Max kept), or the summary
    /// itself when nothing is cut; null when nothing survives the scaling.
    /// </summary>
    public static ScoreHistogramSummary? Scale(ScoreHistogramSummary summary, long credited)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (credited >= summary.Windows) return summary;
        if (credited <= 0) return null;
        var h = summary.Histogram;
        double factor = (double)credited / summary.Windows;
        var counts = new long[h.BinCount];
        for (int b = 0; b < counts.Length; b++) counts[b] = (long)Math.Round(h.Counts[b] * factor);
        var scaled = ScoreHistogram.FromCounts(h.Lower, h.Upper, counts, (long)Math.Round(h.Underflow * factor), (long)Math.Round(h.Overflow * factor), h.Min, h.Max);
        return scaled.Total == 0 ? null : summary with { Windows = scaled.Total, Histogram = scaled };
    }

    /// <summary>The conformal threshold at <paramref name="falseAlarmTarget"/> of one participant's histogram (its largest score when too few).</summary>
    public static float OwnThreshold(ScoreHistogram histogram, double falseAlarmTarget)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long n = histogram.Total;
        if (n == 0) throw new ArgumentException("An empty histogram has no threshold.", nameof(histogram));
        long k = ConformalThreshold.Rank(n, falseAlarmTarget);
        return k > n ? (float)histogram.Max : histogram.Quantile(n == 1 ? 0 : (double)(k - 1) / (n - 1));
    }

    /// <summary>
    /// <paramref name="merged"/> with its threshold clamped to [second lowest, second highest] of the participants' own thresholds
    /// and its relative threshold to the same order statistics of their own relative thresholds (own threshold over own median),
    /// with three or more summaries; participants that use either get the clamped one.
    /// </summary>
    public static ModelCalibration Clamp(ModelCalibration merged, IReadOnlyList<ScoreHistogramSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(summaries);
        var counted = summaries.Where(s => s.Histogram.Total > 0).ToList();
        var own = counted.Select(s => OwnThreshold(s.Histogram, merged.FalseAlarmTarget)).Order().ToList();
        if (own.Count < 3) return merged;
        float threshold = Math.Clamp(merged.Threshold, own[1], own[^2]);
        float? relative = merged.RelativeThreshold;
        var ownRelative = counted.Where(s => ModelCalibration.ScaleOf(s) is not null)
            .Select(s => OwnThreshold(s.Histogram, merged.FalseAlarmTarget) / ModelCalibration.ScaleOf(s)!.Value).Order().ToList();
        if (relative is { } r && ownRelative.Count >= 3) relative = Math.Clamp(r, ownRelative[1], ownRelative[^2]);
        if (threshold == merged.Threshold && relative == merged.RelativeThreshold) return merged;
        var participants = merged.Participants.Select(p =>
            p.Own ? p
            : p.Scale is { } scale && relative is { } rel ? p with { Threshold = rel * scale }
            : p with { Threshold = threshold }).ToList();
        return merged with { Threshold = threshold, RelativeThreshold = relative, Participants = participants };
    }
}
