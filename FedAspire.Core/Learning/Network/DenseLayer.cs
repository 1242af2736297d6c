namespace FedAspire.Core.Learning.Network;

/// <summary>y = f(x W^T + b) over a batch, W [out, in] row-major as in the parameter vector.</summary>
/// <remarks>
/// Forward uses W^T packed as [in, out'] so the kernel vectorizes along outputs; the input gradient dX = dZ W uses W packed as [out, in'];
/// the weight gradient dW = dZ^T X reads dZ transposed through strides. Primes mark widths padded to the vector lane.
/// </remarks>
internal sealed unsafe class DenseLayer : NetworkLayer
{
    private readonly int _in, _out;
    private readonly PinnedBuffer _weightsByInput;   // [in, out']
    private readonly PinnedBuffer _weightsByOutput;  // [out, in']
    private readonly PinnedBuffer _weightGradient;   // [out, in']

    public DenseLayer(LayerShape shape, BufferShape input, BufferShape output) : base(shape, input, output)
    {
        _in = shape.InputSize;
        _out = shape.OutputSize;
        _weightsByInput = new PinnedBuffer(_in * output.Channels);
        _weightsByOutput = new PinnedBuffer(_out * input.Channels);
        _weightGradient = new PinnedBuffer(_out * input.Channels);
    }

    public override long ForwardMultiplyAdds => (long)_in * _out;

    protected override void PackWeights(ReadOnlySpan<float> weights)
    {
        int ldIn = Input.Channels, ldOut = Output.Channels;
        float* byInput = _weightsByInput.Pointer, byOutput = _weightsByOutput.Pointer;
        for (int o = 0; o < _out; o++)
        {
            var row = weights.Slice(o * _in, _in);
            row.CopyTo(new Span<float>(byOutput + (nint)o * ldIn, _in));
            for (int i = 0; i < row.Length; i++) byInput[(nint)i * ldOut + o] = row[i];
        }
    }

    public override void Forward(int batch, float* input, float* output)
    {
        MatrixKernels.Multiply(batch, Output.Channels, _in, input, Input.SampleStride, 1, _weightsByInput.Pointer, Output.Channels,
            output, Output.SampleStride, PackedBias.Pointer, Activation == Activation.Relu ? GemmEpilogue.Relu : GemmEpilogue.Store);
        ApplyActivation(batch, output);
    }

    public override void Backward(int batch, float* input, float* outputGradient, float* inputGradient, Activation inputActivation, float* gradient)
    {
        int ldIn = Input.Channels;
        // dW[o, i] = sum_b dZ[b, o] X[b, i]
        MatrixKernels.Multiply(_out, ldIn, batch, outputGradient, 1, Output.SampleStride, input, Input.SampleStride,
            _weightGradient.Pointer, ldIn, null, GemmEpilogue.Store);
        float* dw = gradient + Shape.WeightOffset;
        for (int o = 0; o < _out; o++)
            new ReadOnlySpan<float>(_weightGradient.Pointer + (nint)o * ldIn, _in).CopyTo(new Span<float>(dw + (nint)o * _in, _in));
        BiasGradient(batch, outputGradient, gradient);
        if (inputGradient == null) return;

        // dX[b, i] = sum_o dZ[b, o] W[o, i], times f'(x) of the previous layer
        MatrixKernels.Multiply(batch, ldIn, _out, outputGradient, Output.SampleStride, 1, _weightsByOutput.Pointer, ldIn,
            inputGradient, Input.SampleStride, null, inputActivation == Activation.Relu ? GemmEpilogue.ReluGradient : GemmEpilogue.Store,
            input, Input.SampleStride);
        ApplyInputDerivative(batch, input, inputGradient, inputActivation, reluFused: true);
    }
}
