using FedAspire.Core.SecureAggregation;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>The fixed-point map into Z/2^32: each weighted coordinate within half a unit, no wrap at the extremes, the bound as stated.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class FixedPointQuantizerTests
{
    [Fact]
    public void Each_weighted_coordinate_is_within_half_a_unit_and_the_weight_is_exact()
    {
        var options = new SecureAggregationOptions(3, ClipRange: 4f, MaxWeight: 1_000);
        var quantizer = new FixedPointQuantizer(options, participants: 50);
        Assert.Equal((int.MaxValue - 50.0) / (50.0 * 1_000 * 4), quantizer.Scale);
        float[] x = [0f, 1e-3f, -3.99f, 4f, -4f, 0.5f];
        var q = new uint[x.Length + 1];
        quantizer.Quantize(x, 777, q);
        for (int i = 0; i < x.Length; i++) Assert.InRange(Math.Abs((int)q[i] - 777 * (double)x[i] * quantizer.Scale), 0, 0.5);
        Assert.Equal(777u, q[^1]);
    }

    [Fact]
    public void n_participants_at_the_clip_range_and_the_largest_weight_sum_without_wrapping()
    {
        const int n = 1_000;
        var options = new SecureAggregationOptions(501, ClipRange: 8f, MaxWeight: 4_000_000);
        var quantizer = new FixedPointQuantizer(options, n);
        var sum = new uint[3];
        var q = new uint[3];
        for (int k = 0; k < n; k++)
        {
            quantizer.Quantize([8f, -8f], 4_000_000, q);
            System.Numerics.Tensors.TensorPrimitives.Add(sum, q, sum);
        }
        var (mean, weight) = quantizer.Dequantize(sum);
        Assert.Equal(4_000_000_000L, weight);
        Assert.InRange(mean[0], 8f - 1e-5f, 8f + 1e-5f);
        Assert.InRange(mean[1], -8f - 1e-5f, -8f + 1e-5f);
    }

    [Fact]
    public void The_mean_error_bound_is_m_over_2sW()
    {
        var quantizer = new FixedPointQuantizer(new SecureAggregationOptions(51), 100);
        Assert.Equal(7 / (2 * quantizer.Scale * 12_345), quantizer.MeanErrorBound(7, 12_345));
    }

    [Fact]
    public void A_non_finite_parameter_is_refused()
    {
        var quantizer = new FixedPointQuantizer(new SecureAggregationOptions(3), 4);
        Assert.Throws<ArgumentException>(() => quantizer.Quantize([float.NaN], 1, new uint[2]));
    }
}
