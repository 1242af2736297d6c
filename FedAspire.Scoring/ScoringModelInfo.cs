using System.Globalization;
using System.Text.Json;
using FedAspire.Core.Onnx;

namespace FedAspire.Scoring;

/// <summary>
/// What an exported global model says about itself (its ONNX metadata_props): federation, version, round, features, window, the
/// federation's threshold, and, for calibrated versions, the normalization mode, the false-alarm target and each participant's threshold.
/// </summary>
public sealed record ScoringModelInfo(string Federation, long Version, int Round, IReadOnlyList<string> Features, int Window, float Threshold)
{
    /// <summary>True when scores need each device's own statistics (the version was trained under local normalization).</summary>
    public bool LocalNormalization { get; init; }

    /// <summary>The false-alarm target the thresholds were calibrated at (NaN when the export does not say).</summary>
    public double FalseAlarmTarget { get; init; } = double.NaN;

    /// <summary>Calibrated thresholds by participant (facility or device) id.</summary>
    public IReadOnlyDictionary<string, float> ParticipantThresholds { get; init; } = new Dictionary<string, float>();

    /// <summary>The device's own threshold when the version has one, else its facility's, else the federation's.</summary>
    public float ThresholdFor(string deviceId, string? facilityId) =>
        ParticipantThresholds.TryGetValue(deviceId, out var own) ? own
        : facilityId is not null && ParticipantThresholds.TryGetValue(facilityId, out var facility) ? facility
        : Threshold;

    /// <summary>True when <paramref name="threshold"/> is calibrated and <paramref name="score"/> exceeds it.</summary>
    public static bool Exceeds(float score, float threshold) => float.IsFinite(threshold) && score > threshold;

    /// <summary>Values per sample: window x features.</summary>
    public int InputSize => Window * Features.Count;

    /// <summary>True when the threshold is calibrated and <paramref name="score"/> exceeds it.</summary>
    public bool IsAnomalous(float score) => Exceeds(score, Threshold);

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
        var thresholds = new Dictionary<string, float>(StringComparer.Ordinal);
        if (metadata.TryGetValue(OnnxMetadataKeys.ParticipantThresholds, out var json))
        {
            try
            {
                thresholds = JsonSerializer.Deserialize(json, ScoringJsonContext.Default.DictionaryStringSingle) ?? thresholds;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"ONNX metadata '{OnnxMetadataKeys.ParticipantThresholds}' is not a JSON object of numbers: {e.Message}");
            }
        }
        string mode = metadata.TryGetValue(OnnxMetadataKeys.Normalization, out var m) ? m : "global";
        if (mode is not ("local" or "global"))
            throw new InvalidDataException($"ONNX metadata '{OnnxMetadataKeys.Normalization}' = '{mode}' must be local or global.");
        return new ScoringModelInfo(
            metadata.TryGetValue(OnnxMetadataKeys.Federation, out var federation) ? federation : "",
            Parse(OnnxMetadataKeys.Version, s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
            metadata.ContainsKey(OnnxMetadataKeys.Round) ? Parse(OnnxMetadataKeys.Round, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)) : 0,
            features,
            window,
            metadata.ContainsKey(OnnxMetadataKeys.Threshold) ? Parse(OnnxMetadataKeys.Threshold, s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)) : float.NaN)
        {
            LocalNormalization = mode == "local",
            FalseAlarmTarget = metadata.ContainsKey(OnnxMetadataKeys.FalseAlarmTarget)
                ? Parse(OnnxMetadataKeys.FalseAlarmTarget, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)) : double.NaN,
            ParticipantThresholds = thresholds,
        };
    }
}
