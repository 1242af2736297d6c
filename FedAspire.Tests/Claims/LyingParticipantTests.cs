using FedAspire.Aggregator.Rounds;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Claims;

/// <summary>
/// One participant lies (inflated counts, overflow, a poisoned histogram, poisoned statistics, a fabricated evaluation); the
/// model, threshold, normalization and reported metrics stay within what its capped share allows. Each test also shows the lie
/// would have worked without the bounds, so it can fail.
/// </summary>
[Trait("Area", "Claims")]
public sealed class LyingParticipantTests
{
    private const string Liar = "liar";
    private static readonly string[] Honest = ["honest-a", "honest-b"];
    private static readonly ClaimLimits Limits = ClaimLimits.Default;

    private static ClaimScreen Screen(ClaimHistory? history = null) => new(Limits, new Dictionary<string, long>(), history ?? new ClaimHistory());

    private static float[] Filled(float value, int length = 16) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Screens and aggregates like the aggregator grain: admission, credited counts, FedAvg over credited weights.</summary>
    private static (float[] Model, List<UpdateRejection> Rejections, long[] Credited, List<string> Accepted) Round(
        IReadOnlyList<ParticipantUpdate> updates, ClaimScreen screen)
    {
        var global = Filled(0f);
        var validator = new UpdateValidator(global.Length);
        var rejections = new List<UpdateRejection>();
        var accepted = new List<ParticipantUpdate>();
        foreach (var u in updates)
        {
            if (UpdateScreening.Screen(u, u.ParticipantId, 1, global, validator, Limits) is { } r) rejections.Add(r);
            else accepted.Add(u);
        }
        accepted.Sort((a, b) => string.CompareOrdinal(a.ParticipantId, b.ParticipantId));
        var credited = screen.CreditTraining(accepted.Select(a => (a.ParticipantId, a.SampleCount)).ToList());
        var model = new FedAvg().Aggregate(global, accepted.Select((a, i) => new ClientUpdate(a.ParticipantId, a.Parameters, credited[i])).ToList());
        return (model, rejections, credited, accepted.Select(a => a.ParticipantId).ToList());
    }

    private static List<ParticipantUpdate> HonestUpdates() =>
        [new(Honest[0], 1, Filled(1f), 1_000, 1f, 0.5f), new(Honest[1], 1, Filled(2f), 1_000, 1f, 0.5f)];

    // FedAvg of the honest two, equal counts: (1 + 2) / 2.
    private const float HonestAverage = 1.5f;

    [Fact]
    public void Inflated_sample_count_of_1e15_is_rejected_by_name_and_the_model_is_the_honest_average()
    {
        var updates = HonestUpdates();
        updates.Add(new ParticipantUpdate(Liar, 1, Filled(100f), 1_000_000_000_000_000, 1f, 0.5f));
        var (model, rejections, _, accepted) = Round(updates, Screen());

        var rejection = Assert.Single(rejections);
        Assert.Equal((Liar, RejectionReason.CountAboveLimit), (rejection.ParticipantId, rejection.Reason));
        Assert.Equal(Honest, accepted);
        Assert.All(model, p => Assert.Equal(HonestAverage, p, 5));
        // Unbounded, the claim replaces the model (the attack): distance to the liar's parameters ~ 1e-9.
        var unbounded = new FedAvg().Aggregate(Filled(0f), updates.Select(u => new ClientUpdate(u.ParticipantId, u.Parameters, u.SampleCount)).ToList());
        Assert.All(unbounded, p => Assert.Equal(100f, p, 3));
    }

    [Fact]
    public void A_count_of_long_MaxValue_is_rejected_and_nothing_overflows()
    {
        var updates = HonestUpdates();
        updates.Add(new ParticipantUpdate(Liar, 1, Filled(100f), long.MaxValue, 1f, 0.5f));
        var (model, rejections, credited, _) = Round(updates, Screen());
        Assert.Equal(RejectionReason.CountAboveLimit, Assert.Single(rejections).Reason);
        Assert.All(model, p => Assert.True(float.IsFinite(p)));
        Assert.Equal(2_000, credited.Sum());
        // What failed every round before: summing the claims overflows.
        Assert.Throws<OverflowException>(() => updates.Sum(u => u.SampleCount));
    }

    [Fact]
    public void A_count_under_the_limit_is_credited_at_most_its_share_so_the_model_moves_at_most_that_far_towards_the_liar()
    {
        var updates = HonestUpdates();
        updates.Add(new ParticipantUpdate(Liar, 1, Filled(100f), 900_000_000, 1f, 0.5f));
        var (model, rejections, credited, accepted) = Round(updates, Screen());

        Assert.Empty(rejections);
        double share = (double)credited[accepted.IndexOf(Liar)] / credited.Sum();
        Assert.True(share <= Limits.MaxShare, $"liar share {share}");
        // model = (1 - s) honest + s liar, s <= 0.5: each parameter at most halfway from the honest average to the liar's value.
        Assert.All(model, p => Assert.InRange(p, HonestAverage, HonestAverage + (float)Limits.MaxShare * (100f - HonestAverage) + 1e-3f));
    }

    [Fact]
    public void After_a_round_the_liar_can_grow_its_credit_only_by_the_growth_factor()
    {
        var history = new ClaimHistory();
        var first = Screen(history);
        var round1 = HonestUpdates();
        round1.Add(new ParticipantUpdate(Liar, 1, Filled(1.5f), 1_100, 1f, 0.5f));
        Round(round1, first);
        first.CommitTo(history);
        Assert.Equal(1_100, history.Previous(ClaimKind.Training, Liar));

        var round2 = HonestUpdates();
        round2.Add(new ParticipantUpdate(Liar, 1, Filled(100f), 900_000_000, 1f, 0.5f));
        var second = Screen(history);
        Assert.Equal(2_200, second.Credit(ClaimKind.Training, Liar, 900_000_000).Credited);
        var (_, _, credited, accepted) = Round(round2, second);
        // Growth allows 2,200; the share cap then holds it to the honest total (half of the round).
        Assert.Equal(2_000, credited[accepted.IndexOf(Liar)]);
    }

    [Fact]
    public void A_registered_size_caps_even_the_first_claim()
    {
        var screen = new ClaimScreen(Limits, new Dictionary<string, long> { [Liar] = 800 }, new ClaimHistory());
        var credited = screen.CreditTraining([(Honest[0], 1_000), (Honest[1], 1_000), (Liar, 900_000_000)]);
        Assert.Equal([1_000, 1_000, 800], credited);
        var history = new ClaimHistory();
        screen.CommitTo(history);
        Assert.Equal(800, history.Previous(ClaimKind.Training, Liar));
    }

    [Fact]
    public void NaN_losses_are_rejected_by_name()
    {
        var updates = HonestUpdates();
        updates.Add(new ParticipantUpdate(Liar, 1, Filled(1f), 1_000, float.NaN, 0.5f));
        var (_, rejections, _, _) = Round(updates, Screen());
        Assert.Equal((Liar, RejectionReason.NonFiniteLoss), (Assert.Single(rejections).ParticipantId, Assert.Single(rejections).Reason));
    }

    // ---- calibration threshold ----

    private static ScoreHistogramSummary HonestScores(string id, double scale, int n, int seed)
    {
        var random = new Random(seed);
        var scores = new float[n];
        for (int i = 0; i < n; i++) scores[i] = (float)(scale * Math.Exp(0.5 * Normal(random)));
        var h = ScoreHistogram.Create();
        h.Add(scores);
        return new ScoreHistogramSummary(id, n, h, ConformalThreshold.Of(scores, 0.01).Threshold);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static ScoreHistogramSummary TopBinLie(long windows)
    {
        var counts = new long[ScoreHistogram.DefaultBinCount];
        counts[^1] = windows;
        return new ScoreHistogramSummary(Liar, windows, ScoreHistogram.FromCounts(ScoreHistogram.DefaultLower, ScoreHistogram.DefaultUpper, counts, 0, 0, 993_277, 999_000), 993_277f);
    }

    private static ModelCalibration Calibrate(IReadOnlyList<ScoreHistogramSummary> summaries, List<UpdateRejection> rejections)
    {
        var settings = new DetectionSettings(NormalizationMode.Global, 0.01);
        var bounded = Screen().BoundCalibration(summaries, rejections);
        return CalibrationBounds.Clamp(ModelCalibration.Merge(bounded, settings, ScoreHistogram.Create()), bounded);
    }

    [Theory]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(500_000_000L)]
    [InlineData(2_000L)]
    public void A_poisoned_histogram_cannot_move_the_threshold_outside_the_honest_participants_own_thresholds(long liarWindows)
    {
        var a = HonestScores(Honest[0], 0.02, 3_000, 1);
        var b = HonestScores(Honest[1], 0.05, 2_000, 2);
        var rejections = new List<UpdateRejection>();
        var calibration = Calibrate([a, b, TopBinLie(liarWindows)], rejections);

        float low = Math.Min(a.Threshold, b.Threshold), high = Math.Max(a.Threshold, b.Threshold);
        Assert.InRange(calibration.Threshold, low * 0.98f, high * 1.02f);
        if (liarWindows > Limits.MaxCount) Assert.Equal(RejectionReason.CountAboveLimit, Assert.Single(rejections).Reason);
        else Assert.Empty(rejections);
        // Unbounded, the top bin sets the federation's threshold (the 993,277).
        var unbounded = ModelCalibration.Merge([a, b, TopBinLie(Math.Min(liarWindows, 500_000_000))], new DetectionSettings(NormalizationMode.Global, 0.01), ScoreHistogram.Create());
        Assert.True(unbounded.Threshold > 1e5, $"unbounded threshold {unbounded.Threshold}");
    }

    [Fact]
    public void A_histogram_whose_windows_do_not_match_its_counts_is_rejected_as_inconsistent()
    {
        var rejections = new List<UpdateRejection>();
        var lie = TopBinLie(10) with { Windows = 1_000_000 };
        Calibrate([HonestScores(Honest[0], 0.02, 500, 3), HonestScores(Honest[1], 0.02, 500, 4), lie], rejections);
        var r = Assert.Single(rejections);
        Assert.Equal((Liar, RejectionReason.InconsistentSummary), (r.ParticipantId, r.Reason));
    }

    [Fact]
    public void Honest_calibration_is_the_pooled_one_when_it_lies_between_the_middle_participants()
    {
        // Five alike participants: the pooled conformal threshold lies between the second lowest and second highest own ones.
        var summaries = Enumerable.Range(0, 5).Select(i => HonestScores($"honest-{i}", 0.02, 900 + 50 * i, 20 + i)).ToList();
        var plain = ModelCalibration.Merge(summaries, new DetectionSettings(NormalizationMode.Global, 0.01), ScoreHistogram.Create());
        var own = summaries.Select(s => CalibrationBounds.OwnThreshold(s.Histogram, 0.01)).Order().ToList();
        Assert.InRange(plain.Threshold, own[1], own[^2]);
        Assert.Equal(plain.Threshold, Calibrate(summaries, []).Threshold);
    }

    [Fact]
    public void With_three_participants_the_threshold_is_the_median_participants_own()
    {
        var summaries = new[] { HonestScores(Honest[0], 0.02, 1_000, 5), HonestScores(Honest[1], 0.03, 1_100, 6), TopBinLie(2_000) };
        var own = summaries.Select(s => CalibrationBounds.OwnThreshold(s.Histogram, 0.01)).Order().ToList();
        Assert.Equal(own[1], Calibrate(summaries, []).Threshold);
        Assert.Equal(CalibrationBounds.OwnThreshold(summaries[1].Histogram, 0.01), own[1]);
    }

    [Theory]
    [InlineData(900L)]
    [InlineData(500_000_000L)]
    public void A_poisoned_histogram_cannot_move_the_relative_threshold_outside_the_honest_participants_own(long liarWindows)
    {
        // Three honest participants with too few windows for their own thresholds (below 1,000 at 1 %): they alarm at the relative
        // threshold times their median. A liar with every window in the top bin has an enormous relative threshold of its own.
        var honest = new[] { HonestScores(Honest[0], 0.02, 600, 11), HonestScores(Honest[1], 0.05, 700, 12), HonestScores("honest-c", 0.2, 800, 13) };
        var calibration = Calibrate([.. honest, TopBinLie(liarWindows)], []);

        var ownRelative = honest.Select(h => CalibrationBounds.OwnThreshold(h.Histogram, 0.01) / ModelCalibration.ScaleOf(h)!.Value).Order().ToList();
        Assert.NotNull(calibration.RelativeThreshold);
        Assert.InRange(calibration.RelativeThreshold!.Value, ownRelative[0] * 0.99f, ownRelative[^1] * 1.01f);
        // Each honest participant alarms at the relative threshold times its median, held within the second lowest..second highest
        // of all four medians: the liar's top-bin median cannot lift anyone's scale above the largest honest one.
        var scales = honest.Select(h => ModelCalibration.ScaleOf(h)!.Value).Order().ToList();
        foreach (var h in honest)
        {
            var p = calibration.Participants.Single(p => p.ParticipantId == h.ParticipantId);
            float scale = Math.Clamp(ModelCalibration.ScaleOf(h)!.Value, scales[1], scales[^1]);
            Assert.Equal(scale, p.Scale!.Value);
            Assert.Equal(calibration.RelativeThreshold.Value * scale, p.Threshold, 1e-4f * p.Threshold);
        }
    }

    // ---- normalization statistics ----

    private static NormalizationStatisticsSummary HonestStatistics(string id, double mean, double std, int rows, int seed)
    {
        var random = new Random(seed);
        var data = new float[rows * 2];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(mean + std * Normal(random));
        var s = new NormalizationStatistics(2);
        s.Observe(data, default);
        return new NormalizationStatisticsSummary(id, rows, s);
    }

    private static NormalizationStatisticsSummary PoisonedStatistics(long count, double mean) =>
        new(Liar, count, NormalizationStatistics.FromMoments([count, count], [mean, mean], [0, 0]));

    [Theory]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(500_000_000L)]
    public void Poisoned_statistics_cannot_move_the_normalization_outside_the_honest_participants(long count)
    {
        var a = HonestStatistics(Honest[0], 10, 2, 2_000, 11);
        var b = HonestStatistics(Honest[1], 12, 3, 1_500, 12);
        var rejections = new List<UpdateRejection>();
        var merged = Screen().MergeStatistics([a, b, PoisonedStatistics(count, 1e6)], rejections)!.ToNormalization();

        for (int f = 0; f < 2; f++)
        {
            double low = Math.Min(a.Statistics.Mean[f], b.Statistics.Mean[f]), high = Math.Max(a.Statistics.Mean[f], b.Statistics.Mean[f]);
            Assert.InRange(merged.Mean[f], low - 1e-4, high + 1e-4);
            double maxStd = Math.Max(Math.Sqrt(a.Statistics.Variance(f)), Math.Sqrt(b.Statistics.Variance(f)));
            Assert.InRange(merged.Std[f], 0.5, Math.Sqrt(maxStd * maxStd + (high - low) * (high - low)) + 1e-4);
        }
        if (count > Limits.MaxCount) Assert.Equal(RejectionReason.CountAboveLimit, Assert.Single(rejections).Reason);
        // Unbounded (Chan's pooled merge), the lie fixes the normalization at the liar's mean.
        var pooled = NormalizationStatistics.Merge(NormalizationStatistics.Merge(a.Statistics, b.Statistics), PoisonedStatistics(Math.Min(count, 500_000_000), 1e6).Statistics);
        Assert.True(pooled.Mean[0] > 9e5, $"pooled mean {pooled.Mean[0]}");
    }

    [Fact]
    public void Statistics_counting_a_feature_more_often_than_there_are_rows_are_rejected_as_inconsistent()
    {
        var lie = PoisonedStatistics(1_000, 1e6) with { Rows = 10 };
        var rejections = new List<UpdateRejection>();
        Screen().MergeStatistics([HonestStatistics(Honest[0], 10, 2, 500, 13), lie], rejections);
        Assert.Equal(RejectionReason.InconsistentSummary, Assert.Single(rejections).Reason);
    }

    [Theory]
    [InlineData(1e16, 0.0)]
    [InlineData(0.0, 1e300)]
    public void Statistics_beyond_any_sensor_range_are_rejected_and_the_merge_stays_finite(double mean, double m2)
    {
        var lie = new NormalizationStatisticsSummary(Liar, 1_000, NormalizationStatistics.FromMoments([1_000, 1_000], [mean, mean], [m2, m2]));
        var rejections = new List<UpdateRejection>();
        var merged = Screen().MergeStatistics([HonestStatistics(Honest[0], 10, 2, 500, 17), lie], rejections)!.ToNormalization();
        Assert.Equal((Liar, RejectionReason.InconsistentSummary), (Assert.Single(rejections).ParticipantId, Assert.Single(rejections).Reason));
        Assert.All(merged.Std, s => Assert.True(float.IsFinite(s) && s < 10));
    }

    [Fact]
    public void Honest_statistics_merge_as_the_pooled_ones_when_no_one_dominates()
    {
        var parts = Enumerable.Range(0, 5).Select(i => HonestStatistics($"honest-{i}", 10 + 0.2 * i, 2, 1_000 + 100 * i, 30 + i)).ToList();
        var robust = Screen().MergeStatistics(parts, [])!;
        var pooled = parts.Skip(1).Aggregate(parts[0].Statistics, (acc, p) => NormalizationStatistics.Merge(acc, p.Statistics));
        for (int f = 0; f < 2; f++)
        {
            Assert.Equal(pooled.Mean[f], robust.Mean[f], 9);
            Assert.Equal(Math.Sqrt(pooled.Variance(f)), Math.Sqrt(robust.Variance(f)), 9);
        }
    }

    // ---- federated evaluation ----

    private static readonly ParticipantEvaluation[] HonestEvaluations =
    [
        new(Honest[0], 1, 1_000, 0.1, new DetectionMetrics(0, 10, 890, 100, 0.5, 0.1)),
        new(Honest[1], 1, 1_000, 0.1, new DetectionMetrics(0, 12, 888, 100, 0.5, 0.1)),
    ];

    [Fact]
    public void A_fabricated_evaluation_of_1e12_windows_is_rejected_and_the_reported_metrics_are_the_honest_ones()
    {
        var lie = new ParticipantEvaluation(Liar, 1, 2_000_000_000_000, 0.0, new DetectionMetrics(1_000_000_000_000, 0, 1_000_000_000_000, 0, 1, 1));
        var rejections = new List<UpdateRejection>();
        var reported = FederatedEvaluation.Merge(Screen().BoundEvaluations([.. HonestEvaluations, lie], rejections));
        Assert.Equal(RejectionReason.CountAboveLimit, Assert.Single(rejections).Reason);
        Assert.Equal(0, reported.Metrics!.F1);
        Assert.Equal(2_000, reported.Samples);
        // Unbounded, the federation reports F1 0.9999999999 while every honest window says 0.
        Assert.True(FederatedEvaluation.Merge([.. HonestEvaluations, lie]).Metrics!.F1 > 0.9999);
    }

    [Fact]
    public void A_fabricated_evaluation_under_the_limit_weighs_at_most_its_share()
    {
        var lie = new ParticipantEvaluation(Liar, 1, 900_000_000, 0.0, new DetectionMetrics(450_000_000, 0, 450_000_000, 0, 1, 1));
        var bounded = Screen().BoundEvaluations([.. HonestEvaluations, lie], []);
        var reported = FederatedEvaluation.Merge(bounded);
        var liar = Assert.Single(bounded, e => e.ParticipantId == Liar);
        Assert.True((double)liar.Samples / reported.Samples <= Limits.MaxShare, $"liar holds {liar.Samples} of {reported.Samples}");
        // The honest windows are all still counted: 200 missed anomalies stay missed.
        Assert.Equal(200, reported.Metrics!.FalseNegatives);
        Assert.True(reported.Samples <= 2 * 2_000);
    }

    [Fact]
    public void An_evaluation_with_more_labelled_windows_than_windows_is_rejected_as_inconsistent()
    {
        var lie = new ParticipantEvaluation(Liar, 1, 10, 0.0, new DetectionMetrics(1_000, 0, 1_000, 0, 1, 1));
        var rejections = new List<UpdateRejection>();
        Screen().BoundEvaluations([.. HonestEvaluations, lie], rejections);
        Assert.Equal((Liar, RejectionReason.InconsistentSummary), (Assert.Single(rejections).ParticipantId, Assert.Single(rejections).Reason));
    }
}
