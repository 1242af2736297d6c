using System.Text.Json.Serialization;

namespace FedAspire.Scoring;

/// <summary>Source-generated JSON metadata for the export's metadata values (feature names, per-participant thresholds).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, float>))]
internal sealed partial class ScoringJsonContext : JsonSerializerContext;
