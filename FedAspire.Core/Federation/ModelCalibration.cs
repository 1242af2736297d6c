using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation;

/// <summary>
/// The thresholds a model version ships with: the federation's conformal threshold over every participant's calibration windows and
/// one per participant, all at the same false-alarm target. A participant (or a new device of it) without its own uses the federation's.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModelCalibration(
    [property: Id(0)] NormalizationMode Normalization,
    [property: Id(1)] double FalseAlarmTarget,
    [property: Id(2)] float Threshold,
    [property: Id(3)] long Windows,
    [property: Id(4)] IReadOnlyList<ParticipantCalibration> Participants)
{
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
    /// <see cref="MinOwnWindows"/> calibration windows and gets the federation's otherwise.
    /// </summary>
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
        var participants = ordered.Select(s =>
        {
            bool own = float.IsFinite(s.Threshold) && s.Windows >= MinOwnWindows(settings.FalseAlarmTarget);
            return new ParticipantCalibration(s.ParticipantId, s.Windows, own ? s.Threshold : global, own);
        }).ToList();
        return new ModelCalibration(settings.Normalization, settings.FalseAlarmTarget, global, n, participants);
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
