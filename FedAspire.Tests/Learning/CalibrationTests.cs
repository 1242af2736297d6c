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
