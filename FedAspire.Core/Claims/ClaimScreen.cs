using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Core.Claims;

/// <summary>
/// One round's view of what participants claim: each count is checked against <see cref="ClaimLimits"/>, the participant's
/// registered size and its history, then share-capped across the round; summaries that contradict themselves are rejected with a
/// named reason. Credited counts become the history only when the caller commits them (a failed round changes nothing).
/// </summary>
/// <param name="limits">The federation's claim limits.</param>
/// <param name="declared">Registered sizes by participant id (e.g. a remote facility's declared samples); absent = none.</param>
/// <param name="history">What each participant was credited before (read only here; see <see cref="CommitTo"/>).</param>
public sealed class ClaimScreen(ClaimLimits limits, IReadOnlyDictionary<string, long> declared, ClaimHistory history)
{
    /// <summary>
    /// Largest believable |mean| and std of a raw feature: beyond it a value is not a sensor reading, and its square times a credited
    /// count could leave the double range (or the std the float range of the normalization).
    /// </summary>
    public const double MaxFeatureMagnitude = 1e15;

    private readonly List<(ClaimKind Kind, string Participant, long Credited)> _credited = [];

    /// <summary>The limits in force.</summary>
    public ClaimLimits Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>Checks one claim of <paramref name="participant"/> against the limits, its registered size and its history.</summary>
    public CountCredit Credit(ClaimKind kind, string participant, long claimed) =>
        CountBounds.Credit(claimed, declared.TryGetValue(participant, out var d) ? d : null, history.Previous(kind, participant), Limits, Describe(kind));

    /// <summary>
    /// Credited training samples for accepted updates (each already within <see cref="ClaimLimits.MaxCount"/>): per-participant caps,
    /// then the share cap across the round. Same order as <paramref name="claims"/>.
    /// </summary>
    public long[] CreditTraining(IReadOnlyList<(string Participant, long Claimed)> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var capped = claims.Select(c => Credit(ClaimKind.Training, c.Participant, c.Claimed)).Select(c => c.Rejected ? 0 : c.Credited).ToList();
        var credited = CountBounds.CapShares(capped, Limits.MaxShare);
        // The history keeps the per-participant cap, not the share-capped weight: a big honest participant must not shrink round by round.
        for (int i = 0; i < claims.Count; i++) _credited.Add((ClaimKind.Training, claims[i].Participant, capped[i]));
        return credited;
    }

    /// <summary>
    /// Calibration summaries bounded: inconsistent ones (windows not matching the histogram) and over-limit ones are rejected into
    /// <paramref name="rejections"/>; the rest are scaled to their credited windows, share-capped across participants.
    /// </summary>
    public IReadOnlyList<ScoreHistogramSummary> BoundCalibration(IEnumerable<ScoreHistogramSummary> summaries, ICollection<UpdateRejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(rejections);
        var kept = new List<ScoreHistogramSummary>();
        var capped = new List<long>();
        foreach (var s in summaries.OrderBy(s => s.ParticipantId, StringComparer.Ordinal))
        {
            if (s.Windows == 0 && s.Histogram.Total == 0) continue;
            if (Overflows(s.Histogram) || s.Histogram.Total != s.Windows)
            {
                rejections.Add(new UpdateRejection(s.ParticipantId, RejectionReason.InconsistentSummary,
                    $"calibration: {s.Windows} windows claimed but the histogram holds {(Overflows(s.Histogram) ? "an overflowing count" : s.Histogram.Total)}"));
                continue;
            }
            var credit = Credit(ClaimKind.Calibration, s.ParticipantId, s.Windows);
            if (credit.Rejected)
            {
                rejections.Add(new UpdateRejection(s.ParticipantId, RejectionReason.CountAboveLimit, $"calibration: {credit.Rejection}"));
                continue;
            }
            kept.Add(s);
            capped.Add(credit.Credited);
        }
        var shares = CountBounds.CapShares(capped, Limits.MaxShare);
        var bounded = new List<ScoreHistogramSummary>(kept.Count);
        for (int i = 0; i < kept.Count; i++)
        {
            _credited.Add((ClaimKind.Calibration, kept[i].ParticipantId, capped[i]));
            if (CalibrationBounds.Scale(kept[i], shares[i]) is { } scaled) bounded.Add(scaled);
        }
        return bounded;
    }

    /// <summary>
    /// Evaluations bounded: inconsistent and over-limit ones are rejected into <paramref name="rejections"/>; the rest are scaled
    /// to their credited windows, share-capped across participants, so fabricated confusion counts weigh at most that share.
    /// </summary>
    public IReadOnlyList<ParticipantEvaluation> BoundEvaluations(IEnumerable<ParticipantEvaluation> evaluations, ICollection<UpdateRejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        ArgumentNullException.ThrowIfNull(rejections);
        var kept = new List<ParticipantEvaluation>();
        var capped = new List<long>();
        foreach (var e in evaluations.OrderBy(e => e.ParticipantId, StringComparer.Ordinal))
        {
            if (EvaluationBounds.Problem(e) is { } problem)
            {
                rejections.Add(new UpdateRejection(e.ParticipantId, RejectionReason.InconsistentSummary, $"evaluation: {problem}"));
                continue;
            }
            if (e.Samples == 0) continue;
            var credit = Credit(ClaimKind.Evaluation, e.ParticipantId, e.Samples);
            if (credit.Rejected)
            {
                rejections.Add(new UpdateRejection(e.ParticipantId, RejectionReason.CountAboveLimit, $"evaluation: {credit.Rejection}"));
                continue;
            }
            kept.Add(e);
            capped.Add(credit.Credited);
        }
        var shares = CountBounds.CapShares(capped, Limits.MaxShare);
        var bounded = new List<ParticipantEvaluation>(kept.Count);
        for (int i = 0; i < kept.Count; i++)
        {
            _credited.Add((ClaimKind.Evaluation, kept[i].ParticipantId, capped[i]));
            bounded.Add(EvaluationBounds.Scale(kept[i], shares[i]));
        }
        return bounded;
    }

    /// <summary>
    /// The federation's normalization statistics from participants' summaries: inconsistent (a feature counted more often than
    /// there are rows) and over-limit ones are rejected into <paramref name="rejections"/>, a registered size scales a summary down,
    /// and the rest merge with <see cref="RobustStatisticsMerge"/>. Null when no summary has rows.
    /// </summary>
    public NormalizationStatistics? MergeStatistics(IEnumerable<NormalizationStatisticsSummary> summaries, ICollection<UpdateRejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(rejections);
        var parts = new List<NormalizationStatistics>();
        foreach (var s in summaries.OrderBy(s => s.ParticipantId, StringComparer.Ordinal))
        {
            if (s.Rows == 0) continue;
            if (s.Rows < 0 || s.Statistics.Count.Any(c => c > s.Rows))
            {
                rejections.Add(new UpdateRejection(s.ParticipantId, RejectionReason.InconsistentSummary,
                    $"statistics: a feature is counted {s.Statistics.Count.Max()} times in {s.Rows} rows"));
                continue;
            }
            if (Enumerable.Range(0, s.Statistics.FeatureCount).FirstOrDefault(f => !Sane(s.Statistics, f), -1) is var bad and >= 0)
            {
                rejections.Add(new UpdateRejection(s.ParticipantId, RejectionReason.InconsistentSummary,
                    $"statistics: feature {bad} has mean {s.Statistics.Mean[bad]:G6} and std {Math.Sqrt(s.Statistics.Variance(bad)):G6}, beyond ±{MaxFeatureMagnitude:G3}"));
                continue;
            }
            // No history exists before the first round: only the maximum and a registered size bound the rows.
            var credit = CountBounds.Credit(s.Rows, declared.TryGetValue(s.ParticipantId, out var d) ? d : null, null, Limits, "rows");
            if (credit.Rejected)
            {
                rejections.Add(new UpdateRejection(s.ParticipantId, RejectionReason.CountAboveLimit, $"statistics: {credit.Rejection}"));
                continue;
            }
            parts.Add(credit.Credited == s.Rows ? s.Statistics : ScaleStatistics(s.Statistics, (double)credit.Credited / s.Rows));
        }
        return RobustStatisticsMerge.Merge(parts, Limits.MaxShare);
    }

    /// <summary>Records every count credited in this round as the participants' new history.</summary>
    public void CommitTo(ClaimHistory target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var (kind, participant, credited) in _credited)
            if (credited > 0) target.Record(kind, participant, credited);
    }

    private static NormalizationStatistics ScaleStatistics(NormalizationStatistics s, double factor)
    {
        var count = s.Count.Select(c => (long)Math.Round(c * factor)).ToArray();
        var m2 = new double[s.FeatureCount];
        for (int f = 0; f < m2.Length; f++) m2[f] = count[f] == 0 ? 0 : s.Variance(f) * count[f];
        var mean = s.Mean.Select((m, f) => count[f] == 0 ? 0 : m).ToArray();
        return NormalizationStatistics.FromMoments(count, mean, m2);
    }

    private static bool Sane(NormalizationStatistics s, int f) =>
        Math.Abs(s.Mean[f]) <= MaxFeatureMagnitude && s.Variance(f) <= MaxFeatureMagnitude * MaxFeatureMagnitude;

    // Total sums with unchecked long arithmetic: counts that wrap it are a lie, not a histogram.
    private static bool Overflows(ScoreHistogram h)
    {
        try
        {
            long total = checked(h.Underflow + h.Overflow);
            foreach (var c in h.Counts) total = checked(total + c);
            return false;
        }
        catch (OverflowException)
        {
            return true;
        }
    }

    private static string Describe(ClaimKind kind) => kind switch
    {
        ClaimKind.Training => "sample count",
        ClaimKind.Calibration => "calibration windows",
        _ => "evaluation windows",
    };
}
