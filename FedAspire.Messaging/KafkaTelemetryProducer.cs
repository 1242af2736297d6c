using Confluent.Kafka;
using FedAspire.Core.Telemetry;

namespace FedAspire.Messaging;

/// <summary>Publishes telemetry records to the <c>telemetry</c> topic as schema v1 JSON keyed by device id.</summary>
public sealed class KafkaTelemetryProducer : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;

    /// <summary>A producer for <paramref name="topic"/> configured from <paramref name="settings"/>.</summary>
    public KafkaTelemetryProducer(KafkaSettings settings, string topic = TelemetryTopics.Telemetry)
    {
        _producer = new ProducerBuilder<string, byte[]>(settings.CreateProducerConfig()).Build();
        _topic = topic;
    }

    /// <summary>Sends one record and waits for the broker's acknowledgement.</summary>
    public async Task PublishAsync(TelemetryRecord record, CancellationToken cancellationToken = default) =>
        await _producer.ProduceAsync(_topic, new Message<string, byte[]> { Key = record.DeviceId, Value = TelemetryCodec.Encode(record) }, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Queues one record without waiting (high rate); delivery errors go to <paramref name="onError"/>. Call <see cref="Flush"/> before exit.</summary>
    public void Enqueue(TelemetryRecord record, Action<Error>? onError = null) =>
        _producer.Produce(_topic, new Message<string, byte[]> { Key = record.DeviceId, Value = TelemetryCodec.Encode(record) },
            report => { if (report.Error.IsError) onError?.Invoke(report.Error); });

    /// <summary>Waits until queued records are delivered or <paramref name="timeout"/> passes; returns how many are still queued.</summary>
    public int Flush(TimeSpan timeout) => _producer.Flush(timeout);

    /// <inheritdoc/>
    public void Dispose() => _producer.Dispose();
}
