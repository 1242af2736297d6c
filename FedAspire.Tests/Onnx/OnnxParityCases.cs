using FedAspire.Core.Learning;

namespace FedAspire.Tests.Onnx;

/// <summary>Shared, seeded generator of parity problems: every model shape, activation, masking and batch size the ONNX export must reproduce.</summary>
/// <remarks>Other forward passes (the in-process Autoencoder) can be checked against the same cases and the same oracle.</remarks>
internal static class OnnxParityCases
{
    /// <summary>Model names understood by <see cref="Spec"/>.</summary>
    public static readonly string[] Models =
    [
        "dense-8-16-4-16-8",
        "dense-52-64-32-16-32-64-52",
        "dense-window5",
        "conv-window10",
        "conv-window32",
        "conv-window1",
    ];

    public static readonly Activation[] Activations = [Activation.Identity, Activation.Relu, Activation.Tanh, Activation.Sigmoid];

    public static readonly int[] Batches = [1, 1000];

    /// <summary>Every combination of model, activation, masked/unmasked and batch size.</summary>
    public static TheoryData<string, Activation, bool, int> All()
    {
        var data = new TheoryData<string, Activation, bool, int>();
        foreach (var model in Models)
            foreach (var activation in Activations)
                foreach (var masked in new[] { false, true })
                    foreach (var batch in Batches)
                        data.Add(model, activation, masked, batch);
        return data;
    }

    public static ModelSpec Spec(string model, Activation activation) => model switch
    {
        "dense-8-16-4-16-8" => ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16], activation),
        "dense-52-64-32-16-32-64-52" => ModelSpec.DenseAutoencoder(Features(52), [64, 32, 16, 32, 64], activation),
        "dense-window5" => ModelSpec.DenseAutoencoder(Features(4), [12, 6, 12], activation, window: 5),
        "conv-window10" => ModelSpec.ConvAutoencoder(Features(6), 10, [16, 8], activation),
        "conv-window32" => ModelSpec.ConvAutoencoder(Features(8), 32, [16, 8, 4], activation),
        "conv-window1" => ModelSpec.ConvAutoencoder(Features(3), 1, [4], activation),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "unknown parity model"),
    };

    public static string[] Features(int count) => Enumerable.Range(0, count).Select(i => $"sensor_{i:D2}").ToArray();

    /// <summary>A seeded problem: weights uniform with variance 1/fan-in (activations stay O(1) through deep stacks), biases in ±0.1,
    /// per-feature means in ±50 and std in [0.5, 20] (feature 0 constant, std 0, to exercise the scale-1 rule), raw values around the mean.
    /// Masked problems drop ~25 % of values (NaN in raw) and blank the whole first sample.</summary>
    public static ParityData Create(ModelSpec spec, bool masked, int batch, int seed)
    {
        var random = new Random(seed);
        var layout = new ParameterLayout(spec);
        var parameters = new float[layout.ParameterCount];
        foreach (var layer in layout.Layers)
        {
            int fanIn = layer.Spec.Kind switch
            {
                LayerKind.Dense => layer.InputSize,
                LayerKind.Conv1d => layer.InputChannels * layer.Spec.Kernel,
                // each output of a transposed convolution sums about inC * k / stride inputs
                _ => Math.Max(1, layer.InputChannels * layer.Spec.Kernel / layer.Spec.Stride),
            };
            double limit = Math.Sqrt(3.0 / fanIn);
            for (int i = 0; i < layer.WeightCount; i++) parameters[layer.WeightOffset + i] = (float)((random.NextDouble() * 2 - 1) * limit);
            for (int i = 0; i < layer.BiasCount; i++) parameters[layer.BiasOffset + i] = (float)((random.NextDouble() * 2 - 1) * 0.1);
        }

        int features = spec.FeatureCount;
        var mean = new float[features];
        var std = new float[features];
        for (int f = 0; f < features; f++)
        {
            mean[f] = (float)((random.NextDouble() * 2 - 1) * 50);
            std[f] = f == 0 ? 0f : (float)(0.5 + random.NextDouble() * 19.5);
        }
        var normalization = new FeatureNormalization(mean, std);

        int size = spec.InputSize;
        var raw = new float[batch * size];
        var mask = new float[batch * size];
        for (int s = 0; s < batch; s++)
            for (int i = 0; i < size; i++)
            {
                int f = i % features;
                bool observed = !masked || (s != 0 && random.NextDouble() >= 0.25);
                mask[s * size + i] = observed ? 1f : 0f;
                raw[s * size + i] = observed ? (float)(mean[f] + normalization.Scale(f) * Gaussian(random)) : float.NaN;
            }
        return new ParityData(spec, parameters, normalization, raw, mask, batch);
    }

    /// <summary>A stable seed per case so each case is reproducible on its own.</summary>
    public static int Seed(string model, Activation activation, bool masked, int batch)
    {
        int seed = 17;
        foreach (char c in model) seed = seed * 31 + c;
        return seed * 31 + (int)activation * 7 + (masked ? 3 : 0) + batch;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
