using System.Text.Json.Serialization;

namespace FedAspire.Devices.Scenarios;

/// <summary>The <c>scale</c> data set: N device grains with small synthetic buffers spread over F facility grains, one round.</summary>
public sealed record ScenarioScale
{
    /// <summary>Device grains (N).</summary>
    public int Devices { get; init; } = 1000;

    /// <summary>Facility grains (F); devices are assigned round-robin.</summary>
    public int Facilities { get; init; } = 10;

    /// <summary>Readings ingested per device.</summary>
    public int ReadingsPerDevice { get; init; } = 8;

    /// <summary>Sensors per reading.</summary>
    public int Features { get; init; } = 4;

    /// <summary>Concurrent ingest calls in flight.</summary>
    public int IngestConcurrency { get; init; } = 256;

    /// <summary>
    /// Silo processes: unset runs the one silo inside the lab process; N starts redis-server and N processes of the silo host on
    /// loopback (Redis clustering, as the multi-process tests do) and drives ingest and the round from the lab as an Orleans client.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Silos { get; init; }

    /// <summary>The most silo processes one run starts (each is a whole .NET process on this one machine).</summary>
    public const int MaxSilos = 64;
}
