namespace FedAspire.Core.Telemetry;

/// <summary>Where refused telemetry goes (the <c>telemetry-dlq</c> topic, or a bounded in-memory list in embedded mode).</summary>
public interface ITelemetryDeadLetterSink
{
    /// <summary>Records one refused message: its key (device id when known), its raw payload and why it was refused.</summary>
    ValueTask PublishAsync(string? key, ReadOnlyMemory<byte> payload, TelemetryRejection rejection, CancellationToken cancellationToken);
}
