using FedAspire.Core.Learning;

namespace FedAspire.Tests.Onnx;

/// <summary>Test oracle for exported models: raw values through normalization, the double-precision reference forward pass and the score formula.</summary>
/// <remarks>Deliberately naive (nested loops, no spans, no SIMD) so that it is obviously right; it is never used outside tests.</remarks>
internal sealed class ReferenceAutoencoder
{
    private readonly ModelSpec spec;
    private readonly double[] parameters;
    private readonly double[] mean;
    private readonly double[] scale;

    public ReferenceAutoencoder(ModelSpec spec, float[] parameters, FeatureNormalization normalization)
    {
        this.spec = spec;
        Assert.Equal(new ParameterLayout(spec).ParameterCount, parameters.Length);
        this.parameters = parameters.Select(p => (double)p).ToArray();
        mean = normalization.Mean.Select(m => (double)m).ToArray();
        scale = Enumerable.Range(0, spec.FeatureCount).Select(f => (double)normalization.Scale(f)).ToArray();
    }

    /// <summary>Normalized input of one sample: (x - mean) / scale where observed, 0 where missing.</summary>
    public double[] Normalize(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask)
    {
        var z = new double[spec.InputSize];
        for (int i = 0; i < z.Length; i++)
        {
            int f = i % spec.FeatureCount;
            z[i] = mask[i] > 0.5f ? (raw[i] - mean[f]) / scale[f] : 0d;
        }
        return z;
    }

    /// <summary>The model's output r for one normalized sample, in the same time-major layout (the learning tests' oracle).</summary>
    public double[] Forward(double[] z) => Learning.ReferenceAutoencoder.Forward(spec, parameters, z);

    /// <summary>Reconstruction in raw units (row-major like the input) and per-sample scores for a batch.</summary>
    public (double[] Reconstruction, double[] Scores) Run(float[] raw, float[] mask, int count)
    {
        int size = spec.InputSize;
        var reconstruction = new double[count * size];
        var scores = new double[count];
        for (int s = 0; s < count; s++)
        {
            var sampleRaw = raw.AsSpan(s * size, size);
            var sampleMask = mask.AsSpan(s * size, size);
            var z = Normalize(sampleRaw, sampleMask);
            var r = Forward(z);
            double error = 0, observed = 0;
            for (int i = 0; i < size; i++)
            {
                double m = sampleMask[i] > 0.5f ? 1d : 0d;
                error += m * (r[i] - z[i]) * (r[i] - z[i]);
                observed += m;
                int f = i % spec.FeatureCount;
                reconstruction[s * size + i] = r[i] * scale[f] + mean[f];
            }
            scores[s] = error / Math.Max(observed, 1d);
        }
        return (reconstruction, scores);
    }
}
