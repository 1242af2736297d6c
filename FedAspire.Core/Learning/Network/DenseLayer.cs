using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedAspire.Core.Learning.Network;

/// <summary>y = f(x W^T + b) over a batch, W [out, in] row-major as in the parameter vector.</summary>
/// <remarks>
/// Forward uses W^T packed as [in, out'] so the kernel vectorizes along outputs; the input gradient dX = dZ W reads W's rows straight
/// from the parameter vector; the weight gradient dW = dZ^T X reads dZ transposed through strides and is stored straight into the
/// gradient vector. Primes mark widths padded to the vector lane. dX's padding columns hold W's neighbouring values times dZ (the
/// kernel reads whole vectors past a row's end); nothing reads them: every consumer of a gradient buffer stops at the real channels.
/// </remarks>
internal sealed unsafe class DenseLayer : NetworkLayer
{
    private readonly int _in, _out;
    private readonly PinnedBuffer _weightsByInput;   // [in, out']
    private readonly PinnedBuffer? _weightsCopy;     // [out, in] + slack, only when reading whole vectors past W's end would leave the vector

    /// <param name="parameterCount">Length of the parameter vector the layer reads W from in <see cref="Backward"/>.</param>
    public DenseLayer(LayerShape shape, BufferShape input, BufferShape output, int parameterCount) : base(shape, input, output)
    {
        _in = shape.InputSize;
        _out = shape.OutputSize;
        _weightsByInput = new PinnedBuffer(_in * output.Channels);
        // dX reads W rows as input.Channels-wide vectors: the last row runs input.Channels - in floats into the bias and beyond.
        if (shape.WeightOffset + shape.WeightCount + input.Channels - _in > parameterCount)
            _weightsCopy = new PinnedBuffer(shape.WeightCount + MatrixKernels.Lane);
    }

    protected override void PackWeights(ReadOnlySpan<float> weights)
    {
        int ldOut = Output.Channels;
        float* byInput = _weightsByInput.Pointer;
        if (_weightsCopy is not null) weights.CopyTo(_weightsCopy.Span);
        fixed (float* w = weights)
        {
            int i0 = 0;
            if (Avx.IsSupported)
            {
                for (; i0 + 8 <= _in; i0 += 8)
                {
                    int o0 = 0;
                    for (; o0 + 8 <= _out; o0 += 8) Transpose8x8(w + (nint)o0 * _in + i0, _in, byInput + (nint)i0 * ldOut + o0, ldOut);
                    for (; o0 < _out; o0++)
                        for (int i = i0; i < i0 + 8; i++) byInput[(nint)i * ldOut + o0] = w[(nint)o0 * _in + i];
                }
            }
            for (int i = i0; i < _in; i++)
            {
                float* target = byInput + (nint)i * ldOut;
                for (int o = 0; o < _out; o++) target[o] = w[(nint)o * _in + i];
            }
        }
    }

    // The classic AVX 8x8 transpose: unpack pairs of rows, shuffle 2x2 blocks, swap 128-bit halves.
    private static void Transpose8x8(float* source, int sourceStride, float* target, int targetStride)
    {
        var r0 = Vector256.Load(source); var r1 = Vector256.Load(source + sourceStride);
        var r2 = Vector256.Load(source + 2 * (nint)sourceStride); var r3 = Vector256.Load(source + 3 * (nint)sourceStride);
        var r4 = Vector256.Load(source + 4 * (nint)sourceStride); var r5 = Vector256.Load(source + 5 * (nint)sourceStride);
        var r6 = Vector256.Load(source + 6 * (nint)sourceStride); var r7 = Vector256.Load(source + 7 * (nint)sourceStride);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Vector256.Store(Avx.Permute2x128(u0, u4, 0x20), target);
        Vector256.Store(Avx.Permute2x128(u1, u5, 0x20), target + targetStride);
        Vector256.Store(Avx.Permute2x128(u2, u6, 0x20), target + 2 * (nint)targetStride);
        Vector256.Store(Avx.Permute2x128(u3, u7, 0x20), target + 3 * (nint)targetStride);
        Vector256.Store(Avx.Permute2x128(u0, u4, 0x31), target + 4 * (nint)targetStride);
        Vector256.Store(Avx.Permute2x128(u1, u5, 0x31), target + 5 * (nint)targetStride);
        Vector256.Store(Avx.Permute2x128(u2, u6, 0x31), target + 6 * (nint)targetStride);
        Vector256.Store(Avx.Permute2x128(u3, u7, 0x31), target + 7 * (nint)targetStride);
    }

    public override void Forward(int batch, float* input, float* output)
    {
        MatrixKernels.Multiply(batch, Output.Channels, _in, input, Input.SampleStride, 1, _weightsByInput.Pointer, Output.Channels,
            output, Output.SampleStride, PackedBias.Pointer, Activation == Activation.Relu ? GemmEpilogue.Relu : GemmEpilogue.Store);
        ApplyActivation(batch, output);
    }

    public override void Backward(int batch, float* input, float* outputGradient, float* inputGradient, Activation inputActivation,
        float* parameters, float* gradient)
    {
        // dW[o, i] = sum_b dZ[b, o] X[b, i]
        MatrixKernels.Multiply(_out, _in, batch, outputGradient, 1, Output.SampleStride, input, Input.SampleStride,
            gradient + Shape.WeightOffset, _in, null, GemmEpilogue.Store);
        BiasGradient(batch, outputGradient, gradient);
        if (inputGradient == null) return;

        // dX[b, i] = sum_o dZ[b, o] W[o, i], times f'(x) of the previous layer
        float* weights = _weightsCopy is null ? parameters + Shape.WeightOffset : _weightsCopy.Pointer;
        MatrixKernels.Multiply(batch, Input.Channels, _out, outputGradient, Output.SampleStride, 1, weights, _in,
            inputGradient, Input.SampleStride, null, inputActivation == Activation.Relu ? GemmEpilogue.ReluGradient : GemmEpilogue.Store,
            input, Input.SampleStride);
        ApplyInputDerivative(batch, input, inputGradient, inputActivation, reluFused: true);
    }
}
