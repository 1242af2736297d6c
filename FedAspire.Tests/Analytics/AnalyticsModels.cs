using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;

namespace FedAspire.Tests.Analytics;

/// <summary>Deterministic test models exported with the real ONNX exporter (the bearing autoencoder 8-16-4-16-8 by default).</summary>
internal static class AnalyticsModels
{
    public static readonly string[] BearingFeatures = ["b1x", "b1y", "b2x", "b2y", "b3x", "b3y", "b4x", "b4y"];

    public static ModelSpec Bearing() => ModelSpec.DenseAutoencoder(BearingFeatures, [16, 4, 16], Activation.Tanh);

    public static float[] Parameters(ModelSpec spec, int seed)
    {
        var random = new Random(seed);
        var parameters = new float[new ParameterLayout(spec).ParameterCount];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5);
        return parameters;
    }

    public static FeatureNormalization Normalization(int features) =>
        new(Enumerable.Range(0, features).Select(f => 0.1f * f).ToArray(), Enumerable.Range(0, features).Select(f => 1f + 0.5f * f).ToArray());

    public static byte[] Export(ModelSpec spec, float[] parameters, long version, float threshold, string federation = "bearings") =>
        OnnxExporter.Export(spec, parameters, Normalization(spec.FeatureCount), new OnnxExportMetadata(federation, version, (int)version, threshold));

    public static byte[] Bearing(long version, int seed, float threshold = 1f) => Export(Bearing(), Parameters(Bearing(), seed), version, threshold);

    /// <summary>Writes a version into a registry directory with the aggregator's file layout.</summary>
    public static void Publish(string registryRoot, string federation, long version, byte[] onnx)
    {
        var dir = Path.Combine(registryRoot, federation, "versions");
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllBytes(stem + ".onnx", onnx);
        File.WriteAllText(stem + ".json", "{}");
    }
}
