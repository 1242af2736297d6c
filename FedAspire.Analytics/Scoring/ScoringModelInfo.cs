using System.Globalization;
using System.Text.Json;
using FedAspire.Core.Onnx;

namespace FedAspire.Analytics.Scoring;

/// <summary>What an exported global model says about itself (its ONNX metadata_props): federation, version, round, features, window, threshold.</summary>
public sealed record ScoringModelInfo(string Federation, long Version, int Round, IReadOnlyList<string> Features, int Window, float Threshold)
{
    /// <summary>Values per sample: window x features.</summary>
    public int InputSize => Window * Features.Count;

    /// <summary>True when the threshold is calibrated and <paramref name="score"/> exceeds it.</summary>
    public bool IsAnomalous(float score) => float.IsFinite(Threshold) && score > Threshold;

    /// <summary>Reads the FedAspire keys of <paramref name="metadata"/>; throws <see cref="InvalidDataException"/> naming the missing or bad key.</summary>
    public static ScoringModelInfo FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        string Get(string key) => metadata.TryGetValue(key, out var v) ? v
            : throw new InvalidDataException($"The ONNX model has no '{key}' metadata property; is it a FedAspire export?");
        T Parse<T>(string key, Func<string, T> parse)
        {
            var text = Get(key);
            try { return parse(text); }
            catch (FormatException) { throw new InvalidDataException($"ONNX metadata '{key}' = '{text}' is not a valid {typeof(T).Name}."); }
        }

        string[] features;
        try
        {
            features = JsonSerializer.Deserialize(Get(OnnxMetadataKeys.FeatureNames), ScoringJsonContext.Default.StringArray) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"ONNX metadata '{OnnxMetadataKeys.FeatureNames}' is not a JSON array of strings: {e.Message}");
        }
        if (features.Length == 0) throw new InvalidDataException($"ONNX metadata '{OnnxMetadataKeys.FeatureNames}' is empty.");
        int window = Parse(OnnxMetadataKeys.Window, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
        if (window < 1) throw new InvalidDataException($"ONNX metadata '{OnnxMetadataKeys.Window}' = {window} must be at least 1.");
        return new ScoringModelInfo(
            metadata.TryGetValue(OnnxMetadataKeys.Federation, out var federation) ? federation : "",
            Parse(OnnxMetadataKeys.Version, s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
            metadata.ContainsKey(OnnxMetadataKeys.Round) ? Parse(OnnxMetadataKeys.Round, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)) : 0,
            features,
            window,
            metadata.ContainsKey(OnnxMetadataKeys.Threshold) ? Parse(OnnxMetadataKeys.Threshold, s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)) : float.NaN);
    }
}
