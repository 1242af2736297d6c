using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

/// <summary>Drift following: means track slow drift of normal operation, and the safeguards keep a fault from becoming normal.</summary>
[Trait("Area", "Learning")]
public sealed class DriftTrackerTests
{
    private const int Features = 2, Window = 4, Stride = 1, TrainRows = 4000, CalibrationRows = 1000;
    private const double Alpha = 0.01;

    // A plain z-score as the window score (mean over the window of the squared standardized values), so these tests exercise the
    // tracker, not a model.
    private static readonly WindowScorer ZScore = (raw, mask, n, normalization, scores) =>
    {
        int size = Window * Features;
        for (int w = 0; w < n; w++)
        {
            double total = 0;
            for (int i = 0; i < size; i++)
            {
                if (mask[w * size + i] == 0) continue;
                int f = i % Features;
                double z = (raw[w * size + i] - normalization.Mean[f]) / normalization.Scale(f);
                total += z * z;
            }
            scores[w] = (float)(total / size);
        }
    };

    [Fact]
    public void Following_drift_keeps_false_alarms_near_the_target_where_fixed_statistics_alarm_on_most_windows()
    {
        // Normal operation whose offset drifts by 4 standard deviations over the run (sensor ageing); no anomalies at all.
        var rows = Series(20_000, seed: 1, offset: r => 4.0 * r / 20_000);
        var (fixedFar, followedFar) = (FalseAlarmRate(rows, follow: false), FalseAlarmRate(rows, follow: true));
        Assert.True(fixedFar > 0.3, $"fixed statistics should drown in drift (FAR {fixedFar:P1})");
        Assert.True(followedFar < 0.03, $"followed statistics should keep FAR near {Alpha:P0} (FAR {followedFar:P1})");
    }

    [Fact]
    public void An_ongoing_anomaly_is_not_absorbed_while_following_every_window_would_absorb_it()
    {
        // Stationary normal operation, then a step of 6 standard deviations on feature 0 lasting five drift horizons.
        int horizon = TrainRows / 4, start = TrainRows + CalibrationRows + 2000, length = 5 * horizon;
        var rows = Series(start + length, seed: 2, offset: _ => 0, step: (start, 6.0));
        var (scores, threshold) = ScoreHeldOut(rows, follow: true, safeguards: true);
        int firstAnomalous = start - (TrainRows + CalibrationRows);
        var lastHorizon = scores.AsSpan(scores.Length - horizon);
        Assert.True(Alarmed(scores.AsSpan(firstAnomalous), threshold) > 0.99, "the fault stays alarmed to its end");

        // Without safeguards (every window updates the means) the same fault becomes normal within a few horizons: proof the guard works.
        var (naive, naiveThreshold) = ScoreHeldOut(rows, follow: true, safeguards: false);
        Assert.True(Alarmed(naive.AsSpan(naive.Length - horizon), naiveThreshold) < 0.5, "an unguarded tracker absorbs the fault");
        Assert.True(Alarmed(lastHorizon, threshold) > 0.99);
    }

    [Fact]
    public void One_wild_reading_moves_a_mean_by_at_most_the_clip_over_the_horizon_and_alarms_freeze_updates()
    {
        var tracker = new DriftTracker(new FeatureNormalization([10f, 0f], [2f, 1f]), horizonRows: 100);
        tracker.Observe([1e6f, 0f], [1f, 1f], alarmed: false);
        Assert.Equal(10 + DriftTracker.ClipSigmas * 2 / 100, tracker.Normalization.Mean[0], 4);
        Assert.Equal([2f, 1f], tracker.Normalization.Std); // scales never follow

        // A burst of alarms: once most recent windows alarm, even windows below the threshold stop updating.
        for (int i = 0; i < 100; i++) tracker.Observe([50f, 0f], [1f, 1f], alarmed: true);
        Assert.True(tracker.Frozen, $"alarm rate {tracker.RecentAlarmRate:P1} should freeze updates");
        float before = tracker.Normalization.Mean[0];
        tracker.Observe([20f, 0f], [1f, 1f], alarmed: false);
        Assert.Equal(before, tracker.Normalization.Mean[0]);
        Assert.Equal((1L, 101L), (tracker.AcceptedWindows, tracker.SkippedWindows));

        // Missing values never move a mean; bad shapes are named.
        tracker = new DriftTracker(new FeatureNormalization([10f, 0f], [2f, 1f]), 100);
        tracker.Observe([float.NaN, 5f], [0f, 1f], alarmed: false);
        Assert.Equal(10f, tracker.Normalization.Mean[0]);
        Assert.Throws<ArgumentException>(() => tracker.Observe([1f, 2f, 3f], [1f, 1f, 1f], alarmed: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTracker(new FeatureNormalization([0f], [1f]), 4));
    }

    private static double FalseAlarmRate(float[] rows, bool follow)
    {
        var (scores, threshold) = ScoreHeldOut(rows, follow, safeguards: true);
        return Alarmed(scores, threshold);
    }

    private static double Alarmed(ReadOnlySpan<float> scores, float threshold)
    {
        int alarms = 0;
        foreach (var s in scores) if (s > threshold) alarms++;
        return (double)alarms / scores.Length;
    }

    /// <summary>Training statistics from the first rows, a conformal threshold on the next (scored in order), then the rest scored in order.</summary>
    private static (float[] Scores, float Threshold) ScoreHeldOut(float[] rows, bool follow, bool safeguards)
    {
        var start = Statistics(rows.AsSpan(0, TrainRows * Features));
        var calibration = Windows(rows.AsSpan(TrainRows * Features, CalibrationRows * Features));
        var heldOut = Windows(rows.AsSpan((TrainRows + CalibrationRows) * Features));
        var tracker = new DriftTracker(start, TrainRows / 4);
        var calibrationScores = new float[calibration.Count];
        if (follow) DriftFollowingScoring.Score(calibration.Raw, calibration.Mask, calibration.Count, Window, Stride, tracker, float.PositiveInfinity, ZScore, calibrationScores);
        else ZScore(calibration.Raw, calibration.Mask, calibration.Count, start, calibrationScores);
        float threshold = ConformalThreshold.Of(calibrationScores, Alpha).Threshold;
        var scores = new float[heldOut.Count];
        if (!follow) ZScore(heldOut.Raw, heldOut.Mask, heldOut.Count, start, scores);
        else DriftFollowingScoring.Score(heldOut.Raw, heldOut.Mask, heldOut.Count, Window, Stride, tracker,
            safeguards ? threshold : float.PositiveInfinity, ZScore, scores);
        return (scores, threshold);
    }

    private static (float[] Raw, float[] Mask, int Count) Windows(ReadOnlySpan<float> rows)
    {
        var raw = TimeWindows.Create(rows, Features, Window, Stride);
        var mask = new float[raw.Length];
        mask.AsSpan().Fill(1f);
        return (raw, mask, raw.Length / (Window * Features));
    }

    private static FeatureNormalization Statistics(ReadOnlySpan<float> rows)
    {
        var statistics = new NormalizationStatistics(Features);
        var mask = new float[rows.Length];
        mask.AsSpan().Fill(1f);
        statistics.Observe(rows, mask);
        return statistics.ToNormalization();
    }

    /// <summary>Gaussian noise (std 1) plus an offset on every feature; an optional step on feature 0 from a row on.</summary>
    private static float[] Series(int count, int seed, Func<int, double> offset, (int From, double Size)? step = null)
    {
        var random = new Random(seed);
        var rows = new float[count * Features];
        for (int r = 0; r < count; r++)
            for (int f = 0; f < Features; f++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                double extra = step is { } s && f == 0 && r >= s.From ? s.Size : 0;
                rows[r * Features + f] = (float)(gaussian + offset(r) + extra);
            }
        return rows;
    }
}
