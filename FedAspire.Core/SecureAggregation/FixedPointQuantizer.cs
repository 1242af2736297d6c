namespace FedAspire.Core.SecureAggregation;

/// <summary>
/// Maps a participant's weighted update w · clip(x) into the ring Z/2^32 as round(w · clip(x) · s), and the ring sum of n of them back
/// to the weighted mean.
/// </summary>
/// <remarks>
/// Scale: s = (2^31 - 1 - n) / (n · W_max · c), for n participants, weights up to W_max and clip range c. Then
/// |sum_k round(w_k x_k s)| &lt;= n (W_max c s + 1/2) &lt; 2^31, so the ring sum read as a signed 32-bit integer is the exact
/// integer sum: masks cancel modulo 2^32 and nothing wraps.
/// Error bound: each rounding is off by at most 1/2, so for the m contributors with total weight W = sum_k w_k,
/// |mean_secure - sum_k w_k clip(x_k) / W| &lt;= m / (2 s W) before the final rounding to float (half an ulp of the result);
/// see <see cref="MeanErrorBound"/>. Coordinates outside [-c, c] are clipped first, which this bound does not cover.
/// The weights travel as exact integers in one extra coordinate.
/// </remarks>
public sealed class FixedPointQuantizer
{
    /// <summary>Creates the quantizer for a round of <paramref name="participants"/> under <paramref name="options"/>.</summary>
    public FixedPointQuantizer(SecureAggregationOptions options, int participants)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (participants < 1) throw new ArgumentOutOfRangeException(nameof(participants), participants, "A round needs participants.");
        ClipRange = options.ClipRange;
        MaxWeight = options.MaxWeight;
        Scale = (int.MaxValue - (double)participants) / ((double)participants * options.MaxWeight * options.ClipRange);
    }

    /// <summary>Fixed-point units per unit of w · x: s above.</summary>
    public double Scale { get; }

    /// <summary>Each coordinate is clipped to [-ClipRange, ClipRange].</summary>
    public float ClipRange { get; }

    /// <summary>The largest weight a participant may send.</summary>
    public long MaxWeight { get; }

    /// <summary>The bound m / (2 s W) on |secure mean - exact weighted mean of the clipped updates| for m contributors of total weight W.</summary>
    public double MeanErrorBound(int contributors, long totalWeight) => contributors / (2.0 * Scale * totalWeight);

    /// <summary>
    /// Writes round(w · clip(x) · s) of every coordinate into destination[..^1] and w into the last element, the layout a masked
    /// input has.
    /// </summary>
    public void Quantize(ReadOnlySpan<float> update, long weight, Span<uint> destination)
    {
        if (weight < 1 || weight > MaxWeight) throw new ArgumentOutOfRangeException(nameof(weight), weight, $"A weight must be between 1 and {MaxWeight}.");
        if (destination.Length != update.Length + 1) throw new ArgumentException($"A quantized update of {update.Length} parameters takes {update.Length + 1} elements, got {destination.Length}.", nameof(destination));
        double factor = weight * Scale;
        float c = ClipRange;
        for (int i = 0; i < update.Length; i++)
        {
            float x = update[i];
            if (!float.IsFinite(x)) throw new ArgumentException($"Parameter {i} is {x}; secure aggregation sums finite updates only.", nameof(update));
            destination[i] = unchecked((uint)(int)Math.Round(Math.Clamp(x, -c, c) * factor, MidpointRounding.ToEven));
        }
        destination[^1] = (uint)weight;
    }

    /// <summary>The weighted mean from an unmasked ring sum (coordinates then total weight), and that total weight.</summary>
    public (float[] Mean, long TotalWeight) Dequantize(ReadOnlySpan<uint> sum)
    {
        if (sum.Length < 2) throw new ArgumentException("A ring sum holds at least one coordinate and the weight.", nameof(sum));
        long totalWeight = sum[^1];
        if (totalWeight == 0) throw new SecureAggregationException("The unmasked total weight is zero: no contribution survived.");
        double divisor = Scale * totalWeight;
        var mean = new float[sum.Length - 1];
        for (int i = 0; i < mean.Length; i++) mean[i] = (float)(unchecked((int)sum[i]) / divisor);
        return (mean, totalWeight);
    }
}
