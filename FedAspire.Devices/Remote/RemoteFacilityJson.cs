using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedAspire.Devices.Remote;

/// <summary>The JSON settings of the remote facility endpoints (the silo's: web defaults, enums as strings, NaN as "NaN").</summary>
public static class RemoteFacilityJson
{
    /// <summary>Shared options; do not modify.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
