namespace FedAspire.Core.Learning;

/// <summary>
/// The serializable description of an autoencoder: which named features it reads, over how many time steps, and its layers.
/// It travels with every global model version, so any node can rebuild the model and read its parameter vector.
/// </summary>
/// <remarks>
/// A sample is a window of <see cref="Window"/> consecutive readings of <see cref="Features"/>, stored time-major:
/// value (t, f) is at index t * Features.Count + f. Dense models flatten the window; convolutional models treat
/// features as channels and time as length. The last layer must reproduce the input shape.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record ModelSpec(
    [property: Id(0)] IReadOnlyList<string> Features,
    [property: Id(1)] int Window,
    [property: Id(2)] IReadOnlyList<LayerSpec> Layers)
{
    /// <summary>Number of features (sensors).</summary>
    public int FeatureCount => Features.Count;

    /// <summary>Values per sample: window x features.</summary>
    public int InputSize => Window * Features.Count;

    /// <summary>True when every layer is a convolution (the model reads [features, window] as channels x length).</summary>
    public bool IsConvolutional => Layers.Count > 0 && Layers.All(l => l.Kind != LayerKind.Dense);

    /// <summary>
    /// A dense autoencoder over single readings, e.g. hidden [16, 4, 16] on 8 features gives 8-16-4-16-8.
    /// Hidden layers use <paramref name="hidden"/> activation; the output layer is linear (normalized targets are unbounded).
    /// </summary>
    public static ModelSpec DenseAutoencoder(IReadOnlyList<string> features, IReadOnlyList<int> hidden, Activation activation = Activation.Relu, int window = 1)
    {
        var layers = new List<LayerSpec>(hidden.Count + 1);
        foreach (var units in hidden) layers.Add(LayerSpec.Dense(units, activation));
        layers.Add(LayerSpec.Dense(window * features.Count, Activation.Identity));
        var spec = new ModelSpec(features.ToArray(), window, layers);
        spec.Validate();
        return spec;
    }

    /// <summary>
    /// A 1-D convolutional autoencoder: each entry of <paramref name="channels"/> adds a stride-2 Conv1d encoder stage (kernel 3, padding 1)
    /// and a mirrored ConvTranspose1d decoder stage whose output padding makes lengths round-trip exactly; a final linear ConvTranspose1d
    /// back to the feature count (stride 1) closes the model.
    /// </summary>
    public static ModelSpec ConvAutoencoder(IReadOnlyList<string> features, int window, IReadOnlyList<int> channels, Activation activation = Activation.Relu)
    {
        const int kernel = 3, stride = 2, padding = 1;
        var lengths = new List<int> { window };
        var layers = new List<LayerSpec>();
        foreach (var c in channels)
        {
            layers.Add(LayerSpec.Conv(c, kernel, stride, padding, activation));
            lengths.Add(ParameterLayout.ConvOutputLength(lengths[^1], kernel, stride, padding));
        }
        for (int i = channels.Count - 1; i >= 1; i--)
        {
            int target = lengths[i];
            int outputPadding = target - ParameterLayout.ConvTransposeOutputLength(lengths[i + 1], kernel, stride, padding, 0);
            layers.Add(LayerSpec.ConvTranspose(channels[i - 1], kernel, stride, padding, outputPadding, activation));
        }
        {
            int outputPadding = window - ParameterLayout.ConvTransposeOutputLength(lengths[1], kernel, stride, padding, 0);
            layers.Add(LayerSpec.ConvTranspose(features.Count, kernel, stride, padding, outputPadding, Activation.Identity));
        }
        var spec = new ModelSpec(features.ToArray(), window, layers);
        spec.Validate();
        return spec;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a precise message when the spec cannot form an autoencoder.</summary>
    public void Validate() => _ = new ParameterLayout(this);

    /// <summary>
    /// A warning when the narrowest layer (the code) is at least as wide as the input: such an autoencoder can learn the identity and
    /// reconstruct anomalies as well as normal data; null when the code is narrower.
    /// </summary>
    public string? BottleneckWarning()
    {
        var layout = new ParameterLayout(this);
        int code = layout.Layers.Take(layout.Layers.Count - 1).Select(l => l.OutputSize).DefaultIfEmpty(InputSize).Min();
        return code < InputSize ? null
            : $"the narrowest layer holds {code} values for an input of {InputSize} ({Window} reading(s) x {FeatureCount} sensor(s)): the autoencoder "
              + "can learn the identity and reconstruct anomalies too; use a narrower code or a longer window.";
    }
}
