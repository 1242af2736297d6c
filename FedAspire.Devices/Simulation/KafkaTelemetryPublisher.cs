using FedAspire.Core.Telemetry;
using FedAspire.Messaging;

namespace FedAspire.Devices.Simulation;

/// <summary>Publishes to the Kafka <c>telemetry</c> topic through <see cref="KafkaTelemetryProducer"/> (queued, keyed by device id).</summary>
public sealed class KafkaTelemetryPublisher(KafkaSettings settings, ILogger logger) : ITelemetryPublisher, IDisposable
{
    private readonly KafkaTelemetryProducer _producer = new(settings);
    private long _errors;

    /// <summary>Records the broker refused (logged every 1,000).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <inheritdoc />
    public string Description => $"Kafka {settings.BootstrapServers}, topic '{TelemetryTopics.Telemetry}'";

    /// <inheritdoc />
    public ValueTask PublishAsync(TelemetryRecord record, CancellationToken cancellationToken)
    {
        _producer.Enqueue(record, error =>
        {
            if (Interlocked.Increment(ref _errors) % 1000 == 1) logger.LogWarning("Kafka refused simulated telemetry: {Reason}", error.Reason);
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();
}
