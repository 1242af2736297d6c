using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace FedAspire.Core.Learning.Network;

/// <summary>Element-wise activations and their derivatives expressed through the activation's output y.</summary>
internal static class ActivationKernels
{
    /// <summary>values = f(values) in place.</summary>
    public static void Apply(Activation activation, Span<float> values)
    {
        switch (activation)
        {
            case Activation.Relu: Relu(values); break;
            case Activation.Tanh: TensorPrimitives.Tanh(values, values); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(values, values); break;
        }
    }

    /// <summary>
    /// values = max(values, 0) with the hardware max: the IEEE-754 Vector256.Max / TensorPrimitives.Max are several times slower, and
    /// inputs are finite here (divergence is caught on the parameters).
    /// </summary>
    public static void Relu(Span<float> values)
    {
        int i = 0;
        for (; i + 8 <= values.Length; i += 8)
            Vector256.MaxNative(Vector256.Create(values.Slice(i, 8)), Vector256<float>.Zero).CopyTo(values.Slice(i, 8));
        for (; i < values.Length; i++) values[i] = values[i] > 0f ? values[i] : 0f;
    }

    /// <summary>gradient *= f'(x) written through y = f(x): relu 1[y&gt;0], tanh 1 - y^2, sigmoid y (1 - y).</summary>
    public static void MultiplyByDerivative(Activation activation, Span<float> gradient, ReadOnlySpan<float> y)
    {
        if (gradient.Length != y.Length) throw new ArgumentException("gradient and output lengths differ.");
        int i = 0;
        var one = Vector256.Create(1f);
        switch (activation)
        {
            case Activation.Relu:
                for (; i + 8 <= gradient.Length; i += 8)
                {
                    var g = Vector256.Create(gradient.Slice(i, 8));
                    (g & Vector256.GreaterThan(Vector256.Create(y.Slice(i, 8)), Vector256<float>.Zero)).CopyTo(gradient.Slice(i, 8));
                }
                for (; i < gradient.Length; i++) if (!(y[i] > 0f)) gradient[i] = 0f;
                break;
            case Activation.Tanh:
                for (; i + 8 <= gradient.Length; i += 8)
                {
                    var v = Vector256.Create(y.Slice(i, 8));
                    (Vector256.Create(gradient.Slice(i, 8)) * (one - v * v)).CopyTo(gradient.Slice(i, 8));
                }
                for (; i < gradient.Length; i++) gradient[i] *= 1f - y[i] * y[i];
                break;
            case Activation.Sigmoid:
                for (; i + 8 <= gradient.Length; i += 8)
                {
                    var v = Vector256.Create(y.Slice(i, 8));
                    (Vector256.Create(gradient.Slice(i, 8)) * (v * (one - v))).CopyTo(gradient.Slice(i, 8));
                }
                for (; i < gradient.Length; i++) gradient[i] *= y[i] * (1f - y[i]);
                break;
        }
    }
}
