namespace FedAspire.Core.Learning;

/// <summary>
/// Split-conformal anomaly thresholds: set on scores of held-out normal calibration windows (never the windows a model was fitted
/// to), so that a new normal window raises an alarm (score &gt; threshold) with probability at most the false-alarm target.
/// </summary>
/// <remarks>
/// With n calibration scores and target alpha the threshold is the k-th smallest score, k = ceil((n + 1)(1 - alpha)): for
/// exchangeable normal scores P(score_new &gt; s_(k)) &lt;= alpha. When k &gt; n the sample is too small to promise alpha; the threshold
/// is then the largest calibration score and <see cref="Result.Guaranteed"/> is false. Time series are not exactly exchangeable,
/// so the achieved false-alarm rate is an estimate, which every experiment reports beside the target.
/// </remarks>
public static class ConformalThreshold
{
    /// <summary>A calibrated threshold and whether the sample was large enough for the target.</summary>
    public readonly record struct Result(float Threshold, int CalibrationCount, bool Guaranteed);

    /// <summary>The conformal threshold of <paramref name="calibrationScores"/> at <paramref name="falseAlarmTarget"/>.</summary>
    public static Result Of(ReadOnlySpan<float> calibrationScores, double falseAlarmTarget)
    {
        CheckTarget(falseAlarmTarget);
        if (calibrationScores.IsEmpty) throw new ArgumentException("Cannot calibrate a threshold on no scores.", nameof(calibrationScores));
        var sorted = calibrationScores.ToArray();
        for (int i = 0; i < sorted.Length; i++)
            if (!float.IsFinite(sorted[i])) throw new ArgumentException($"Calibration score {i} is {sorted[i]}; scores must be finite.", nameof(calibrationScores));
        Array.Sort(sorted);
        long k = Rank(sorted.Length, falseAlarmTarget);
        return k > sorted.Length
            ? new Result(sorted[^1], sorted.Length, false)
            : new Result(sorted[k - 1], sorted.Length, true);
    }

    /// <summary>The 1-based rank k = ceil((n + 1)(1 - alpha)) of the conformal order statistic (may exceed n).</summary>
    public static long Rank(long n, double falseAlarmTarget)
    {
        CheckTarget(falseAlarmTarget);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "At least one calibration score is needed.");
        // The small epsilon keeps (n + 1)(1 - alpha) that is an integer in exact arithmetic from rounding up one rank.
        return Math.Max(1, (long)Math.Ceiling((n + 1) * (1 - falseAlarmTarget) - 1e-9));
    }

    private static void CheckTarget(double falseAlarmTarget)
    {
        if (!(falseAlarmTarget > 0 && falseAlarmTarget < 1))
            throw new ArgumentOutOfRangeException(nameof(falseAlarmTarget), falseAlarmTarget, "The false-alarm target must be in (0, 1).");
    }
}
