namespace FedAspire.Core.Learning.Network;

/// <summary>PyTorch Conv1d over time-major padded frames: y[t, o] = f(b[o] + sum_{i,j} W[o, i, j] x[t*s - p + j, i]).</summary>
/// <remarks>
/// Because frames are channel-contiguous and padded with zero frames, the im2col row for output step t is the contiguous run of
/// k*C' floats starting at frame t*s - p: the forward pass is one GEMM per sample with row stride s*C' and no copying.
/// The input gradient is the GEMM dCol = dZ W (rows of k*C') folded back onto overlapping frames (col2im).
/// </remarks>
internal sealed unsafe class Conv1dLayer : NetworkLayer
{
    private readonly int _inChannels, _outChannels, _kernel, _stride, _padding, _patch;
    private readonly PinnedBuffer _patchByOutput;   // [(j, i'), o'] = W[o, i, j]
    private readonly PinnedBuffer _outputByPatch;   // [o, (j, i')] = W[o, i, j]
    private readonly PinnedBuffer _weightGradient;  // [(j, i'), o']
    private readonly PinnedBuffer _columns;         // [Lout, (j, i')]

    public Conv1dLayer(LayerShape shape, BufferShape input, BufferShape output) : base(shape, input, output)
    {
        var spec = shape.Spec;
        (_inChannels, _outChannels, _kernel, _stride, _padding) = (shape.InputChannels, shape.OutputChannels, spec.Kernel, spec.Stride, spec.Padding);
        if (input.Pad < _padding) throw new InvalidOperationException("input buffer padding is smaller than the convolution's.");
        _patch = _kernel * input.Channels;
        _patchByOutput = new PinnedBuffer(_patch * output.Channels);
        _outputByPatch = new PinnedBuffer(_outChannels * _patch);
        _weightGradient = new PinnedBuffer(_patch * output.Channels);
        _columns = new PinnedBuffer(output.Length * _patch);
    }

    protected override void PackWeights(ReadOnlySpan<float> weights)
    {
        int cin = Input.Channels, cout = Output.Channels;
        fixed (float* w = weights)
        {
            for (int j = 0; j < _kernel; j++)
                for (int i = 0; i < _inChannels; i++)
                    for (int o = 0; o < _outChannels; o++)
                        _patchByOutput.Pointer[(nint)(j * cin + i) * cout + o] = w[(o * _inChannels + i) * _kernel + j];
            for (int o = 0; o < _outChannels; o++)
                for (int j = 0; j < _kernel; j++)
                    for (int i = 0; i < _inChannels; i++)
                        _outputByPatch.Pointer[(nint)o * _patch + j * cin + i] = w[(o * _inChannels + i) * _kernel + j];
        }
    }

    private float* FirstPatch(float* input, int b) => input + (nint)b * Input.SampleStride + (nint)(Input.Pad - _padding) * Input.Channels;

    public override void Forward(int batch, float* input, float* output)
    {
        var epilogue = Activation == Activation.Relu ? GemmEpilogue.Relu : GemmEpilogue.Store;
        for (int b = 0; b < batch; b++)
            MatrixKernels.Multiply(Output.Length, Output.Channels, _patch, FirstPatch(input, b), _stride * Input.Channels, 1,
                _patchByOutput.Pointer, Output.Channels, output + (nint)b * Output.SampleStride + Output.InteriorOffset, Output.Channels,
                PackedBias.Pointer, epilogue);
        ApplyActivation(batch, output);
    }

    public override void Backward(int batch, float* input, float* outputGradient, float* inputGradient, Activation inputActivation,
        float* parameters, float* gradient)
    {
        int cin = Input.Channels, cout = Output.Channels;
        // dW[(j, i), o] = sum_{b, t} x[t*s - p + j, i] dZ[t, o]: A is the im2col view read transposed.
        for (int b = 0; b < batch; b++)
            MatrixKernels.Multiply(_patch, cout, Output.Length, FirstPatch(input, b), 1, _stride * cin,
                outputGradient + (nint)b * Output.SampleStride + Output.InteriorOffset, cout,
                _weightGradient.Pointer, cout, null, b == 0 ? GemmEpilogue.Store : GemmEpilogue.Accumulate);
        float* dw = gradient + Shape.WeightOffset;
        for (int o = 0; o < _outChannels; o++)
            for (int i = 0; i < _inChannels; i++)
                for (int j = 0; j < _kernel; j++)
                    dw[(o * _inChannels + i) * _kernel + j] = _weightGradient.Pointer[(nint)(j * cin + i) * cout + o];
        BiasGradient(batch, outputGradient, gradient);
        if (inputGradient == null) return;

        for (int b = 0; b < batch; b++)
        {
            // dCol[t, (j, i)] = sum_o dZ[t, o] W[o, i, j], then scatter-add onto frames t*s - p + j.
            MatrixKernels.Multiply(Output.Length, _patch, _outChannels, outputGradient + (nint)b * Output.SampleStride + Output.InteriorOffset, cout, 1,
                _outputByPatch.Pointer, _patch, _columns.Pointer, _patch, null, GemmEpilogue.Store);
            var sample = new Span<float>(inputGradient + (nint)b * Input.SampleStride, Input.SampleStride);
            sample.Clear();
            float* first = FirstPatch(inputGradient, b);
            for (int t = 0; t < Output.Length; t++)
            {
                float* target = first + (nint)t * _stride * cin;
                MatrixKernels.Add(target, _columns.Pointer + (nint)t * _patch, target, _patch);
            }
            // The padding frames collected gradient for the zeros; they must read as zero again.
            sample[..Input.InteriorOffset].Clear();
            sample[(Input.InteriorOffset + Input.InteriorSize)..].Clear();
        }
        ApplyInputDerivative(batch, input, inputGradient, inputActivation, reluFused: false);
    }
}
