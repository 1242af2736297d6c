using System.Globalization;
using System.Text.Json;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FedAspire.Tests.Onnx;

/// <summary>Metadata written by the exporter reads back through ONNX Runtime unchanged.</summary>
[Trait("Area", "Learning")]
public sealed class OnnxExporterMetadataTests
{
    [Fact]
    public void Metadata_props_round_trip_through_onnx_runtime()
    {
        var spec = OnnxParityCases.Spec("conv-window10", Activation.Relu);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 5);
        var extra = new Dictionary<string, string> { ["strategy"] = "fedadam", ["auc"] = "0.93" };
        var calibration = new ModelCalibration(NormalizationMode.Local, 0.01, 0.5f, 30,
            [new ParticipantCalibration("plant-b", 20, 0.25f, true), new ParticipantCalibration("plant-a", 10, 0.5f, false)]);
        var metadata = new OnnxExportMetadata("pump-station-7", 42, 17, 0.123456789f, extra, calibration);

        using var session = OnnxScoringRun.Open(OnnxExporter.Export(spec, data.Parameters, data.Normalization, metadata));
        var model = session.ModelMetadata;
        var map = model.CustomMetadataMap;

        Assert.Equal("FedAspire", model.ProducerName);
        Assert.Equal(OnnxExporter.ModelDomain, model.Domain);
        Assert.Equal(42, model.Version);
        Assert.Equal("FedAspire", map[OnnxMetadataKeys.Producer]);
        Assert.Equal("pump-station-7", map[OnnxMetadataKeys.Federation]);
        Assert.Equal(42L, long.Parse(map[OnnxMetadataKeys.Version], CultureInfo.InvariantCulture));
        Assert.Equal(17, int.Parse(map[OnnxMetadataKeys.Round], CultureInfo.InvariantCulture));
        Assert.Equal(10, int.Parse(map[OnnxMetadataKeys.Window], CultureInfo.InvariantCulture));
        Assert.Equal(0.123456789f, float.Parse(map[OnnxMetadataKeys.Threshold], CultureInfo.InvariantCulture)); // bit-exact round trip
        Assert.Equal(spec.Features, JsonSerializer.Deserialize<string[]>(map[OnnxMetadataKeys.FeatureNames]));
        Assert.Equal("fedadam", map["strategy"]);
        Assert.Equal("0.93", map["auc"]);
        Assert.Equal("local", map[OnnxMetadataKeys.Normalization]);
        Assert.Equal(0.01, double.Parse(map[OnnxMetadataKeys.FalseAlarmTarget], CultureInfo.InvariantCulture));
        Assert.Equal("""{"plant-a":0.5,"plant-b":0.25}""", map[OnnxMetadataKeys.ParticipantThresholds]); // sorted by id
        Assert.Equal(OnnxMetadataKeys.Reserved.Count + extra.Count, map.Count);

        var readSpec = ModelSpecJson.Deserialize(map[OnnxMetadataKeys.ModelSpec]);
        Assert.Equal(spec.Features, readSpec.Features);
        Assert.Equal(spec.Window, readSpec.Window);
        Assert.Equal(spec.Layers, readSpec.Layers);
        Assert.Equal(new ParameterLayout(spec).ParameterCount, new ParameterLayout(readSpec).ParameterCount);
    }

    [Fact]
    public void Model_spec_json_names_enums_and_rejects_garbage()
    {
        var spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Sigmoid);
        string json = ModelSpecJson.Serialize(spec);
        Assert.Contains("\"activation\":\"Sigmoid\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Dense\"", json, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelSpecJson.Deserialize("{\"features\": 3}"));
        Assert.Throws<ArgumentException>(() => ModelSpecJson.Deserialize("{\"features\":[\"a\"],\"window\":1,\"layers\":[{\"kind\":\"Dense\",\"outputs\":2,\"activation\":\"Relu\"}]}"));
    }

    [Fact]
    public void Threshold_that_is_not_calibrated_is_written_as_NaN()
    {
        var spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Relu);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 6);
        using var session = OnnxScoringRun.Open(OnnxExporter.Export(spec, data.Parameters, data.Normalization, new OnnxExportMetadata("f", 0, 0, float.NaN)));
        Assert.True(float.IsNaN(float.Parse(session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Threshold], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Extra_metadata_cannot_override_reserved_keys()
    {
        var spec = OnnxParityCases.Spec("dense-8-16-4-16-8", Activation.Relu);
        var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 7);
        var metadata = new OnnxExportMetadata("f", 1, 1, 1f, new Dictionary<string, string> { [OnnxMetadataKeys.Threshold] = "0" });
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(spec, data.Parameters, data.Normalization, metadata));
        Assert.Contains("threshold", e.Message, StringComparison.Ordinal);
    }
}
