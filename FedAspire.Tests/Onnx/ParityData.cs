using FedAspire.Core.Learning;

namespace FedAspire.Tests.Onnx;

/// <summary>One generated parity problem: a model (spec, parameters, normalization) and a batch of raw samples with their mask.</summary>
/// <param name="Raw">Raw values, row-major [Batch, InputSize], NaN wherever <paramref name="Mask"/> is 0.</param>
/// <param name="Mask">1 = observed, 0 = missing.</param>
internal sealed record ParityData(ModelSpec Spec, float[] Parameters, FeatureNormalization Normalization, float[] Raw, float[] Mask, int Batch)
{
    /// <summary>The ONNX input shape: [batch, F] for single readings, [batch, Window, F] for windows.</summary>
    public long[] InputShape => Spec.Window == 1
        ? [Batch, Spec.FeatureCount]
        : [Batch, Spec.Window, Spec.FeatureCount];
}
