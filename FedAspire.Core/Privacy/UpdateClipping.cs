using System.Numerics.Tensors;

namespace FedAspire.Core.Privacy;

/// <summary>Bounds what one participant can move the model: its update (change to the global parameters) clipped to an L2 norm.</summary>
public static class UpdateClipping
{
    /// <summary>
    /// Writes clip(parameters - global) into <paramref name="delta"/> and returns the norm before clipping.
    /// </summary>
    public static double ClipDelta(ReadOnlySpan<float> global, ReadOnlySpan<float> parameters, double clip, Span<float> delta)
    {
        if (parameters.Length != global.Length || delta.Length != global.Length)
            throw new ArgumentException($"Clipping needs vectors of one length: global {global.Length}, update {parameters.Length}, destination {delta.Length}.");
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "The clipping norm must be positive.");
        // delta = p - g;  delta *= min(1, C / ||delta||_2)
        TensorPrimitives.Subtract(parameters, global, delta);
        double norm = Norm(delta);
        // The factor is rounded down by a hair so float rounding can never leave the result above C.
        if (norm > clip) TensorPrimitives.Multiply(delta, (float)(clip / norm * (1 - 1e-7)), delta);
        return norm;
    }

    /// <summary>||v||_2 accumulated in double (a float sum loses the norm's last digits on long vectors).</summary>
    public static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }
}
