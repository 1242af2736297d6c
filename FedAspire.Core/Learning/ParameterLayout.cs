namespace FedAspire.Core.Learning;

/// <summary>
/// Where each layer's weights and bias live in a model's single contiguous parameter vector.
/// </summary>
/// <remarks>
/// Order: layer 0 weight, layer 0 bias, layer 1 weight, layer 1 bias, ... Weight layouts follow ONNX and PyTorch so export is a copy:
/// Dense [out, in] row-major (ONNX Gemm with transB = 1); Conv1d [outC, inC, k]; ConvTranspose1d [inC, outC, k]. Bias [out].
/// Activation shapes: a dense layer sees the flattened previous output; a convolution sees [channels, length].
/// </remarks>
public sealed class ParameterLayout
{
    /// <summary>Builds the layout of <paramref name="spec"/>, validating shapes.</summary>
    public ParameterLayout(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Features.Count == 0) throw new ArgumentException("A model spec needs at least one feature.", nameof(spec));
        if (spec.Features.Distinct(StringComparer.Ordinal).Count() != spec.Features.Count)
            throw new ArgumentException("Feature names must be unique.", nameof(spec));
        if (spec.Window < 1) throw new ArgumentException($"Window must be >= 1, got {spec.Window}.", nameof(spec));
        if (spec.Layers.Count == 0) throw new ArgumentException("A model spec needs at least one layer.", nameof(spec));
        bool conv = spec.Layers[0].Kind != LayerKind.Dense;
        if (spec.Layers.Any(l => (l.Kind != LayerKind.Dense) != conv))
            throw new ArgumentException("A model is either all dense or all convolutional; mixed stacks are not supported.", nameof(spec));

        int channels = conv ? spec.FeatureCount : 1;
        int length = conv ? spec.Window : spec.InputSize;
        int offset = 0;
        var layers = new LayerShape[spec.Layers.Count];
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            var l = spec.Layers[i];
            if (l.Outputs < 1) throw new ArgumentException($"Layer {i}: outputs must be >= 1.", nameof(spec));
            int outChannels, outLength, weightCount;
            switch (l.Kind)
            {
                case LayerKind.Dense:
                    outChannels = 1; outLength = l.Outputs; weightCount = l.Outputs * length;
                    break;
                case LayerKind.Conv1d:
                    CheckGeometry(i, l, length);
                    outChannels = l.Outputs; outLength = ConvOutputLength(length, l.Kernel, l.Stride, l.Padding);
                    weightCount = l.Outputs * channels * l.Kernel;
                    break;
                case LayerKind.ConvTranspose1d:
                    CheckGeometry(i, l, length);
                    if (l.OutputPadding < 0 || l.OutputPadding >= Math.Max(l.Stride, 1))
                        throw new ArgumentException($"Layer {i}: output padding {l.OutputPadding} must be in [0, stride).", nameof(spec));
                    outChannels = l.Outputs; outLength = ConvTransposeOutputLength(length, l.Kernel, l.Stride, l.Padding, l.OutputPadding);
                    weightCount = channels * l.Outputs * l.Kernel;
                    break;
                default:
                    throw new ArgumentException($"Layer {i}: unknown kind {l.Kind}.", nameof(spec));
            }
            if (outLength < 1) throw new ArgumentException($"Layer {i}: output length {outLength} < 1 (input length {length}).", nameof(spec));
            layers[i] = new LayerShape(i, l, channels, length, outChannels, outLength, offset, weightCount, offset + weightCount, l.Outputs);
            offset += weightCount + l.Outputs;
            channels = outChannels; length = outLength;
        }
        if (channels * length != spec.InputSize || (conv && (channels != spec.FeatureCount || length != spec.Window)))
            throw new ArgumentException(
                $"The last layer produces {channels}x{length} but an autoencoder must reproduce its input " +
                (conv ? $"{spec.FeatureCount}x{spec.Window}." : $"{spec.InputSize}."), nameof(spec));
        Spec = spec;
        Layers = layers;
        ParameterCount = offset;
        MaxActivationSize = layers.Max(s => Math.Max(s.InputSize, s.OutputSize));
    }

    /// <summary>The spec this layout describes.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Per-layer shapes and offsets, in order.</summary>
    public IReadOnlyList<LayerShape> Layers { get; }

    /// <summary>Total number of floats in the parameter vector.</summary>
    public int ParameterCount { get; }

    /// <summary>Largest per-sample activation (input or output of any layer), for sizing scratch buffers.</summary>
    public int MaxActivationSize { get; }

    /// <summary>floor((L + 2p - k) / s) + 1.</summary>
    public static int ConvOutputLength(int length, int kernel, int stride, int padding) => (length + 2 * padding - kernel) / stride + 1;

    /// <summary>(L - 1) s - 2p + k + outputPadding.</summary>
    public static int ConvTransposeOutputLength(int length, int kernel, int stride, int padding, int outputPadding) =>
        (length - 1) * stride - 2 * padding + kernel + outputPadding;

    private static void CheckGeometry(int index, LayerSpec l, int length)
    {
        if (l.Kernel < 1 || l.Stride < 1 || l.Padding < 0)
            throw new ArgumentException($"Layer {index}: kernel {l.Kernel}, stride {l.Stride}, padding {l.Padding} are not a valid geometry.");
        if (l.Kind == LayerKind.Conv1d && length + 2 * l.Padding < l.Kernel)
            throw new ArgumentException($"Layer {index}: kernel {l.Kernel} is longer than the padded input ({length} + 2x{l.Padding}).");
    }
}

/// <summary>Shapes and parameter offsets of one layer inside a <see cref="ParameterLayout"/>.</summary>
public sealed record LayerShape(
    int Index,
    LayerSpec Spec,
    int InputChannels,
    int InputLength,
    int OutputChannels,
    int OutputLength,
    int WeightOffset,
    int WeightCount,
    int BiasOffset,
    int BiasCount)
{
    /// <summary>Values per sample entering the layer.</summary>
    public int InputSize => InputChannels * InputLength;

    /// <summary>Values per sample leaving the layer.</summary>
    public int OutputSize => OutputChannels * OutputLength;
}
