namespace FedAspire.Core.Telemetry;

/// <summary>Processes one batch of valid records; a source acknowledges (commits) the batch only after this completes without throwing.</summary>
public delegate ValueTask TelemetryBatchHandler(IReadOnlyList<TelemetryRecord> batch, CancellationToken cancellationToken);
