using FedAspire.Core.Federation;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Ingestion;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Topology;

[Trait("Area", "Topology")]
public sealed class TelemetryIngestionTests
{
    private static readonly string[] Sensors = ["flow", "vibration"];

    private static TelemetryRecord Record(string device, long seq, float flow = 1f, float vibration = 0.5f, string facility = "facility-01") =>
        new(device, facility, DateTimeOffset.UnixEpoch.AddMinutes(seq), seq, Sensors, [flow, vibration]);

    private static async Task<int> BufferedAsync(IGrainFactory grains, string device) =>
        (await grains.GetGrain<IDeviceGrain>(device).IngestAsync(new TelemetryBatch(device, "facility-01", Sensors, []))).Buffered;

    [Fact]
    public async Task Records_reach_their_own_device_grains_across_a_two_silo_cluster()
    {
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"));
        await using var pipeline = new IngestionPipeline(cluster.Client);

        // Device i gets i + 3 records, interleaved, so a misrouted record would change some device's count.
        const int devices = 12;
        int total = 0;
        for (int seq = 1; seq <= devices + 2; seq++)
            for (int d = 0; d < devices; d++)
                if (seq <= d + 3)
                {
                    await pipeline.Bus.PublishAsync(Record($"pump-{d:D2}", seq, flow: d), TestContext.Current.CancellationToken);
                    total++;
                }
        await IngestionPipeline.WaitUntilAsync(() => pipeline.Ingestor.Statistics.Accepted == total, $"{total} readings stored");

        for (int d = 0; d < devices; d++) Assert.Equal(d + 3, await BufferedAsync(cluster.Client, $"pump-{d:D2}"));
        Assert.Equal(0, pipeline.Ingestor.Statistics.Duplicates);
        Assert.Equal(total, pipeline.Counters.Delivered);
        // Devices registered with the facility named in their records (dynamic onboarding).
        await IngestionPipeline.WaitUntilAsync(() => cluster.Client.GetGrain<IFacilityGrain>("facility-01").GetDevicesAsync().Result.Count == devices,
            "all devices registered with facility-01");
    }

    [Fact]
    public async Task Poison_records_are_dead_lettered_and_counted_and_never_stop_ingestion()
    {
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"), silos: 1);
        await using var pipeline = new IngestionPipeline(cluster.Client);
        var ct = TestContext.Current.CancellationToken;

        await pipeline.Bus.PublishAsync(Record("pump-1", 1), ct);
        await pipeline.Bus.PublishAsync(Record("pump-1", 2, flow: float.NaN), ct);
        await pipeline.Bus.PublishAsync(Record("pump-1", 3, vibration: float.PositiveInfinity), ct);
        await pipeline.Bus.PublishAsync(Record("pump-1", 4, flow: float.NegativeInfinity), ct);
        await pipeline.Bus.PublishAsync(new TelemetryRecord(new string('x', 300), "facility-01", DateTimeOffset.UnixEpoch, 5, Sensors, [1f, 1f]), ct);
        var many = Enumerable.Range(0, 300).Select(i => $"s{i}").ToArray();
        await pipeline.Bus.PublishAsync(new TelemetryRecord("pump-1", "facility-01", DateTimeOffset.UnixEpoch, 6, many, new float[300]), ct);
        await pipeline.Bus.PublishAsync(new TelemetryRecord("pump-1", "facility-01", DateTimeOffset.UnixEpoch, 7, ["flow", "flow"], [1f, 2f]), ct);
        await pipeline.Bus.PublishAsync(new TelemetryRecord("pump-1", "facility-01", DateTimeOffset.UnixEpoch, 8, ["flow"], [1f, 2f]), ct);
        for (long seq = 9; seq <= 12; seq++) await pipeline.Bus.PublishAsync(Record("pump-1", seq), ct);
        await IngestionPipeline.WaitUntilAsync(() => pipeline.Ingestor.Statistics.Accepted == 5, "the 5 good readings");

        Assert.Equal(7, pipeline.Counters.RejectedTotal);
        Assert.Equal(3, pipeline.Counters.RejectedOf(TelemetryRejectionReason.NonFiniteValue));
        Assert.Equal(1, pipeline.Counters.RejectedOf(TelemetryRejectionReason.Oversized));
        Assert.Equal(1, pipeline.Counters.RejectedOf(TelemetryRejectionReason.TooManyValues));
        Assert.Equal(1, pipeline.Counters.RejectedOf(TelemetryRejectionReason.InvalidSensorName));
        Assert.Equal(1, pipeline.Counters.RejectedOf(TelemetryRejectionReason.MalformedJson));
        Assert.Equal(7, pipeline.DeadLetters.Recent.Count);
        Assert.All(pipeline.DeadLetters.Recent, d => Assert.False(string.IsNullOrEmpty(d.Rejection.Message)));
        Assert.Equal(5, await BufferedAsync(cluster.Client, "pump-1"));
    }

    [Fact]
    public async Task A_redelivered_batch_is_not_stored_twice()
    {
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"), silos: 1);
        var ingestor = new DeviceTelemetryIngestor(cluster.Client, new IngestionStatistics());
        TelemetryRecord[] batch = [.. Enumerable.Range(1, 20).Select(i => Record($"pump-{i % 3}", i))];

        await ingestor.HandleAsync(batch, TestContext.Current.CancellationToken);
        var before = await Task.WhenAll(Enumerable.Range(0, 3).Select(d => BufferedAsync(cluster.Client, $"pump-{d}")));
        await ingestor.HandleAsync(batch, TestContext.Current.CancellationToken);
        var after = await Task.WhenAll(Enumerable.Range(0, 3).Select(d => BufferedAsync(cluster.Client, $"pump-{d}")));

        Assert.Equal(20, before.Sum());
        Assert.Equal(before, after);
        Assert.Equal(20, ingestor.Statistics.Accepted);
        Assert.Equal(20, ingestor.Statistics.Duplicates);
    }

    [Fact]
    public async Task A_batch_whose_acknowledgement_failed_is_delivered_again_and_deduplicated()
    {
        using var temp = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), temp.Sub("registry"), silos: 1);
        int failures = 0;
        // The grains accept the batch, then the "commit" fails once: the source must redeliver it.
        await using var pipeline = new IngestionPipeline(cluster.Client, wrap: inner => async (records, ct) =>
        {
            await inner(records, ct);
            if (Interlocked.Exchange(ref failures, 1) == 0) throw new InvalidOperationException("simulated crash before the offset commit");
        });

        for (long seq = 1; seq <= 10; seq++) await pipeline.Bus.PublishAsync(Record("pump-9", seq), TestContext.Current.CancellationToken);
        await IngestionPipeline.WaitUntilAsync(() => pipeline.Counters.Delivered == 10, "the batch to be acknowledged");

        Assert.Equal(1, pipeline.Counters.Retries);
        Assert.Equal(10, pipeline.Ingestor.Statistics.Accepted);
        Assert.True(pipeline.Ingestor.Statistics.Duplicates >= 1, "the redelivered readings are counted as duplicates");
        Assert.Equal(10, await BufferedAsync(cluster.Client, "pump-9"));
    }
}
