using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Telemetry;
using FedAspire.Messaging;
using FedAspire.Tests.Backends;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class KafkaTelemetryTests
{
    [Fact]
    public async Task Good_records_reach_the_handler_and_poison_goes_to_the_dead_letter_topic_with_its_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = await TestKafka.AcquireAsync(ct);
        string topic = TestKafka.UniqueName("telemetry"), dlqTopic = TestKafka.UniqueName("telemetry-dlq");
        var settings = kafka.Settings;

        using (var producer = new KafkaTelemetryProducer(settings, topic))
        {
            await producer.PublishAsync(new TelemetryRecord("pump-1", "plant-a", DateTimeOffset.UtcNow, 1, ["a"], [1f]), ct);
            using var raw = new ProducerBuilder<string, byte[]>(settings.CreateProducerConfig()).Build();
            await raw.ProduceAsync(topic, new Message<string, byte[]> { Key = "pump-1", Value = Encoding.UTF8.GetBytes("{broken") }, ct);
            await producer.PublishAsync(new TelemetryRecord("pump-1", "plant-a", DateTimeOffset.UtcNow, 2, ["a"], [2f]), ct);
        }

        using var deadLetters = new KafkaDeadLetterSink(settings, dlqTopic);
        var counters = new TelemetryIngestionCounters();
        var consumer = new KafkaTelemetryConsumer(settings, TestKafka.UniqueName("group"), TelemetryValidator.Default, deadLetters, counters, NullLogger.Instance,
            new TelemetrySourceOptions(MaxBatchSize: 16, MaxBatchDelay: TimeSpan.FromMilliseconds(200)), topic);
        var received = new List<long>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = consumer.RunAsync((batch, _) =>
        {
            lock (received) received.AddRange(batch.Select(r => r.Sequence));
            if (received.Count >= 2) cancel.CancelAfter(TimeSpan.FromSeconds(1));
            return ValueTask.CompletedTask;
        }, cancel.Token);
        await run;

        Assert.Equal([1L, 2L], received.Order());
        Assert.Equal(1, counters.RejectedOf(TelemetryRejectionReason.MalformedJson));

        using var dlq = new ConsumerBuilder<string?, byte[]>(settings.CreateConsumerConfig(TestKafka.UniqueName("dlq-reader"))).Build();
        dlq.Subscribe(dlqTopic);
        var letter = dlq.Consume(TimeSpan.FromSeconds(30));
        Assert.NotNull(letter);
        Assert.Equal("pump-1", letter.Message.Key);
        // The envelope in the value survives every broker; the headers only those from Kafka 0.11 on.
        var decoded = DeadLetterCodec.Decode(letter.Message.Key, letter.Message.Value);
        Assert.Equal(TelemetryRejectionReason.MalformedJson, decoded.Rejection.Reason);
        Assert.False(string.IsNullOrWhiteSpace(decoded.Rejection.Message));
        Assert.Equal("{broken", Encoding.UTF8.GetString(decoded.Payload));
        if (kafka.KeepsHeaders) Assert.Equal("MalformedJson", KafkaTelemetryConsumer.ReasonOf(letter.Message.Headers));
        else TestContext.Current.SendDiagnosticMessage($"{kafka.Description} drops record headers: the reason was read from the envelope only.");
    }
}
