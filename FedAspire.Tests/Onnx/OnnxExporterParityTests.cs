using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;

namespace FedAspire.Tests.Onnx;

/// <summary>ONNX Runtime on the exported bytes reproduces the double-precision reference forward pass.</summary>
[Trait("Area", "Learning")]
public sealed class OnnxExporterParityTests
{
    public static TheoryData<string, Activation, bool, int> Cases => OnnxParityCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntime_matches_reference(string model, Activation activation, bool masked, int batch)
    {
        var spec = OnnxParityCases.Spec(model, activation);
        var data = OnnxParityCases.Create(spec, masked, batch, OnnxParityCases.Seed(model, activation, masked, batch));
        var bytes = OnnxExporter.Export(spec, data.Parameters, data.Normalization, new OnnxExportMetadata("parity", 1, 1, 0.5f));

        var onnx = OnnxScoringRun.Execute(bytes, data);
        var (reconstruction, scores) = new ReferenceAutoencoder(spec, data.Parameters, data.Normalization).Run(data.Raw, data.Mask, batch);

        Assert.Equal(data.InputShape, onnx.ReconstructionShape);
        Assert.Equal([batch], onnx.ScoreShape);
        var normalization = data.Normalization;
        ParityTolerance.AssertClose(reconstruction, onnx.Reconstruction, i => normalization.Scale(i % spec.FeatureCount),
            ParityTolerance.AbsoluteNormalized, "reconstruction");
        ParityTolerance.AssertClose(scores, onnx.Scores, _ => 1, ParityTolerance.AbsoluteScore, "score");
        if (masked) Assert.Equal(0f, onnx.Scores[0]); // the first sample is fully masked: nothing observed, nothing to score
    }
}
