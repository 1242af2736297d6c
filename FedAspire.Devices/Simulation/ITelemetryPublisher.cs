using FedAspire.Core.Telemetry;

namespace FedAspire.Devices.Simulation;

/// <summary>Where the simulator sends records: the Kafka <c>telemetry</c> topic or the in-process bus.</summary>
public interface ITelemetryPublisher
{
    /// <summary>What this publisher writes to, for start-up logs.</summary>
    string Description { get; }

    /// <summary>Sends one record keyed by its device id (may return before the broker acknowledged it).</summary>
    ValueTask PublishAsync(TelemetryRecord record, CancellationToken cancellationToken);

    /// <summary>Waits until everything sent so far is delivered (or <paramref name="timeout"/> passes).</summary>
    void Flush(TimeSpan timeout);
}
