namespace FedAspire.Core.Telemetry;

/// <summary>A refused telemetry message as kept by <see cref="InMemoryDeadLetterSink"/>.</summary>
public sealed record DeadLetter(string? Key, byte[] Payload, TelemetryRejection Rejection, DateTimeOffset At);
