using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Federation;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Ingestion;
using FedAspire.Messaging;
using FedAspire.Tests.Backends;
using FedAspire.Tests.Federation;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Tests.Topology;

[Trait("Area", "Topology")]
public sealed class KafkaIngestionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kafka_telemetry_reaches_device_grains_and_wire_poison_is_dead_lettered()
    {
        await using var kafka = await TestKafka.AcquireAsync(Ct);
        var settings = kafka.Settings;
        string topic = TestKafka.UniqueName("telemetry"), dlqTopic = TestKafka.UniqueName("telemetry-dlq");
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"));

        using (var producer = new KafkaTelemetryProducer(settings, topic))
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
                await raw.ProduceAsync(topic, new Message<string, byte[]> { Key = "pump-1", Value = Encoding.UTF8.GetBytes(p) }, Ct);
            for (int d = 0; d < 3; d++)
                for (long seq = 1; seq <= 5; seq++)
                    await producer.PublishAsync(new TelemetryRecord($"pump-{d}", "facility-01", DateTimeOffset.UnixEpoch.AddMinutes(seq), seq, ["flow"], [seq]), Ct);
        }

        var counters = new TelemetryIngestionCounters();
        using var deadLetters = new KafkaDeadLetterSink(settings, dlqTopic);
        var consumer = new KafkaTelemetryConsumer(settings, TestKafka.UniqueName("devices"), TelemetryValidator.Default, deadLetters, counters, NullLogger.Instance,
            new TelemetrySourceOptions(MaxBatchSize: 64, MaxBatchDelay: TimeSpan.FromMilliseconds(100)), topic);
        var ingestor = new DeviceTelemetryIngestor(cluster.Client, new IngestionStatistics());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = consumer.RunAsync(ingestor.HandleAsync, stop.Token);
        while (ingestor.Statistics.Accepted < 15 && !stop.IsCancellationRequested) await Task.Delay(50, Ct);
        await stop.CancelAsync();
        await run;

        Assert.Equal(15, ingestor.Statistics.Accepted);
        Assert.Equal(5, counters.RejectedTotal);
        for (int d = 0; d < 3; d++)
            Assert.Equal(5, (await BufferedAsync(cluster, $"pump-{d}")));

        // Every poison record is in the dead-letter topic with the reason it was refused for.
        using var dlq = new ConsumerBuilder<string?, byte[]>(settings.CreateConsumerConfig(TestKafka.UniqueName("dlq-reader"))).Build();
        dlq.Subscribe(dlqTopic);
        var reasons = new List<TelemetryRejectionReason>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (reasons.Count < 5 && DateTime.UtcNow < deadline)
            if (dlq.Consume(TimeSpan.FromSeconds(1)) is { IsPartitionEOF: false } letter)
                reasons.Add(DeadLetterCodec.Decode(letter.Message.Key, letter.Message.Value).Rejection.Reason);
        Assert.Equal(5, reasons.Count);
        Assert.Equal(TelemetryRejectionReason.MalformedJson, reasons[0]);
        Assert.Equal(reasons.GroupBy(r => r).ToDictionary(g => g.Key, g => (long)g.Count()),
            Enum.GetValues<TelemetryRejectionReason>().Where(r => counters.RejectedOf(r) > 0).ToDictionary(r => r, counters.RejectedOf));
    }

    [Fact]
    public async Task A_consumer_killed_mid_stream_loses_no_record_and_its_successor_trains_none_twice()
    {
        const int devices = 4, perDevice = 150;
        await using var kafka = await TestKafka.AcquireAsync(Ct);
        var settings = kafka.Settings;
        string topic = TestKafka.UniqueName("telemetry"), group = TestKafka.UniqueName("devices");
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"));
        using (var producer = new KafkaTelemetryProducer(settings, topic))
        {
            for (long seq = 1; seq <= perDevice; seq++)
                for (int d = 0; d < devices; d++)
                    producer.Enqueue(new TelemetryRecord($"pump-{d}", "facility-01", DateTimeOffset.UnixEpoch.AddMinutes(seq), seq, ["flow"], [seq]),
                        e => Assert.Fail($"produce failed: {e.Reason}"));
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        var options = new TelemetrySourceOptions(MaxBatchSize: 40, MaxBatchDelay: TimeSpan.FromMilliseconds(50));
        using var deadLetters = new KafkaDeadLetterSink(settings, TestKafka.UniqueName("telemetry-dlq"));

        // The first member hands three batches to the grains and dies while the third is in the handler: that batch reached the
        // grains but its offsets were never committed.
        var firstStats = new IngestionStatistics();
        var firstIngestor = new DeviceTelemetryIngestor(cluster.Client, firstStats);
        using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int batches = 0;
        var first = new KafkaTelemetryConsumer(settings, group, TelemetryValidator.Default, deadLetters, new TelemetryIngestionCounters(), NullLogger.Instance, options, topic);
        await first.RunAsync(async (batch, token) =>
        {
            await firstIngestor.HandleAsync(batch, token);
            if (++batches == 3)
            {
                await kill.CancelAsync();
                token.ThrowIfCancellationRequested();
            }
        }, kill.Token);
        Assert.Equal(3, batches);
        Assert.True(firstStats.Accepted is > 0 and < devices * perDevice, $"the first member should die mid-stream, it stored {firstStats.Accepted}");

        // Its successor in the same group starts from the last commit: the uncommitted batch comes again and is dropped as duplicates.
        var secondStats = new IngestionStatistics();
        var secondIngestor = new DeviceTelemetryIngestor(cluster.Client, secondStats);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var second = new KafkaTelemetryConsumer(settings, group, TelemetryValidator.Default, deadLetters, new TelemetryIngestionCounters(), NullLogger.Instance, options, topic);
        var run = second.RunAsync(secondIngestor.HandleAsync, stop.Token);
        while (firstStats.Accepted + secondStats.Accepted < devices * perDevice && !stop.IsCancellationRequested) await Task.Delay(50, Ct);
        await stop.CancelAsync();
        await run;

        Assert.Equal(devices * perDevice, firstStats.Accepted + secondStats.Accepted);
        Assert.True(secondStats.Duplicates > 0, "the killed member's uncommitted batch should have been redelivered");
        Assert.True(secondStats.Duplicates <= options.MaxBatchSize, $"only the uncommitted batch may come again, {secondStats.Duplicates} duplicates");
        for (int d = 0; d < devices; d++)
            Assert.Equal(perDevice, await BufferedAsync(cluster, $"pump-{d}"));
        TestContext.Current.SendDiagnosticMessage(
            $"{kafka.Description}: first member stored {firstStats.Accepted}, successor {secondStats.Accepted} and dropped {secondStats.Duplicates} redelivered duplicates");
    }

    private static async Task<int> BufferedAsync(FederationTestCluster cluster, string device) =>
        (await cluster.Client.GetGrain<IDeviceGrain>(device).IngestAsync(new TelemetryBatch(device, "facility-01", ["flow"], []))).Buffered;
}
