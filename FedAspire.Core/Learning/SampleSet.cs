namespace FedAspire.Core.Learning;

/// <summary>Normalized samples, row-major [Count, InputSize], with an optional 0/1 observation mask of the same shape.</summary>
/// <remarks>
/// Masked entries are stored as 0 (the normalized feature mean): if the caller's array holds anything else there
/// (NaN for a missing reading, say), <see cref="Values"/> is a cleaned copy and the caller's array is left untouched.
/// </remarks>
public sealed class SampleSet
{
    /// <summary>Wraps normalized values; <paramref name="mask"/> null means every value is observed.</summary>
    /// <exception cref="ArgumentException">Lengths do not match, a mask value is not 0/1, or an observed value is NaN or infinite.</exception>
    public SampleSet(float[] values, float[]? mask, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (inputSize < 1) throw new ArgumentException($"inputSize must be >= 1, got {inputSize}.", nameof(inputSize));
        if (values.Length % inputSize != 0)
            throw new ArgumentException($"values holds {values.Length} floats, which is not a whole number of samples of {inputSize}.", nameof(values));
        if (mask is not null && mask.Length != values.Length)
            throw new ArgumentException($"mask holds {mask.Length} floats but values holds {values.Length}.", nameof(mask));

        int count = values.Length / inputSize;
        var inverseObserved = new float[count];
        bool needsCleaning = false;
        for (int row = 0; row < count; row++)
        {
            int observed = 0;
            for (int col = 0, i = row * inputSize; col < inputSize; col++, i++)
            {
                float m = mask is null ? 1f : mask[i];
                if (m == 1f)
                {
                    if (!float.IsFinite(values[i]))
                        throw new ArgumentException($"Observed value at sample {row}, column {col} is {values[i]}; observed values must be finite.", nameof(values));
                    observed++;
                }
                else if (m == 0f)
                {
                    needsCleaning |= values[i] != 0f; // true for NaN too
                }
                else
                {
                    throw new ArgumentException($"Mask value at sample {row}, column {col} is {m}; masks hold 0 or 1.", nameof(mask));
                }
            }
            inverseObserved[row] = 1f / Math.Max(observed, 1);
        }

        if (needsCleaning)
        {
            values = (float[])values.Clone();
            for (int i = 0; i < values.Length; i++)
                if (mask![i] == 0f) values[i] = 0f;
        }
        Values = values;
        Mask = mask;
        InputSize = inputSize;
        Count = count;
        InverseObservedCount = inverseObserved;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Values per sample.</summary>
    public int InputSize { get; }

    /// <summary>Normalized values, 0 where masked.</summary>
    public float[] Values { get; }

    /// <summary>1 where observed, 0 where missing; null when everything is observed.</summary>
    public float[]? Mask { get; }

    /// <summary>1 / max(observed values in the sample, 1): the per-sample weight of the masked MSE.</summary>
    internal float[] InverseObservedCount { get; }

    /// <summary>
    /// Normalizes raw rows; <paramref name="raw"/> may hold NaN where <paramref name="mask"/> is 0; an empty mask means all observed.
    /// </summary>
    public static SampleSet FromRaw(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask, int inputSize, FeatureNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        if (inputSize < 1) throw new ArgumentException($"inputSize must be >= 1, got {inputSize}.", nameof(inputSize));
        if (inputSize % normalization.FeatureCount != 0)
            throw new ArgumentException($"inputSize {inputSize} is not a whole number of rows of {normalization.FeatureCount} features.", nameof(inputSize));
        if (!mask.IsEmpty && mask.Length != raw.Length)
            throw new ArgumentException($"mask holds {mask.Length} floats but raw holds {raw.Length}.", nameof(mask));
        var values = new float[raw.Length];
        normalization.Normalize(raw, mask, values);
        return new SampleSet(values, mask.IsEmpty ? null : mask.ToArray(), inputSize);
    }
}
