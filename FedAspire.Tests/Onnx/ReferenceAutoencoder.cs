using FedAspire.Core.Learning;

namespace FedAspire.Tests.Onnx;

/// <summary>Test oracle: a plain double-precision forward pass of a FedAspire autoencoder, written straight from ParameterLayout and the score formula.</summary>
/// <remarks>Deliberately naive (nested loops, no spans, no SIMD) so that it is obviously right; it is never used outside tests.</remarks>
internal sealed class ReferenceAutoencoder
{
    private readonly ModelSpec spec;
    private readonly ParameterLayout layout;
    private readonly double[] parameters;
    private readonly double[] mean;
    private readonly double[] scale;

    public ReferenceAutoencoder(ModelSpec spec, float[] parameters, FeatureNormalization normalization)
    {
        this.spec = spec;
        layout = new ParameterLayout(spec);
        Assert.Equal(layout.ParameterCount, parameters.Length);
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

    /// <summary>The model's output r for one normalized sample, in the same time-major layout.</summary>
    public double[] Forward(double[] z)
    {
        if (!spec.IsConvolutional)
        {
            var h = z;
            foreach (var layer in layout.Layers) h = Activate(layer.Spec.Activation, Dense(layer, h));
            return h;
        }
        // time-major [Window, F] -> [channels = F, length = Window]
        int features = spec.FeatureCount, window = spec.Window;
        var x = new double[features * window];
        for (int t = 0; t < window; t++)
            for (int c = 0; c < features; c++)
                x[c * window + t] = z[t * features + c];
        foreach (var layer in layout.Layers)
        {
            var y = layer.Spec.Kind == LayerKind.Conv1d ? Conv(layer, x) : ConvTranspose(layer, x);
            x = Activate(layer.Spec.Activation, y);
        }
        var r = new double[z.Length];
        for (int t = 0; t < window; t++)
            for (int c = 0; c < features; c++)
                r[t * features + c] = x[c * window + t];
        return r;
    }

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

    // out[o] = b[o] + sum_i W[o, i] in[i], W row-major [out, in]
    private double[] Dense(LayerShape layer, double[] input)
    {
        var output = new double[layer.OutputSize];
        for (int o = 0; o < layer.OutputSize; o++)
        {
            double sum = parameters[layer.BiasOffset + o];
            for (int i = 0; i < layer.InputSize; i++) sum += parameters[layer.WeightOffset + o * layer.InputSize + i] * input[i];
            output[o] = sum;
        }
        return output;
    }

    // out[o, t] = b[o] + sum_{c, j} W[o, c, j] in[c, t s - p + j], W [outC, inC, k]
    private double[] Conv(LayerShape layer, double[] input)
    {
        var l = layer.Spec;
        var output = new double[layer.OutputSize];
        for (int o = 0; o < layer.OutputChannels; o++)
            for (int t = 0; t < layer.OutputLength; t++)
            {
                double sum = parameters[layer.BiasOffset + o];
                for (int c = 0; c < layer.InputChannels; c++)
                    for (int j = 0; j < l.Kernel; j++)
                    {
                        int position = t * l.Stride - l.Padding + j;
                        if (position < 0 || position >= layer.InputLength) continue;
                        sum += parameters[layer.WeightOffset + (o * layer.InputChannels + c) * l.Kernel + j] * input[c * layer.InputLength + position];
                    }
                output[o * layer.OutputLength + t] = sum;
            }
        return output;
    }

    // Scatter form: in[c, i] adds W[c, o, j] in[c, i] to out[o, i s - p + j], W [inC, outC, k]; output padding only extends the length.
    private double[] ConvTranspose(LayerShape layer, double[] input)
    {
        var l = layer.Spec;
        var output = new double[layer.OutputSize];
        for (int o = 0; o < layer.OutputChannels; o++)
            for (int t = 0; t < layer.OutputLength; t++)
                output[o * layer.OutputLength + t] = parameters[layer.BiasOffset + o];
        for (int c = 0; c < layer.InputChannels; c++)
            for (int i = 0; i < layer.InputLength; i++)
                for (int o = 0; o < layer.OutputChannels; o++)
                    for (int j = 0; j < l.Kernel; j++)
                    {
                        int t = i * l.Stride - l.Padding + j;
                        if (t < 0 || t >= layer.OutputLength) continue;
                        output[o * layer.OutputLength + t] +=
                            parameters[layer.WeightOffset + (c * layer.OutputChannels + o) * l.Kernel + j] * input[c * layer.InputLength + i];
                    }
        return output;
    }

    private static double[] Activate(Activation activation, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = activation switch
            {
                Activation.Identity => values[i],
                Activation.Relu => Math.Max(values[i], 0d),
                Activation.Tanh => Math.Tanh(values[i]),
                Activation.Sigmoid => 1d / (1d + Math.Exp(-values[i])),
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
            };
        }
        return values;
    }
}
