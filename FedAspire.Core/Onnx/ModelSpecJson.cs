using System.Text.Json;
using System.Text.Json.Serialization;
using FedAspire.Core.Learning;

namespace FedAspire.Core.Onnx;

/// <summary>The JSON form of a <see cref="ModelSpec"/> carried in an exported model's <c>model_spec</c> metadata.</summary>
/// <remarks>camelCase property names, enums as names (e.g. "activation": "Relu"); computed properties are written for readers' convenience and ignored when read.</remarks>
public static class ModelSpecJson
{
    /// <summary>The serializer options used in both directions.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes <paramref name="spec"/>.</summary>
    public static string Serialize(ModelSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>Reads and validates a spec; throws <see cref="ArgumentException"/> when the JSON is not a valid spec.</summary>
    public static ModelSpec Deserialize(string json)
    {
        ModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Not a model spec JSON: {e.Message}", nameof(json), e);
        }
        if (spec is null || spec.Features is null || spec.Layers is null)
            throw new ArgumentException("Not a model spec JSON: features or layers missing.", nameof(json));
        spec.Validate();
        return spec;
    }
}
