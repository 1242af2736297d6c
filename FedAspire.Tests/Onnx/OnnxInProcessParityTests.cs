using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;

namespace FedAspire.Tests.Onnx;

/// <summary>ONNX Runtime on the exported file reproduces the in-process forward pass (the model the federation trains and scores with).</summary>
[Trait("Area", "Learning")]
public sealed class OnnxInProcessParityTests
{
    public static TheoryData<string, Activation, bool, int> Cases => OnnxParityCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntime_matches_the_in_process_autoencoder(string model, Activation activation, bool masked, int batch)
    {
        var spec = OnnxParityCases.Spec(model, activation);
        var data = OnnxParityCases.Create(spec, masked, batch, OnnxParityCases.Seed(model, activation, masked, batch));
        var bytes = OnnxExporter.Export(spec, data.Parameters, data.Normalization, new OnnxExportMetadata("parity", 1, 1, 0.5f));
        var onnx = OnnxScoringRun.Execute(bytes, data);

        var autoencoder = new Autoencoder(spec, data.Parameters);
        var samples = SampleSet.FromRaw(data.Raw, data.Mask, spec.InputSize, data.Normalization);
        var scores = new float[batch];
        var normalized = new float[batch * spec.InputSize];
        var reconstruction = new float[normalized.Length];
        autoencoder.Score(samples, scores);
        autoencoder.Reconstruct(samples, normalized);
        data.Normalization.Denormalize(normalized, reconstruction);

        var normalization = data.Normalization;
        ParityTolerance.AssertClose(Array.ConvertAll(reconstruction, v => (double)v), onnx.Reconstruction,
            i => normalization.Scale(i % spec.FeatureCount), ParityTolerance.AbsoluteNormalized, "reconstruction");
        ParityTolerance.AssertClose(Array.ConvertAll(scores, v => (double)v), onnx.Scores, _ => 1, ParityTolerance.AbsoluteScore, "score");
    }

    [Theory]
    [InlineData("dense-window5", true)]
    [InlineData("conv-window32", true)]
    [InlineData("dense-8-16-4-16-8", false)]
    public void Fed_normalization_overrides_the_stored_one_and_matches_the_in_process_autoencoder(string model, bool masked)
    {
        var spec = OnnxParityCases.Spec(model, Activation.Relu);
        int batch = 17;
        var data = OnnxParityCases.Create(spec, masked, batch, OnnxParityCases.Seed(model, Activation.Relu, masked, batch));
        // Local normalization: the export stores the identity, the participant feeds its own statistics.
        var bytes = OnnxExporter.Export(spec, data.Parameters, FeatureNormalization.Identity(spec.FeatureCount), new OnnxExportMetadata("parity", 1, 1, 0.5f));
        using var scorer = new FedAspire.Scoring.OnnxScorer(bytes);
        var fed = scorer.ScoreWindows(data.Raw, data.Mask, batch, data.Normalization);
        var stored = scorer.ScoreWindows(data.Raw, data.Mask, batch);

        var expected = new float[batch];
        new Autoencoder(spec, data.Parameters).Score(SampleSet.FromRaw(data.Raw, data.Mask, spec.InputSize, data.Normalization), expected);
        ParityTolerance.AssertClose(Array.ConvertAll(expected, v => (double)v), fed, _ => 1, ParityTolerance.AbsoluteScore, "score");
        // Without the fed statistics the stored identity applies, which gives other scores: the override really took effect.
        Assert.NotEqual(fed, stored);
    }
}
