using FedAspire.Core.Baselines;

namespace FedAspire.Tests.Baselines;

[Trait("Area", "Learning")]
public sealed class ZScoreDetectorTests
{
    [Fact]
    public void Score_is_the_mean_over_readings_of_the_largest_squared_z()
    {
        // Feature 0: 1, 3 (mean 2, std 1); feature 1: 10, 10, NaN... -> 10, 14 (mean 12, std 2); a NaN row value is skipped.
        float[] train = [1, 10, 3, 14, float.NaN, float.NaN];
        var d = ZScoreDetector.Fit(train, 2);
        Assert.Equal([2f, 12f], d.Mean.ToArray());
        Assert.Equal([1f, 0.5f], d.InverseStd.ToArray());

        // Window of 2 readings: (4, 12) -> z^2 (4, 0), max 4; (2, 18) -> (0, 9), max 9; score (4 + 9) / 2.
        // Second window: (NaN, 8) -> z^2 (-, 4), max 4; (NaN, NaN) -> nothing observed, skipped; score 4.
        var scores = d.Score([4, 12, 2, 18, float.NaN, 8, float.NaN, float.NaN], window: 2);
        Assert.Equal([6.5f, 4f], scores);
    }

    [Fact]
    public void Unobserved_features_are_ignored_and_constant_features_stay_finite()
    {
        var d = ZScoreDetector.Fit([5, float.NaN, 5, float.NaN], 2);
        Assert.True(float.IsNaN(d.Mean[1]));
        var scores = d.Score([5, 100, 6, 3, float.NaN, float.NaN], window: 1);
        Assert.Equal(0f, scores[0]);                            // feature 0 at its constant, feature 1 never trained: 0
        Assert.True(float.IsFinite(scores[1]) && scores[1] > 1e6f, $"a change of a constant sensor must score high, got {scores[1]}");
        Assert.Equal(0f, scores[2]);                            // nothing observed
    }

    [Fact]
    public void Bad_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ZScoreDetector.Fit([1, 2, 3], 2));
        var d = ZScoreDetector.Fit([1, 2, 3, 4], 2);
        Assert.Throws<ArgumentException>(() => d.Score([1, 2, 3], 1, new float[1]));
    }
}
