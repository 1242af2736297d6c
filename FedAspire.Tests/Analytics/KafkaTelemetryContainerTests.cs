using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Telemetry;
using FedAspire.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Testcontainers.Kafka;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class KafkaTelemetryContainerTests
{
    [Fact]
    public async Task Good_records_reach_the_handler_and_poison_goes_to_the_dead_letter_topic_with_its_reason()
    {
        DockerEngine.SkipUnlessAvailable();
        await using var kafka = new KafkaBuilder("confluentinc/cp-kafka:7.5.12").Build();
        await kafka.StartAsync(TestContext.Current.CancellationToken);
        var settings = KafkaSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = kafka.GetBootstrapAddress() }).Build())!;
        await KafkaTopicInitializer.EnsureTopicsAsync(settings, partitions: 2);

        using (var producer = new KafkaTelemetryProducer(settings))
        {
            await producer.PublishAsync(new TelemetryRecord("pump-1", "plant-a", DateTimeOffset.UtcNow, 1, ["a"], [1f]), TestContext.Current.CancellationToken);
            using var raw = new ProducerBuilder<string, byte[]>(settings.CreateProducerConfig()).Build();
            await raw.ProduceAsync(TelemetryTopics.Telemetry, new Message<string, byte[]> { Key = "pump-1", Value = Encoding.UTF8.GetBytes("{broken") }, TestContext.Current.CancellationToken);
            await producer.PublishAsync(new TelemetryRecord("pump-1", "plant-a", DateTimeOffset.UtcNow, 2, ["a"], [2f]), TestContext.Current.CancellationToken);
        }

        using var deadLetters = new KafkaDeadLetterSink(settings);
        var counters = new TelemetryIngestionCounters();
        var consumer = new KafkaTelemetryConsumer(settings, "test-group", TelemetryValidator.Default, deadLetters, counters, NullLogger.Instance,
            new TelemetrySourceOptions(MaxBatchSize: 16, MaxBatchDelay: TimeSpan.FromMilliseconds(200)));
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

        var dlqConfig = settings.CreateConsumerConfig("dlq-reader");
        using var dlq = new ConsumerBuilder<string?, byte[]>(dlqConfig).Build();
        dlq.Subscribe(TelemetryTopics.DeadLetter);
        var letter = dlq.Consume(TimeSpan.FromSeconds(30));
        Assert.NotNull(letter);
        Assert.Equal("MalformedJson", KafkaTelemetryConsumer.ReasonOf(letter.Message.Headers));
        Assert.Equal("{broken", Encoding.UTF8.GetString(letter.Message.Value));
    }
}
