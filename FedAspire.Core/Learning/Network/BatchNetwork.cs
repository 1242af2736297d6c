using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedAspire.Core.Learning.Network;

/// <summary>
/// An autoencoder's layers plus every buffer one mini-batch needs, allocated once (pinned) for a fixed batch capacity:
/// gather samples, forward, masked loss, backward into a parameter-shaped gradient. Not thread-safe; one per trainer.
/// </summary>
internal sealed unsafe class BatchNetwork
{
    private readonly NetworkLayer[] _layers;
    private readonly BufferShape[] _shapes;
    private readonly PinnedBuffer[] _activations;  // boundary i: input of layer i; the last is the reconstruction
    private readonly PinnedBuffer[] _gradients;    // dL/d(pre-activation) at boundary i >= 1
    private readonly PinnedBuffer _mask;           // [batch, InputSize]; the targets z are the input buffer itself
    private readonly float[] _weights;             // 1 / max(observed, 1) per sample
    private readonly int _inputSize;
    private int _loaded;
    private bool _masked;

    public BatchNetwork(ParameterLayout layout, int batchCapacity)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (batchCapacity < 1) throw new ArgumentOutOfRangeException(nameof(batchCapacity), batchCapacity, "Batch capacity must be >= 1.");
        Layout = layout;
        BatchCapacity = batchCapacity;
        _inputSize = layout.Spec.InputSize;
        var layers = layout.Layers;
        bool conv = layout.Spec.IsConvolutional;
        _shapes = new BufferShape[layers.Count + 1];
        for (int i = 0; i <= layers.Count; i++)
        {
            int channels = i < layers.Count ? layers[i].InputChannels : layers[^1].OutputChannels;
            int length = i < layers.Count ? layers[i].InputLength : layers[^1].OutputLength;
            if (!conv)
            {
                _shapes[i] = BufferShape.Create(channels * length, 1, 0);
                continue;
            }
            // A Conv1d reads p zero frames around its input; a ConvTranspose1d's backward reads p zero frames around dZ of its output.
            int pad = 0;
            if (i < layers.Count && layers[i].Spec.Kind == LayerKind.Conv1d) pad = Math.Max(pad, layers[i].Spec.Padding);
            if (i > 0 && layers[i - 1].Spec.Kind == LayerKind.ConvTranspose1d) pad = Math.Max(pad, layers[i - 1].Spec.Padding);
            _shapes[i] = BufferShape.Create(channels, length, pad);
        }
        _layers = new NetworkLayer[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            _layers[i] = layers[i].Spec.Kind switch
            {
                LayerKind.Dense => new DenseLayer(layers[i], _shapes[i], _shapes[i + 1], layout.ParameterCount),
                LayerKind.Conv1d => new Conv1dLayer(layers[i], _shapes[i], _shapes[i + 1]),
                _ => new ConvTranspose1dLayer(layers[i], _shapes[i], _shapes[i + 1]),
            };
        }
        _activations = _shapes.Select(s => new PinnedBuffer(s.SampleStride * batchCapacity)).ToArray();
        _gradients = _shapes.Select((s, i) => i == 0 ? null! : new PinnedBuffer(s.SampleStride * batchCapacity)).ToArray();
        _mask = new PinnedBuffer(_inputSize * batchCapacity);
        _weights = new float[batchCapacity];
    }

    /// <summary>The model layout the buffers were sized for.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Most samples one batch can hold.</summary>
    public int BatchCapacity { get; }

    /// <summary>Samples currently loaded.</summary>
    public int BatchSize => _loaded;

    /// <summary>Repacks every layer's weights from <paramref name="parameters"/>.</summary>
    public void LoadParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != Layout.ParameterCount)
            throw new ArgumentException($"Expected {Layout.ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        foreach (var layer in _layers) layer.Pack(parameters);
    }

    /// <summary>Gathers samples <paramref name="rows"/> of <paramref name="data"/> into the input buffer.</summary>
    public void LoadBatch(SampleSet data, ReadOnlySpan<int> rows)
    {
        Begin(data, rows.Length);
        LoadRows(data, rows, 0);
    }

    /// <summary>
    /// Starts pulling samples <paramref name="rows"/> of <paramref name="data"/> towards the core (L2) so a later
    /// <see cref="LoadBatch(SampleSet, ReadOnlySpan{int})"/> of them does not wait on memory; a hint only, so it never fails.
    /// </summary>
    /// <remarks>Shuffled rows of a sample set larger than L2 otherwise cost one memory round trip per row while the batch is gathered.</remarks>
    public void Prefetch(SampleSet data, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Sse.IsSupported || data.InputSize != _inputSize) return;
        const int LineFloats = 16;
        fixed (float* values = data.Values, mask = data.Mask)
        {
            foreach (int row in rows)
            {
                if ((uint)row >= (uint)data.Count) continue;
                float* first = values + (nint)row * _inputSize;
                for (int i = 0; i < _inputSize; i += LineFloats) Sse.Prefetch1(first + i);
                Sse.Prefetch1(first + _inputSize - 1);
                if (mask == null) continue;
                first = mask + (nint)row * _inputSize;
                for (int i = 0; i < _inputSize; i += LineFloats) Sse.Prefetch1(first + i);
                Sse.Prefetch1(first + _inputSize - 1);
            }
        }
    }

    /// <summary>Gathers samples [start, start + count) of <paramref name="data"/> into the input buffer.</summary>
    public void LoadBatch(SampleSet data, int start, int count)
    {
        Begin(data, count);
        LoadRows(data, [], start);
    }

    private void Begin(SampleSet data, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != _inputSize)
            throw new ArgumentException($"Samples have {data.InputSize} values but the model reads {_inputSize} (window x features).", nameof(data));
        if (count < 1 || count > BatchCapacity) throw new ArgumentOutOfRangeException(nameof(count), count, $"A batch holds 1..{BatchCapacity} samples.");
        _loaded = count;
        _masked = data.Mask is not null;
    }

    // Pointer copies: at ~200 bytes per sample, span slicing and bounds checks cost as much as the copy itself.
    private void LoadRows(SampleSet data, ReadOnlySpan<int> rows, int start)
    {
        var shape = _shapes[0];
        int width = shape.RealChannels, count = _loaded;
        var inverseObserved = data.InverseObservedCount;
        fixed (float* values = data.Values, mask = data.Mask)
        {
            for (int slot = 0; slot < count; slot++)
            {
                int row = rows.IsEmpty ? start + slot : rows[slot];
                if ((uint)row >= (uint)data.Count)
                    throw new ArgumentOutOfRangeException(nameof(rows), row, $"Sample {row} is outside the {data.Count} samples.");
                nint at = (nint)row * _inputSize;
                if (mask != null)
                    Buffer.MemoryCopy(mask + at, _mask.Pointer + (nint)slot * _inputSize, (long)_inputSize * sizeof(float), (long)_inputSize * sizeof(float));
                _weights[slot] = inverseObserved[row];
                float* sample = _activations[0].Pointer + (nint)slot * shape.SampleStride + shape.InteriorOffset;
                for (int t = 0; t < shape.Length; t++)
                    Buffer.MemoryCopy(values + at + (nint)t * width, sample + (nint)t * shape.Channels, (long)width * sizeof(float), (long)width * sizeof(float));
            }
        }
    }

    /// <summary>Runs every layer over the loaded batch.</summary>
    public void Forward()
    {
        for (int i = 0; i < _layers.Length; i++) _layers[i].Forward(_loaded, _activations[i].Pointer, _activations[i + 1].Pointer);
    }

    /// <summary>Per-sample masked MSE of the loaded batch (after <see cref="Forward"/>): sum_i m_i (r_i - z_i)^2 / max(sum_i m_i, 1).</summary>
    public void Scores(Span<float> scores)
    {
        if (scores.Length < _loaded) throw new ArgumentException($"scores holds {scores.Length} values, the batch {_loaded}.", nameof(scores));
        for (int b = 0; b < _loaded; b++) scores[b] = SampleError(b, null, 0f);
    }

    /// <summary>Sum of the loaded batch's scores (after <see cref="Forward"/>).</summary>
    public double SumOfScores()
    {
        double total = 0;
        for (int b = 0; b < _loaded; b++) total += SampleError(b, null, 0f);
        return total;
    }

    /// <summary>
    /// Writes dL/d(pre-activation of the last layer) for L = mean of the batch's scores, and returns sum of the scores.
    /// </summary>
    public double OutputGradient()
    {
        double total = 0;
        float scale = 2f / _loaded;
        var shape = _shapes[^1];
        var gradient = _gradients[^1];
        for (int b = 0; b < _loaded; b++)
        {
            total += SampleError(b, gradient.Pointer + (nint)b * shape.SampleStride + shape.InteriorOffset, scale * _weights[b]);
        }
        var activation = _layers[^1].Activation;
        if (activation != Activation.Identity)
        {
            for (int b = 0; b < _loaded; b++)
            {
                int at = b * shape.SampleStride + shape.InteriorOffset;
                ActivationKernels.MultiplyByDerivative(activation, gradient.Span.Slice(at, shape.InteriorSize), _activations[^1].Span.Slice(at, shape.InteriorSize));
            }
        }
        return total;
    }

    // Score of sample b; when gradient is not null also writes gradientScale * m (r - z) into its real channels.
    private float SampleError(int b, float* gradient, float gradientScale)
    {
        var output = _shapes[^1];
        var input = _shapes[0];
        float* r = _activations[^1].Pointer + (nint)b * output.SampleStride + output.InteriorOffset;
        float* z = _activations[0].Pointer + (nint)b * input.SampleStride + input.InteriorOffset;
        float* m = _mask.Pointer + (nint)b * _inputSize;
        int width = output.RealChannels, channels = output.Channels;
        bool masked = _masked, writeGradient = gradient != null;
        var sum = Vector256<float>.Zero;
        var scale = Vector256.Create(gradientScale);
        float tail = 0f;
        for (int t = 0; t < output.Length; t++, r += channels, z += channels, m += width, gradient += channels)
        {
            int c = 0;
            for (; c + MatrixKernels.Lane <= width; c += MatrixKernels.Lane)
            {
                var d = Vector256.Load(r + c) - Vector256.Load(z + c);
                if (masked) d *= Vector256.Load(m + c);
                sum += d * d;
                if (writeGradient) Vector256.Store(scale * d, gradient + c);
            }
            for (; c < width; c++)
            {
                float d = r[c] - z[c];
                if (masked) d *= m[c];
                tail += d * d;
                if (writeGradient) gradient[c] = gradientScale * d;
            }
        }
        return (Vector256.Sum(sum) + tail) * _weights[b];
    }

    /// <summary>
    /// Backpropagates <see cref="OutputGradient"/> through every layer into <paramref name="gradient"/> (overwritten);
    /// <paramref name="parameters"/> must hold the values last passed to <see cref="LoadParameters"/> (dense layers read W from it in place).
    /// </summary>
    public void Backward(float* parameters, float* gradient)
    {
        for (int i = _layers.Length - 1; i >= 0; i--)
            _layers[i].Backward(_loaded, _activations[i].Pointer, _gradients[i + 1].Pointer, i > 0 ? _gradients[i].Pointer : null,
                i > 0 ? _layers[i - 1].Activation : Activation.Identity, parameters, gradient);
    }

    /// <summary>Copies the loaded batch's reconstruction, sample layout, into <paramref name="destination"/>.</summary>
    public void CopyReconstruction(Span<float> destination)
    {
        var shape = _shapes[^1];
        int width = shape.RealChannels;
        var output = _activations[^1].Span;
        for (int b = 0; b < _loaded; b++)
            for (int t = 0; t < shape.Length; t++)
                output.Slice(b * shape.SampleStride + shape.InteriorOffset + t * shape.Channels, width)
                    .CopyTo(destination.Slice(b * _inputSize + t * width, width));
    }
}
