using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;

namespace FedAspire.Tests.Onnx;

/// <summary>Bad exporter input fails with an ArgumentException that says what and where.</summary>
[Trait("Area", "Learning")]
public sealed class OnnxExporterValidationTests
{
    private static readonly OnnxExportMetadata Metadata = new("validation", 1, 1, 0.5f);
    private static readonly ModelSpec Spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Relu);
    private static readonly ParityData Data = OnnxParityCases.Create(Spec, masked: false, batch: 1, seed: 9);

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Parameter_count_mismatch_is_rejected(int delta)
    {
        var parameters = new float[Data.Parameters.Length + delta];
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Spec, parameters, Data.Normalization, Metadata));
        Assert.Contains($"needs {Data.Parameters.Length} parameters but {parameters.Length}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_parameters_are_rejected_with_their_layer(float bad)
    {
        var layout = new ParameterLayout(Spec);
        var parameters = (float[])Data.Parameters.Clone();
        int index = layout.Layers[2].BiasOffset + 1;
        parameters[index] = bad;
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Spec, parameters, Data.Normalization, Metadata));
        Assert.Contains($"Parameter {index} (layer 2 bias)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalization_feature_count_mismatch_is_rejected()
    {
        var normalization = FeatureNormalization.Identity(Spec.FeatureCount - 1);
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Spec, Data.Parameters, normalization, Metadata));
        Assert.Contains($"covers {Spec.FeatureCount - 1} features but the spec has {Spec.FeatureCount}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalization_with_uneven_mean_and_std_is_rejected()
    {
        var normalization = new FeatureNormalization(new float[Spec.FeatureCount], new float[Spec.FeatureCount + 1]);
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Spec, Data.Parameters, normalization, Metadata));
    }

    [Fact]
    public void Non_finite_mean_is_rejected_with_the_feature_name()
    {
        var mean = (float[])Data.Normalization.Mean.Clone();
        mean[5] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Spec, Data.Parameters, Data.Normalization with { Mean = mean }, Metadata));
        Assert.Contains("feature 5 ('sensor_05')", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("f", -1, 1)]
    [InlineData("f", 1, -1)]
    public void Incomplete_metadata_is_rejected(string federation, long version, int round)
    {
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Spec, Data.Parameters, Data.Normalization, new OnnxExportMetadata(federation, version, round, 0.5f)));
    }

    [Fact]
    public void Invalid_spec_is_rejected()
    {
        var broken = Spec with { Layers = [LayerSpec.Dense(3, Activation.Relu)] }; // does not reproduce its 8 inputs
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(broken, new float[8 * 3 + 3], Data.Normalization, Metadata));
    }
}
