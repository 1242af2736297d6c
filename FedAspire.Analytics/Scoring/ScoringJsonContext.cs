using System.Text.Json.Serialization;
using FedAspire.Analytics.Model;

namespace FedAspire.Analytics.Scoring;

/// <summary>Source-generated JSON metadata for what analytics writes (predictions, alerts).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(AnomalyAlert))]
internal sealed partial class ScoringJsonContext : JsonSerializerContext;
