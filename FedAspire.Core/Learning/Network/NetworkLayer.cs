using System.Runtime.Intrinsics;

namespace FedAspire.Core.Learning.Network;

/// <summary>One layer's batched forward and backward pass over padded batch buffers, with its weights repacked for the kernels.</summary>
internal abstract unsafe class NetworkLayer
{
    protected NetworkLayer(LayerShape shape, BufferShape input, BufferShape output)
    {
        Shape = shape;
        Input = input;
        Output = output;
        PackedBias = new PinnedBuffer(output.Channels);
    }

    /// <summary>Shapes and parameter offsets from the model's layout.</summary>
    public LayerShape Shape { get; }

    /// <summary>Geometry of the input batch buffer.</summary>
    public BufferShape Input { get; }

    /// <summary>Geometry of the output batch buffer.</summary>
    public BufferShape Output { get; }

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation => Shape.Spec.Activation;

    /// <summary>Bias padded to the output channel stride.</summary>
    protected PinnedBuffer PackedBias { get; }

    /// <summary>Copies this layer's weights out of the parameter vector into the kernels' layouts.</summary>
    public void Pack(ReadOnlySpan<float> parameters)
    {
        parameters.Slice(Shape.BiasOffset, Shape.BiasCount).CopyTo(PackedBias.Span);
        PackWeights(parameters.Slice(Shape.WeightOffset, Shape.WeightCount));
    }

    /// <summary>Output interior = activation(layer(input)) for <paramref name="batch"/> samples.</summary>
    public abstract void Forward(int batch, float* input, float* output);

    /// <summary>
    /// Given dL/d(pre-activation) in <paramref name="outputGradient"/>, writes dL/dW and dL/db into <paramref name="gradient"/> (a whole
    /// parameter-vector-shaped buffer; this layer's slice is overwritten) and, when <paramref name="inputGradient"/> is not null,
    /// dL/d(pre-activation) of the previous layer through <paramref name="inputActivation"/>. <paramref name="parameters"/> is the whole
    /// parameter vector the layer was packed from.
    /// </summary>
    public abstract void Backward(int batch, float* input, float* outputGradient, float* inputGradient, Activation inputActivation,
        float* parameters, float* gradient);

    protected abstract void PackWeights(ReadOnlySpan<float> weights);

    /// <summary>Applies a non-ReLU activation over each sample's interior (ReLU is fused into the kernels).</summary>
    protected void ApplyActivation(int batch, float* output)
    {
        if (Activation is Activation.Identity or Activation.Relu) return;
        for (int b = 0; b < batch; b++)
            ActivationKernels.Apply(Activation, new Span<float>(output + (nint)b * Output.SampleStride + Output.InteriorOffset, Output.InteriorSize));
    }

    /// <summary>gradient *= f'(input) over each input sample's interior, for activations the kernels do not fuse.</summary>
    protected void ApplyInputDerivative(int batch, float* input, float* inputGradient, Activation inputActivation, bool reluFused)
    {
        if (inputActivation == Activation.Identity || (reluFused && inputActivation == Activation.Relu)) return;
        for (int b = 0; b < batch; b++)
        {
            nint at = (nint)b * Input.SampleStride + Input.InteriorOffset;
            ActivationKernels.MultiplyByDerivative(inputActivation, new Span<float>(inputGradient + at, Input.InteriorSize), new ReadOnlySpan<float>(input + at, Input.InteriorSize));
        }
    }

    /// <summary>db[c] = sum over samples and frames of dL/dZ[c].</summary>
    protected void BiasGradient(int batch, float* outputGradient, float* gradient)
    {
        int channels = Output.Channels;
        float* sum = stackalloc float[channels];
        new Span<float>(sum, channels).Clear();
        for (int b = 0; b < batch; b++)
        {
            float* row = outputGradient + (nint)b * Output.SampleStride + Output.InteriorOffset;
            for (int t = 0; t < Output.Length; t++, row += channels)
                for (int c = 0; c < channels; c += MatrixKernels.Lane)
                    Vector256.Store(Vector256.Load(sum + c) + Vector256.Load(row + c), sum + c);
        }
        new ReadOnlySpan<float>(sum, Shape.BiasCount).CopyTo(new Span<float>(gradient + Shape.BiasOffset, Shape.BiasCount));
    }
}
