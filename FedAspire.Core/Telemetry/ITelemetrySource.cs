namespace FedAspire.Core.Telemetry;

/// <summary>
/// A stream of telemetry delivered in batches with at-least-once semantics: a batch is acknowledged only after the handler
/// succeeds, otherwise it is delivered again. Malformed records never reach the handler; they are dead-lettered and counted.
/// </summary>
public interface ITelemetrySource
{
    /// <summary>What this source reads, for start-up logs (e.g. "kafka topic telemetry, group analytics").</summary>
    string Description { get; }

    /// <summary>Delivers batches to <paramref name="handler"/> until <paramref name="cancellationToken"/> fires or the stream ends.</summary>
    Task RunAsync(TelemetryBatchHandler handler, CancellationToken cancellationToken);
}
