namespace FedAspire.Core.Learning.Network;

/// <summary>
/// PyTorch ConvTranspose1d over time-major frames: y[t, o] = f(b[o] + sum_{i, ti, j : ti*s - p + j = t} W[i, o, j] x[ti, i]),
/// output length (L - 1) s - 2p + k + outputPadding.
/// </summary>
/// <remarks>
/// Forward: one GEMM col[ti, (j, o')] = x[ti, :] W[:, (o, j)] per sample, scatter-added onto frames ti*s + j of a scratch that starts p
/// frames early. Backward is a plain convolution of the zero-padded dZ (the same strided im2col view as <see cref="Conv1dLayer"/>).
/// </remarks>
internal sealed unsafe class ConvTranspose1dLayer : NetworkLayer
{
    private readonly int _inChannels, _outChannels, _kernel, _stride, _padding, _patch;
    private readonly PinnedBuffer _inputByPatch;    // [i, (j, o')] = W[i, o, j]
    private readonly PinnedBuffer _patchByInput;    // [(j, o'), i'] = W[i, o, j]
    private readonly PinnedBuffer _weightGradient;  // [i, (j, o')]
    private readonly PinnedBuffer _columns;         // [Lin, (j, o')]
    private readonly PinnedBuffer _frames;          // scatter target, frame f = output step f - p

    public ConvTranspose1dLayer(LayerShape shape, BufferShape input, BufferShape output) : base(shape, input, output)
    {
        var spec = shape.Spec;
        (_inChannels, _outChannels, _kernel, _stride, _padding) = (shape.InputChannels, shape.OutputChannels, spec.Kernel, spec.Stride, spec.Padding);
        if (output.Pad < _padding) throw new InvalidOperationException("output buffer padding is smaller than the transposed convolution's.");
        _patch = _kernel * output.Channels;
        _inputByPatch = new PinnedBuffer(_inChannels * _patch);
        _patchByInput = new PinnedBuffer(_patch * input.Channels);
        _weightGradient = new PinnedBuffer(_inChannels * _patch);
        _columns = new PinnedBuffer(input.Length * _patch);
        _frames = new PinnedBuffer(((input.Length - 1) * _stride + _kernel + output.Length + 2 * _padding) * output.Channels);
    }

    protected override void PackWeights(ReadOnlySpan<float> weights)
    {
        int cin = Input.Channels, cout = Output.Channels;
        fixed (float* w = weights)
        {
            for (int i = 0; i < _inChannels; i++)
                for (int j = 0; j < _kernel; j++)
                    for (int o = 0; o < _outChannels; o++)
                        _inputByPatch.Pointer[(nint)i * _patch + j * cout + o] = w[(i * _outChannels + o) * _kernel + j];
            for (int j = 0; j < _kernel; j++)
                for (int o = 0; o < _outChannels; o++)
                    for (int i = 0; i < _inChannels; i++)
                        _patchByInput.Pointer[(nint)(j * cout + o) * cin + i] = w[(i * _outChannels + o) * _kernel + j];
        }
    }

    private float* FirstPatch(float* outputGradient, int b) =>
        outputGradient + (nint)b * Output.SampleStride + (nint)(Output.Pad - _padding) * Output.Channels;

    public override void Forward(int batch, float* input, float* output)
    {
        int cout = Output.Channels;
        float* frames = _frames.Pointer, bias = PackedBias.Pointer;
        for (int b = 0; b < batch; b++)
        {
            MatrixKernels.Multiply(Input.Length, _patch, _inChannels, input + (nint)b * Input.SampleStride + Input.InteriorOffset, Input.Channels, 1,
                _inputByPatch.Pointer, _patch, _columns.Pointer, _patch, null, GemmEpilogue.Store);
            _frames.Span.Clear();
            for (int ti = 0; ti < Input.Length; ti++)
            {
                float* target = frames + (nint)ti * _stride * cout;
                MatrixKernels.Add(target, _columns.Pointer + (nint)ti * _patch, target, _patch);
            }
            float* sample = output + (nint)b * Output.SampleStride + Output.InteriorOffset;
            for (int t = 0; t < Output.Length; t++)
                MatrixKernels.Add(frames + (nint)(t + _padding) * cout, bias, sample + (nint)t * cout, cout);
            if (Activation == Activation.Relu) ActivationKernels.Relu(new Span<float>(sample, Output.InteriorSize));
        }
        ApplyActivation(batch, output);
    }

    public override void Backward(int batch, float* input, float* outputGradient, float* inputGradient, Activation inputActivation,
        float* parameters, float* gradient)
    {
        int cin = Input.Channels, cout = Output.Channels;
        // dW[i, (j, o)] = sum_{b, ti} x[ti, i] dZ[ti*s - p + j, o]
        for (int b = 0; b < batch; b++)
            MatrixKernels.Multiply(_inChannels, _patch, Input.Length, input + (nint)b * Input.SampleStride + Input.InteriorOffset, 1, cin,
                FirstPatch(outputGradient, b), _stride * cout, _weightGradient.Pointer, _patch, null,
                b == 0 ? GemmEpilogue.Store : GemmEpilogue.Accumulate);
        float* dw = gradient + Shape.WeightOffset;
        for (int i = 0; i < _inChannels; i++)
            for (int o = 0; o < _outChannels; o++)
                for (int j = 0; j < _kernel; j++)
                    dw[(i * _outChannels + o) * _kernel + j] = _weightGradient.Pointer[(nint)i * _patch + j * cout + o];
        BiasGradient(batch, outputGradient, gradient);
        if (inputGradient == null) return;

        // dX[ti, i] = sum_{j, o} dZ[ti*s - p + j, o] W[i, o, j]: a convolution of the zero-padded dZ.
        var epilogue = inputActivation == Activation.Relu ? GemmEpilogue.ReluGradient : GemmEpilogue.Store;
        for (int b = 0; b < batch; b++)
        {
            nint at = (nint)b * Input.SampleStride + Input.InteriorOffset;
            MatrixKernels.Multiply(Input.Length, cin, _patch, FirstPatch(outputGradient, b), _stride * cout, 1,
                _patchByInput.Pointer, cin, inputGradient + at, cin, null, epilogue, input + at, cin);
        }
        ApplyInputDerivative(batch, input, inputGradient, inputActivation, reluFused: true);
    }
}
