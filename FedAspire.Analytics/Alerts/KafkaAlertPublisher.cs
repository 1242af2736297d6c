using System.Text.Json;
using Confluent.Kafka;
using FedAspire.Analytics.Model;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Telemetry;
using FedAspire.Messaging;

namespace FedAspire.Analytics.Alerts;

/// <summary>Publishes alerts to the <c>anomalies</c> topic as JSON, keyed by device id.</summary>
public sealed class KafkaAlertPublisher : IAlertPublisher, IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly string _servers;

    /// <summary>A publisher writing to <paramref name="topic"/>.</summary>
    public KafkaAlertPublisher(KafkaSettings settings, string topic = TelemetryTopics.Anomalies)
    {
        _producer = new ProducerBuilder<string, byte[]>(settings.CreateProducerConfig()).Build();
        _topic = topic;
        _servers = settings.BootstrapServers;
    }

    /// <inheritdoc/>
    public string Description => $"kafka {_servers} topic '{_topic}'";

    /// <inheritdoc/>
    public async Task PublishAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0) return;
        var deliveries = new Task[alerts.Count];
        for (int i = 0; i < alerts.Count; i++)
        {
            var message = new Message<string, byte[]>
            {
                Key = alerts[i].Prediction.DeviceId,
                Value = JsonSerializer.SerializeToUtf8Bytes(alerts[i], ScoringJsonContext.Default.AnomalyAlert),
            };
            deliveries[i] = _producer.ProduceAsync(_topic, message, cancellationToken);
        }
        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
