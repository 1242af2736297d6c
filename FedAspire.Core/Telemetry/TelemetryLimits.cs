namespace FedAspire.Core.Telemetry;

/// <summary>Bounds a telemetry message must respect; defaults suit industrial sensor records (tens of sensors, under a kilobyte).</summary>
public sealed record TelemetryLimits(int MaxPayloadBytes = 16 * 1024, int MaxValues = 256, int MaxIdLength = 128)
{
    /// <summary>The defaults.</summary>
    public static TelemetryLimits Default { get; } = new();
}
