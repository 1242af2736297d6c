using FedAspire.Core.Telemetry;
using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// The Kafka broker the broker-fed benchmarks use: <c>FEDASPIRE_TEST_KAFKA</c> (bootstrap servers) and, for a pre-0.10 broker such
/// as the Kafka 0.9.0.1 of <c>../shared/servers/start.sh</c>, <c>FEDASPIRE_TEST_KAFKA_LEGACY</c> (its version), turned into the
/// configuration keys a service reads.
/// </summary>
internal static class BenchmarkBroker
{
    /// <summary>The service configuration for the broker, with consumers starting at the end of the topic.</summary>
    public static Dictionary<string, string?> Configuration()
    {
        var servers = Environment.GetEnvironmentVariable("FEDASPIRE_TEST_KAFKA");
        if (string.IsNullOrWhiteSpace(servers))
            throw new InvalidOperationException("FEDASPIRE_TEST_KAFKA is unset: start a broker first (eval \"$(bash ../shared/servers/start.sh)\") or export host:port.");
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = servers,
            // Records left in the topic by earlier runs are not this run's work.
            ["Aspire:Confluent:Kafka:Consumer:Config:AutoOffsetReset"] = "Latest",
        };
        if (Environment.GetEnvironmentVariable("FEDASPIRE_TEST_KAFKA_LEGACY") is { Length: > 0 } legacy)
        {
            foreach (var client in new[] { "Producer", "Consumer" })
            {
                values[$"Aspire:Confluent:Kafka:{client}:Config:ApiVersionRequest"] = "false";
                values[$"Aspire:Confluent:Kafka:{client}:Config:BrokerVersionFallback"] = legacy;
            }
            values["Aspire:Confluent:Kafka:Producer:Config:EnableIdempotence"] = "false";
        }
        return values;
    }

    /// <summary>Client settings for <paramref name="configuration"/>.</summary>
    public static KafkaSettings Settings(Dictionary<string, string?> configuration) =>
        KafkaSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())!;

    /// <summary>
    /// Writes one record to the telemetry topic so that it exists (auto-created) before a service subscribes: a subscriber to a
    /// missing topic sees it only at its next metadata refresh.
    /// </summary>
    public static void EnsureTelemetryTopic(KafkaSettings settings)
    {
        using var producer = new KafkaTelemetryProducer(settings);
        producer.PublishAsync(new TelemetryRecord("bench-topic-probe", "facility-00", DateTimeOffset.UtcNow, 1, ["probe"], [0f])).GetAwaiter().GetResult();
    }

    /// <summary>Enqueues <paramref name="record"/>, letting librdkafka drain its local queue while it is full.</summary>
    public static void Enqueue(KafkaTelemetryProducer producer, TelemetryRecord record, Action<Confluent.Kafka.Error> onError)
    {
        ArgumentNullException.ThrowIfNull(producer);
        while (true)
        {
            try
            {
                producer.Enqueue(record, onError);
                return;
            }
            catch (Confluent.Kafka.ProduceException<string, byte[]> e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                producer.Flush(TimeSpan.FromMilliseconds(10));
            }
        }
    }
}
