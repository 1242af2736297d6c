using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Federation;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Ingestion;
using FedAspire.ServiceDefaults.Messaging;
using FedAspire.Tests.Analytics;
using FedAspire.Tests.Federation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Testcontainers.Kafka;

namespace FedAspire.Tests.Topology;

[Trait("Area", "Topology")]
public sealed class KafkaIngestionContainerTests
{
    [Fact]
    public async Task Kafka_telemetry_reaches_device_grains_and_wire_poison_is_dead_lettered()
    {
        DockerEngine.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new KafkaBuilder("confluentinc/cp-kafka:7.5.12").Build();
        await kafka.StartAsync(ct);
        var settings = KafkaSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = kafka.GetBootstrapAddress() }).Build())!;
        await KafkaTopicInitializer.EnsureTopicsAsync(settings, partitions: 3);
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"));

        using (var producer = new KafkaTelemetryProducer(settings))
        using (var raw = new ProducerBuilder<string, byte[]>(settings.CreateProducerConfig()).Build())
        {
            string[] poison =
            [
                "{broken",
                """{"v":1,"device":"pump-1","facility":"facility-01","ts":1,"seq":90,"values":{"flow":"NaN"}}""",
                """{"v":1,"device":"pump-1","facility":"facility-01","ts":1,"seq":91,"values":{"flow":"Infinity"}}""",
                """{"v":1,"device":"pump-1","facility":"facility-01","ts":1,"seq":92,"values":{"flow":1},"extra":true}""",
                "{\"v\":1,\"device\":\"pump-1\",\"facility\":\"facility-01\",\"ts\":1,\"seq\":93,\"values\":{\"flow\":1},\"pad\":\"" + new string('x', 20_000) + "\"}",
            ];
            foreach (var p in poison)
                await raw.ProduceAsync(TelemetryTopics.Telemetry, new Message<string, byte[]> { Key = "pump-1", Value = Encoding.UTF8.GetBytes(p) }, ct);
            for (int d = 0; d < 3; d++)
                for (long seq = 1; seq <= 5; seq++)
                    await producer.PublishAsync(new TelemetryRecord($"pump-{d}", "facility-01", DateTimeOffset.UnixEpoch.AddMinutes(seq), seq, ["flow"], [seq]), ct);
        }

        var counters = new TelemetryIngestionCounters();
        using var deadLetters = new KafkaDeadLetterSink(settings);
        var consumer = new KafkaTelemetryConsumer(settings, "devices", TelemetryValidator.Default, deadLetters, counters, NullLogger.Instance,
            new TelemetrySourceOptions(MaxBatchSize: 64, MaxBatchDelay: TimeSpan.FromMilliseconds(100)));
        var ingestor = new DeviceTelemetryIngestor(cluster.Client, new IngestionStatistics());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = consumer.RunAsync(ingestor.HandleAsync, stop.Token);
        while (ingestor.Statistics.Accepted < 15 && !stop.IsCancellationRequested) await Task.Delay(50, ct);
        await stop.CancelAsync();
        await run;

        Assert.Equal(15, ingestor.Statistics.Accepted);
        Assert.Equal(5, counters.RejectedTotal);
        for (int d = 0; d < 3; d++)
        {
            var result = await cluster.Client.GetGrain<IDeviceGrain>($"pump-{d}").IngestAsync(new TelemetryBatch($"pump-{d}", "facility-01", ["flow"], []));
            Assert.Equal(5, result.Buffered);
        }
    }
}
