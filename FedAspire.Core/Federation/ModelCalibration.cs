using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>
/// The thresholds a model version ships with: the federation's conformal threshold over every participant's calibration windows and
/// one per participant, all at the same false-alarm target. A participant (or a new device of it) without its own uses the federation's.
/// </summary>
/// <param name="RelativeThreshold">The conformal threshold of every scale-estimating participant's calibration scores divided by
/// that participant's median: a participant with too few windows for its own threshold raises alarms at this times its own median
/// (null when no participant had <see cref="MinScaleWindows"/> windows).</param>
[GenerateSerializer, Immutable]
public sealed record ModelCalibration(
    [property: Id(0)] NormalizationMode Normalization,
    [property: Id(1)] double FalseAlarmTarget,
    [property: Id(2)] float Threshold,
    [property: Id(3)] long Windows,
    [property: Id(4)] IReadOnlyList<ParticipantCalibration> Participants,
    [property: Id(5)] float? RelativeThreshold = null)
{
    /// <summary>
    /// Calibration windows a participant needs for its scale (the median of its calibration scores) to set its threshold. The median
    /// of n scores has a relative standard error of about 1.25 / sqrt(n) times the scores' spread over their median, so at 50
    /// windows it is within a few percent where the tail quantile would rest on the largest score or beyond it.
    /// </summary>
    public const long MinScaleWindows = 50;

    /// <summary>
    /// Calibration windows a participant needs to keep its own threshold: 10 / alpha, so that about ten of its normal windows lie
    /// above it. With fewer, the alpha-quantile rests on two or three scores, and one start-up transient in the calibration rows
    /// decides it (the pump sample's facility 4: 34.5 against 0.14-0.77 for the others at 295 windows each, missing 70 % of the
    /// federation's anomalies); the federation's threshold over everyone's windows is the steadier estimate in standardized units.
    /// </summary>
    public static long MinOwnWindows(double falseAlarmTarget) => (long)Math.Ceiling(10 / falseAlarmTarget - 1e-9);

    /// <summary>Thresholds by participant id.</summary>
    public IReadOnlyDictionary<string, float> ThresholdsByParticipant() =>
        Participants.ToDictionary(p => p.ParticipantId, p => p.Threshold, StringComparer.Ordinal);

    /// <summary>
    /// Merges participants' calibration summaries (in id order, so the result does not depend on arrival order): the federation's
    /// threshold is the conformal order statistic of the merged histogram, each participant keeps its own when it has at least
    /// <see cref="MinOwnWindows"/> calibration windows; one with at least <see cref="MinScaleWindows"/> gets the relative threshold
    /// times its median (<see cref="RelativeHistogram"/>; with three or more scales, held between the second lowest and second
    /// highest), one with fewer the federation's.
    /// </summary>
    /// <remarks>
    /// Why scale rather than the federation's threshold: participants' score levels differ (a quiet mote scores a tenth of a noisy
    /// one under the same model), so one threshold in score units alarms too often on the noisy and too rarely on the quiet. The
    /// shape of the score distribution above its median is what the participants share; its level is what each can estimate from
    /// a few dozen windows. The conformal quantile of the pooled relative scores is then exact for the pool, as split-conformal
    /// calibration with a per-group scale (normalized conformal prediction) is.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No participant scored a calibration window.</exception>
    public static ModelCalibration Merge(IEnumerable<ScoreHistogramSummary> summaries, DetectionSettings settings, ScoreHistogram bins)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(bins);
        var ordered = summaries.Where(s => s.Windows > 0).OrderBy(s => s.ParticipantId, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0) throw new InvalidOperationException("no participant scored a calibration window");
        var merged = MergeHistograms(ordered, bins);
        long n = merged.Total;
        float global = ThresholdOf(merged, settings.FalseAlarmTarget);
        var relative = RelativeHistogram(ordered, bins);
        float? relativeThreshold = relative.Total > 0 ? ThresholdOf(relative, settings.FalseAlarmTarget) : null;
        var scales = ordered.Select(ScaleOf).OfType<float>().Order().ToList();
        var participants = ordered.Select(s =>
        {
            if (float.IsFinite(s.Threshold) && s.Windows >= MinOwnWindows(settings.FalseAlarmTarget))
                return new ParticipantCalibration(s.ParticipantId, s.Windows, s.Threshold, true);
            if (relativeThreshold is not { } r || ScaleOf(s) is not { } scale)
                return new ParticipantCalibration(s.ParticipantId, s.Windows, global, false);
            // A scale beyond every other participant's is likelier a transient in its few calibration rows than a participant
            // unlike all others (the pump sample's facility 4: median 5.7 against 0.07-0.14), so it is held within the others' range.
            if (scales.Count >= 3) scale = Math.Clamp(scale, scales[1], scales[^2]);
            return new ParticipantCalibration(s.ParticipantId, s.Windows, r * scale, false, scale);
        }).ToList();
        return new ModelCalibration(settings.Normalization, settings.FalseAlarmTarget, global, n, participants, relativeThreshold);
    }

    /// <summary>A participant's scale, the median of its calibration scores, when it has <see cref="MinScaleWindows"/> and the median is positive.</summary>
    public static float? ScaleOf(ScoreHistogramSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var h = summary.Histogram;
        if (h.Total < MinScaleWindows) return null;
        float median = h.Quantile(0.5);
        return median > 0 && float.IsFinite(median) ? median : null;
    }

    /// <summary>Every participant's calibration scores divided by its own scale (<see cref="ScaleOf"/>), pooled; participants without a scale are left out.</summary>
    public static ScoreHistogram RelativeHistogram(IEnumerable<ScoreHistogramSummary> summaries, ScoreHistogram bins)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(bins);
        var pooled = ScoreHistogram.Create(bins.Lower, bins.Upper, bins.BinCount);
        foreach (var s in summaries.OrderBy(s => s.ParticipantId, StringComparer.Ordinal))
            if (ScaleOf(s) is { } scale) pooled.Add(s.Histogram.Rescaled(1 / scale));
        return pooled;
    }

    /// <summary>The summaries' histograms (in id order) added into a fresh histogram shaped like <paramref name="bins"/>: the summaries are immutable messages.</summary>
    public static ScoreHistogram MergeHistograms(IEnumerable<ScoreHistogramSummary> summaries, ScoreHistogram bins)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(bins);
        var merged = ScoreHistogram.Create(bins.Lower, bins.Upper, bins.BinCount);
        foreach (var s in summaries.OrderBy(s => s.ParticipantId, StringComparer.Ordinal)) merged.Add(s.Histogram);
        return merged;
    }

    /// <summary>The conformal threshold at <paramref name="falseAlarmTarget"/> over the calibration scores counted in <paramref name="histogram"/>.</summary>
    public static float ThresholdOf(ScoreHistogram histogram, double falseAlarmTarget)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long n = histogram.Total, k = ConformalThreshold.Rank(n, falseAlarmTarget);
        return k > n ? (float)histogram.Max : histogram.Quantile(n == 1 ? 0 : (double)(k - 1) / (n - 1));
    }
}
