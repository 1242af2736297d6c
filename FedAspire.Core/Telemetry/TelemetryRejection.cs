namespace FedAspire.Core.Telemetry;

/// <summary>A refused telemetry message: the reason (for counting and routing) and a message that says what and where.</summary>
[GenerateSerializer, Immutable]
public sealed record TelemetryRejection(
    [property: Id(0)] TelemetryRejectionReason Reason,
    [property: Id(1)] string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Reason}: {Message}";
}
