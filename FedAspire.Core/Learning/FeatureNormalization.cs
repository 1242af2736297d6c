namespace FedAspire.Core.Learning;

/// <summary>
/// Per-feature affine normalization z = (x - mean) / std that travels with a global model and is baked into its ONNX export.
/// </summary>
/// <remarks>
/// Missing values (mask 0) normalize to 0, i.e. they are imputed at the feature mean and carry no loss.
/// A feature whose std is below <see cref="MinStd"/> (a constant sensor) is scaled by 1 so it never divides by ~0.
/// Samples are time-major windows, so value i of a sample belongs to feature i % FeatureCount.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record FeatureNormalization(
    [property: Id(0)] float[] Mean,
    [property: Id(1)] float[] Std)
{
    /// <summary>Standard deviations below this are treated as 1.</summary>
    public const float MinStd = 1e-6f;

    /// <summary>Number of features.</summary>
    public int FeatureCount => Mean.Length;

    /// <summary>The identity normalization (mean 0, std 1) for <paramref name="featureCount"/> features.</summary>
    public static FeatureNormalization Identity(int featureCount) =>
        new(new float[featureCount], Enumerable.Repeat(1f, featureCount).ToArray());

    /// <summary>The scale actually applied to feature <paramref name="f"/>.</summary>
    public float Scale(int f) => Std[f] < MinStd || !float.IsFinite(Std[f]) ? 1f : Std[f];

    /// <summary>Normalizes rows of raw values; <paramref name="mask"/> empty means every value is observed.</summary>
    public void Normalize(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask, Span<float> normalized)
    {
        if (raw.Length != normalized.Length) throw new ArgumentException("raw and normalized lengths differ.");
        if (!mask.IsEmpty && mask.Length != raw.Length) throw new ArgumentException("mask length differs from raw length.");
        int f = 0, features = FeatureCount;
        for (int i = 0; i < raw.Length; i++)
        {
            normalized[i] = !mask.IsEmpty && mask[i] == 0f ? 0f : (raw[i] - Mean[f]) / Scale(f);
            if (++f == features) f = 0;
        }
    }

    /// <summary>Maps normalized values back to raw units.</summary>
    public void Denormalize(ReadOnlySpan<float> normalized, Span<float> raw)
    {
        if (raw.Length != normalized.Length) throw new ArgumentException("raw and normalized lengths differ.");
        int f = 0, features = FeatureCount;
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = normalized[i] * Scale(f) + Mean[f];
            if (++f == features) f = 0;
        }
    }
}
