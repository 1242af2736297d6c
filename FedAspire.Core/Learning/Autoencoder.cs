using FedAspire.Core.Learning.Network;

namespace FedAspire.Core.Learning;

/// <summary>An autoencoder: a <see cref="ModelSpec"/> plus its flat parameter vector, with batched scoring and reconstruction.</summary>
/// <remarks>
/// Score of a sample (the ONNX export computes the same): z = normalized input (0 where masked), r = model(z),
/// score = sum_i m_i (r_i - z_i)^2 / max(sum_i m_i, 1). <see cref="Parameters"/> is the live vector a <see cref="LocalTrainer"/> updates.
/// </remarks>
public sealed class Autoencoder
{
    private const int EvaluationBatch = 256;

    /// <summary>Wraps <paramref name="parameters"/> (not copied) for <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid, the length differs from the layout's, or a parameter is not finite.</exception>
    public Autoencoder(ModelSpec spec, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        Layout = new ParameterLayout(spec);
        if (parameters.Length != Layout.ParameterCount)
            throw new ArgumentException($"The spec needs {Layout.ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        EnsureFinite(parameters, Layout, nameof(parameters));
        Spec = spec;
        Parameters = parameters;
    }

    /// <summary>The model description.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Where each layer lives in <see cref="Parameters"/>.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Weights and biases in <see cref="ParameterLayout"/> order.</summary>
    public float[] Parameters { get; }

    /// <summary>
    /// Deterministic initialization: weights uniform in +-sqrt(6 / fanIn) (He) before ReLU, +-sqrt(6 / (fanIn + fanOut)) (Xavier) otherwise;
    /// biases 0. Convolution fans count the kernel: fanIn = inC * k, fanOut = outC * k.
    /// </summary>
    public static Autoencoder Create(ModelSpec spec, int seed)
    {
        var layout = new ParameterLayout(spec);
        var parameters = new float[layout.ParameterCount];
        var random = new SplitMix64(seed);
        foreach (var layer in layout.Layers)
        {
            int kernel = layer.Spec.Kind == LayerKind.Dense ? 1 : layer.Spec.Kernel;
            int fanIn = layer.Spec.Kind == LayerKind.Dense ? layer.InputSize : layer.InputChannels * kernel;
            int fanOut = layer.Spec.Kind == LayerKind.Dense ? layer.OutputSize : layer.OutputChannels * kernel;
            double limit = layer.Spec.Activation == Activation.Relu ? Math.Sqrt(6.0 / fanIn) : Math.Sqrt(6.0 / (fanIn + fanOut));
            var weights = parameters.AsSpan(layer.WeightOffset, layer.WeightCount);
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)((2 * random.NextFloat() - 1) * limit);
        }
        return new Autoencoder(spec, parameters);
    }

    /// <summary>Mean over samples of the per-sample score.</summary>
    public float Loss(SampleSet data)
    {
        var network = TakeNetwork(data);
        float loss = (float)(SumOfScores(network, data) / data.Count);
        ThreadNetworkCache.Return(network);
        return loss;
    }

    /// <summary>Per-sample masked MSE in normalized space.</summary>
    public void Score(SampleSet data, Span<float> scores)
    {
        if (scores.Length != data.Count) throw new ArgumentException($"scores holds {scores.Length} values for {data.Count} samples.", nameof(scores));
        var network = TakeNetwork(data);
        for (int start = 0; start < data.Count; start += network.BatchCapacity)
        {
            int count = Math.Min(network.BatchCapacity, data.Count - start);
            network.LoadBatch(data, start, count);
            network.Forward();
            network.Scores(scores.Slice(start, count));
        }
        ThreadNetworkCache.Return(network);
    }

    /// <summary>The model's output in normalized space, same layout as <see cref="SampleSet.Values"/>.</summary>
    public void Reconstruct(SampleSet data, Span<float> reconstruction)
    {
        if (reconstruction.Length != data.Values.Length)
            throw new ArgumentException($"reconstruction holds {reconstruction.Length} values, the samples {data.Values.Length}.", nameof(reconstruction));
        var network = TakeNetwork(data);
        for (int start = 0; start < data.Count; start += network.BatchCapacity)
        {
            int count = Math.Min(network.BatchCapacity, data.Count - start);
            network.LoadBatch(data, start, count);
            network.Forward();
            network.CopyReconstruction(reconstruction.Slice(start * data.InputSize, count * data.InputSize));
        }
        ThreadNetworkCache.Return(network);
    }

    /// <summary>Multiply-adds per sample of one forward pass: dense in*out, Conv1d outC*inC*k*Lout, ConvTranspose1d inC*outC*k*Lin.</summary>
    public long ForwardMultiplyAddsPerSample() => Layout.Layers.Sum(LayerMultiplyAdds);

    /// <summary>
    /// Floating-point operations per sample of one training step, counting a multiply-add as 2: forward, weight gradients of every layer and
    /// input gradients of every layer but the first, each as many multiply-adds as the forward layer (activations, loss and optimizer excluded).
    /// </summary>
    public long TrainingFlopsPerSample() => 2 * (3 * ForwardMultiplyAddsPerSample() - LayerMultiplyAdds(Layout.Layers[0]));

    private static long LayerMultiplyAdds(LayerShape l) => l.Spec.Kind switch
    {
        LayerKind.Dense => (long)l.InputSize * l.OutputSize,
        LayerKind.Conv1d => (long)l.OutputChannels * l.InputChannels * l.Spec.Kernel * l.OutputLength,
        _ => (long)l.InputChannels * l.OutputChannels * l.Spec.Kernel * l.InputLength,
    };

    /// <summary>Sum of the scores of every sample of <paramref name="data"/> with the parameters <paramref name="network"/> holds.</summary>
    internal static double SumOfScores(BatchNetwork network, SampleSet data)
    {
        double total = 0;
        for (int start = 0; start < data.Count; start += network.BatchCapacity)
        {
            network.LoadBatch(data, start, Math.Min(network.BatchCapacity, data.Count - start));
            network.Forward();
            total += network.SumOfScores();
        }
        return total;
    }

    /// <summary>Throws naming the first non-finite parameter and its layer.</summary>
    internal static void EnsureFinite(ReadOnlySpan<float> parameters, ParameterLayout layout, string name)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            if (float.IsFinite(parameters[i])) continue;
            var layer = layout.Layers.Last(l => l.WeightOffset <= i);
            string part = i < layer.BiasOffset ? "weight" : "bias";
            throw new ArgumentException($"Parameter {i} (layer {layer.Index} {part}) is {parameters[i]}; parameters must be finite.", name);
        }
    }

    private BatchNetwork TakeNetwork(SampleSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != Spec.InputSize)
            throw new ArgumentException($"Samples have {data.InputSize} values but the model reads {Spec.InputSize} (window x features).", nameof(data));
        if (data.Count == 0) throw new ArgumentException("The sample set is empty.", nameof(data));
        // Buffers are sized for at most the data at hand: a device scoring 8 windows should not pin 256 windows' worth. Results do not
        // depend on the capacity: all samples fit in one batch, or batches hold EvaluationBatch samples as always.
        int capacity = Math.Min(Math.Clamp((1 << 22) / Layout.MaxActivationSize, 1, EvaluationBatch), data.Count);
        var network = ThreadNetworkCache.Rent(Layout, capacity);
        network.LoadParameters(Parameters);
        return network;
    }
}
