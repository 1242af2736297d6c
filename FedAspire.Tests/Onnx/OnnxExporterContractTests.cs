using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Core.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FedAspire.Tests.Onnx;

/// <summary>The exported graph has the documented inputs, outputs, shapes, weights and versions.</summary>
[Trait("Area", "Learning")]
public sealed class OnnxExporterContractTests
{
    private static readonly OnnxExportMetadata Metadata = new("contract", 1, 1, 0.5f);

    [Theory]
    [InlineData("dense-8-16-4-16-8")]
    [InlineData("dense-window5")]
    [InlineData("conv-window32")]
    [InlineData("conv-window1")]
    public void Inputs_and_outputs_have_documented_names_types_and_shapes(string model)
    {
        var spec = OnnxParityCases.Spec(model, Activation.Relu);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 1);
        using var session = OnnxScoringRun.Open(OnnxExporter.Export(spec, data.Parameters, data.Normalization, Metadata));

        int[] sample = spec.Window == 1 ? [-1, spec.FeatureCount] : [-1, spec.Window, spec.FeatureCount];
        Assert.Equal(["input", "mask"], session.InputNames);
        Assert.Equal(["reconstruction", "score"], session.OutputNames);
        foreach (var name in new[] { "input", "mask" })
            AssertFloatTensor(session.InputMetadata[name], sample);
        AssertFloatTensor(session.OutputMetadata["reconstruction"], sample);
        AssertFloatTensor(session.OutputMetadata["score"], [-1]);
    }

    [Fact]
    public void Declares_ir_version_and_opset()
    {
        var spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Tanh);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 2);
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(spec, data.Parameters, data.Normalization, Metadata));
        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.All(model.Graph.Node, n => Assert.Equal("", n.Domain));
    }

    [Theory]
    [InlineData("dense-52-64-32-16-32-64-52")]
    [InlineData("conv-window10")]
    public void Weights_are_copied_bit_exactly_in_parameter_layout_order(string name)
    {
        var spec = OnnxParityCases.Spec(name, Activation.Sigmoid);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 3);
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(spec, data.Parameters, data.Normalization, Metadata));
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);

        foreach (var layer in new ParameterLayout(spec).Layers)
        {
            var weight = initializers[$"layer{layer.Index}.weight"];
            long[] dims = layer.Spec.Kind switch
            {
                LayerKind.Dense => [layer.OutputSize, layer.InputSize],
                LayerKind.Conv1d => [layer.OutputChannels, layer.InputChannels, layer.Spec.Kernel],
                _ => [layer.InputChannels, layer.OutputChannels, layer.Spec.Kernel],
            };
            Assert.Equal(dims, weight.Dims);
            Assert.Equal((int)TensorProto.Types.DataType.Float, weight.DataType);
            Assert.Equal(data.Parameters.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray(), Floats(weight));
            Assert.Equal(data.Parameters.AsSpan(layer.BiasOffset, layer.BiasCount).ToArray(), Floats(initializers[$"layer{layer.Index}.bias"]));
        }
    }

    [Fact]
    public void Normalization_uses_scale_one_for_constant_features()
    {
        var spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Relu);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 4);
        var std = (float[])data.Normalization.Std.Clone();
        std[1] = FeatureNormalization.MinStd / 2;
        std[2] = float.PositiveInfinity;
        var normalization = new FeatureNormalization(data.Normalization.Mean, std);
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(spec, data.Parameters, normalization, Metadata));
        var scale = Floats(model.Graph.Initializer.Single(t => t.Name == "normalization.scale"));
        Assert.Equal(Enumerable.Range(0, spec.FeatureCount).Select(normalization.Scale).ToArray(), scale);
        Assert.Equal([1f, 1f, 1f], scale[..3]);
    }

    [Fact]
    public void Missing_values_never_leak_even_when_raw_holds_NaN_and_infinity()
    {
        var spec = OnnxParityCases.Spec("dense-window5", Activation.Tanh);
        var data = OnnxParityCases.Create(spec, masked: true, batch: 20, seed: 5);
        for (int i = 0; i < data.Raw.Length; i += 2)
            if (data.Mask[i] == 0f) data.Raw[i] = float.PositiveInfinity; // NaN elsewhere, +inf here: both must vanish
        var run = OnnxScoringRun.Execute(OnnxExporter.Export(spec, data.Parameters, data.Normalization, Metadata), data);
        Assert.All(run.Reconstruction, v => Assert.True(float.IsFinite(v)));
        Assert.All(run.Scores, v => Assert.True(float.IsFinite(v) && v >= 0));
        Assert.Contains(data.Mask, m => m == 0f);
    }

    [Fact]
    public void Scores_respond_to_the_mask()
    {
        // Hiding a badly reconstructed value must change the score; observed values alone decide it.
        var spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Relu);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 6);
        var bytes = OnnxExporter.Export(spec, data.Parameters, data.Normalization, Metadata);
        var full = OnnxScoringRun.Execute(bytes, data);
        data.Raw[3] += 1000 * data.Normalization.Scale(3);
        var spiked = OnnxScoringRun.Execute(bytes, data);
        data.Mask[3] = 0f;
        var hidden = OnnxScoringRun.Execute(bytes, data);
        Assert.True(spiked.Scores[0] > 1000 * full.Scores[0] + 1, $"a 1000-sigma spike should dominate the score ({full.Scores[0]} -> {spiked.Scores[0]})");
        Assert.True(hidden.Scores[0] < spiked.Scores[0] / 1000, $"a masked spike must not count ({hidden.Scores[0]} vs {spiked.Scores[0]})");
    }

    [Fact]
    public void Export_is_deterministic_and_overloads_agree()
    {
        var spec = OnnxParityCases.Spec("conv-window10", Activation.Tanh);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 7);
        var metadata = Metadata with { Extra = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } };
        var bytes = OnnxExporter.Export(spec, data.Parameters, data.Normalization, metadata);
        Assert.Equal(bytes, OnnxExporter.Export(spec, data.Parameters, data.Normalization, metadata));

        using var stream = new MemoryStream();
        OnnxExporter.Export(spec, data.Parameters, data.Normalization, metadata, stream);
        Assert.Equal(bytes, stream.ToArray());

        string path = Path.Combine(Path.GetTempPath(), $"fedaspire-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.ExportToFile(spec, data.Parameters, data.Normalization, metadata, path);
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertFloatTensor(NodeMetadata metadata, int[] dimensions)
    {
        Assert.True(metadata.IsTensor);
        Assert.Equal(TensorElementType.Float, metadata.ElementDataType);
        Assert.Equal(dimensions, metadata.Dimensions);
        Assert.Equal("batch", metadata.SymbolicDimensions[0]);
    }

    private static float[] Floats(TensorProto tensor)
    {
        var bytes = tensor.RawData.Span;
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }
}
