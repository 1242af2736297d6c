using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Training;

namespace FedAspire.Tests.Learning;

/// <summary>Conformal thresholds, their federated merge, and calibration windows that never touch training rows.</summary>
[Trait("Area", "Learning")]
public sealed class CalibrationTests
{
    [Theory]
    [InlineData(99, 0.01, 99)]   // ceil(100 x 0.99) = 99
    [InlineData(199, 0.01, 198)] // ceil(200 x 0.99) = 198
    [InlineData(50, 0.01, 51)]   // too few scores for 1 %: rank beyond n
    [InlineData(9, 0.1, 9)]
    public void Rank_is_the_conformal_order_statistic(long n, double alpha, long expected) =>
        Assert.Equal(expected, ConformalThreshold.Rank(n, alpha));

    [Fact]
    public void Threshold_is_the_kth_smallest_score_and_says_when_the_sample_is_too_small()
    {
        var scores = Enumerable.Range(1, 99).Select(i => (float)i).Reverse().ToArray();
        var r = ConformalThreshold.Of(scores, 0.01);
        Assert.Equal((99f, 99, true), (r.Threshold, r.CalibrationCount, r.Guaranteed));
        var small = ConformalThreshold.Of(scores.AsSpan(0, 50), 0.01);
        Assert.Equal((99f, false), (small.Threshold, small.Guaranteed)); // the largest of 99..50
        Assert.Throws<ArgumentException>(() => ConformalThreshold.Of([1f, float.NaN], 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConformalThreshold.Of([1f], 1.0));
    }

    [Fact]
    public void Merge_keeps_a_participants_own_threshold_only_with_ten_windows_per_expected_false_alarm()
    {
        var settings = new DetectionSettings(NormalizationMode.Local, 0.1);
        var bins = ScoreHistogram.Create();
        ScoreHistogramSummary Summary(string id, float[] scores)
        {
            var h = ScoreHistogram.Create();
            h.Add(scores);
            return new ScoreHistogramSummary(id, scores.Length, h, ConformalThreshold.Of(scores, settings.FalseAlarmTarget).Threshold);
        }
        var big = Summary("b", Enumerable.Range(1, 100).Select(i => i / 100f).ToArray()); // 10 / 0.1 = 100 windows: its own
        var tiny = Summary("a", [5f, 6f, 7f]); // 3 windows cannot promise 10 %
        var almost = Summary("c", Enumerable.Range(1, 99).Select(i => i / 100f).ToArray()); // conformal-valid, but its tail is 9 scores
        var merged = ModelCalibration.Merge([big, tiny, almost], settings, bins);

        Assert.Equal(100, ModelCalibration.MinOwnWindows(0.1));
        Assert.Equal(1000, ModelCalibration.MinOwnWindows(0.01));
        Assert.Equal(["a", "b", "c"], merged.Participants.Select(p => p.ParticipantId));
        Assert.Equal(202, merged.Windows);
        Assert.False(merged.Participants[2].Own);
        var b = merged.Participants[1];
        Assert.True(b.Own);
        Assert.Equal(big.Threshold, b.Threshold);
        var a = merged.Participants[0];
        Assert.False(a.Own);
        Assert.Equal(merged.Threshold, a.Threshold);
        // The federation's threshold: rank ceil(203 x 0.9) = 183 of the 202 merged scores (0.01..1.00, 0.01..0.99, 5, 6, 7): about 0.92.
        Assert.Equal(0.92, merged.Threshold, 0.92 * bins.QuantileErrorBound * 1.5);
        Assert.Throws<InvalidOperationException>(() => ModelCalibration.Merge([], settings, bins));
    }

    [Fact]
    public void Participants_with_too_few_windows_for_their_own_threshold_get_the_relative_threshold_times_their_median()
    {
        // Two small participants whose scores share a shape (log-normal) at levels ten times apart, 400 windows each (own thresholds
        // need 1,000 at 1 %), and one with 20 windows, too few even for a median.
        var settings = new DetectionSettings(NormalizationMode.Local, 0.01);
        ScoreHistogramSummary Summary(string id, double level, int n)
        {
            var scores = new float[n];
            for (int i = 0; i < n; i++) scores[i] = (float)(level * Math.Exp(0.5 * InverseNormal((i + 0.5) / n)));
            var h = ScoreHistogram.Create();
            h.Add(scores);
            return new ScoreHistogramSummary(id, n, h, ConformalThreshold.Of(scores, 0.01).Threshold);
        }
        var quiet = Summary("quiet", 0.1, 400);
        var noisy = Summary("noisy", 1.0, 400);
        var fresh = Summary("fresh", 0.5, 20);
        var merged = ModelCalibration.Merge([quiet, noisy, fresh], settings, ScoreHistogram.Create());

        // Both share the relative threshold (~ exp(0.5 z_0.99) = 3.2 over the median, one bin's error) and scale it by their own
        // median: each alarms on about 1 % of its own windows, where one threshold in score units could not serve both.
        Assert.NotNull(merged.RelativeThreshold);
        Assert.Equal(Math.Exp(0.5 * InverseNormal(0.99)), merged.RelativeThreshold!.Value, 0.06);
        var byId = merged.Participants.ToDictionary(p => p.ParticipantId);
        Assert.Equal(0.1f, byId["quiet"].Scale!.Value, 0.002f);
        Assert.Equal(1.0f, byId["noisy"].Scale!.Value, 0.02f);
        Assert.Equal(10.0, byId["noisy"].Threshold / byId["quiet"].Threshold, 0.2);
        Assert.All(new[] { byId["quiet"], byId["noisy"] }, p => Assert.False(p.Own));
        Assert.InRange(merged.Threshold, byId["quiet"].Threshold * 2, byId["noisy"].Threshold); // the pooled one: far too high for the quiet one
        Assert.Null(byId["fresh"].Scale);
        Assert.Equal(merged.Threshold, byId["fresh"].Threshold);
    }

    [Fact]
    public void A_rescaled_histogram_keeps_its_count_and_scales_its_quantiles_within_one_bin()
    {
        var h = ScoreHistogram.Create();
        h.Add(Enumerable.Range(1, 1_000).Select(i => i / 1_000f).ToArray());
        var scaled = h.Rescaled(7.5);
        Assert.Equal(h.Total, scaled.Total);
        Assert.Equal(7.5, scaled.Max, 1e-9);
        foreach (var q in new[] { 0.1, 0.5, 0.9, 0.99 })
            Assert.Equal(7.5 * h.Quantile(q), scaled.Quantile(q), 7.5 * h.Quantile(q) * (h.BinRatio - 1));
        // Shifted past the top edge, counts join the overflow instead of vanishing.
        var far = h.Rescaled(1e9);
        Assert.Equal(h.Total, far.Total);
        Assert.Equal(h.Total, far.Overflow);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Rescaled(0));
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).</summary>
    private static double InverseNormal(double p)
    {
        double[] a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
        double[] b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155211573];
        double[] c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
        double[] d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -InverseNormal(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    [Fact]
    public void Calibration_windows_come_only_from_calibration_rows_and_never_from_training_rows()
    {
        string[] features = ["a"];
        // Training rows 0..99, values equal to their index; the latest quarter (75..99) becomes calibration.
        var rows = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        var partition = new FacilityPartition(features, rows, [200f, 201f, 202f], [false, false, true]);
        var spec = ModelSpec.DenseAutoencoder(features, [2], Activation.Relu, window: 5);
        var windows = ParticipantWindows.Create(partition, spec, stride: 1, calibrationFraction: 0.25);

        Assert.Equal(75 - 5 + 1, windows.Train.Count);
        Assert.Equal(25 - 5 + 1, windows.Calibration.Count);
        Assert.All(windows.Train.Raw, v => Assert.True(v < 75));
        Assert.All(windows.Calibration.Raw, v => Assert.True(v >= 75 && v < 100));
        // Local statistics come from the rows the model trains on: mean of 0..74.
        Assert.Equal(37f, windows.LocalNormalization.Mean[0], 1e-4f);
        // Explicit calibration rows are kept as given.
        var explicitRows = partition with { CalibrationRows = [500f, 501f, 502f, 503f, 504f] };
        var own = ParticipantWindows.Create(explicitRows, spec, 1, 0.25);
        Assert.Equal(100 - 5 + 1, own.Train.Count);
        Assert.Equal([500f, 501f, 502f, 503f, 504f], own.Calibration.Raw);
    }

    [Fact]
    public void A_code_as_wide_as_the_input_is_warned_about_and_a_narrower_one_is_not()
    {
        var wide = ModelSpec.DenseAutoencoder(["temperature", "humidity"], [4], Activation.Relu);
        Assert.Contains("can learn the identity", wide.BottleneckWarning());
        Assert.Null(ModelSpec.DenseAutoencoder(["temperature", "humidity"], [8, 1, 8], Activation.Relu).BottleneckWarning());
        Assert.Null(ModelSpec.DenseAutoencoder(["temperature", "humidity"], [4], Activation.Relu, window: 6).BottleneckWarning()); // 12 inputs
    }
}
