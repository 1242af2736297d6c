using FedAspire.Core.Telemetry;

namespace FedAspire.Devices.Simulation;

/// <summary>Publishes into the in-process bus (embedded mode); a full consumer buffer makes the simulator wait.</summary>
public sealed class BusTelemetryPublisher(InProcessTelemetryBus bus) : ITelemetryPublisher
{
    /// <inheritdoc />
    public string Description => "in-process bus";

    /// <inheritdoc />
    public ValueTask PublishAsync(TelemetryRecord record, CancellationToken cancellationToken) => bus.PublishAsync(record, cancellationToken);

    /// <inheritdoc />
    public void Flush(TimeSpan timeout)
    {
    }
}
