using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

[Trait("Area", "Learning")]
public sealed class AnomalyThresholdTests
{
    [Theory]
    // numpy.quantile([1,2,3,4], q): h = 3q; q=0.5 -> 2.5, q=0.9 -> h=2.7 -> 3 + 0.7*(4-3) = 3.7, q=1 -> 4, q=0 -> 1.
    [InlineData(0.5, 2.5f)]
    [InlineData(0.9, 3.7f)]
    [InlineData(1.0, 4f)]
    [InlineData(0.0, 1f)]
    public void Quantile_matches_numpy_linear(double q, float expected)
    {
        Assert.Equal(expected, AnomalyThreshold.Quantile([4f, 1f, 3f, 2f], q), 1e-6f);
    }

    [Fact]
    public void Mean_plus_k_sigma_uses_the_population_std()
    {
        // mean 5, population std 2 -> 5 + 3*2 = 11
        Assert.Equal(11f, AnomalyThreshold.MeanPlusKSigma([2f, 4f, 4f, 4f, 5f, 5f, 7f, 9f], 3), 1e-6f);
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => AnomalyThreshold.Quantile([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyThreshold.Quantile([1f], 1.5));
        Assert.Contains("Score 1", Assert.Throws<ArgumentException>(() => AnomalyThreshold.Quantile([1f, float.NaN], 0.5)).Message);
        Assert.Throws<ArgumentException>(() => AnomalyThreshold.MeanPlusKSigma([], 3));
    }
}
