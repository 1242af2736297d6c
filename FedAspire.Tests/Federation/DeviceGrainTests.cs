using FedAspire.Core.Federation;
using FedAspire.Devices.Facilities;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class DeviceGrainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TelemetryReading Reading(long sequence, params float[] values) =>
        new(sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), values);

    [Fact]
    public async Task Ingest_dedupes_by_sequence_counts_rejections_bounds_the_buffer_and_onboards_the_device()
    {
        using var dir = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), dir.Sub("registry"), deviceBufferCapacity: 5);
        var device = cluster.Client.GetGrain<IDeviceGrain>("pump-7");
        string[] features = ["flow", "vibration", "colour"];

        var first = await device.IngestAsync(new TelemetryBatch("pump-7", "site-a", features, [
            Reading(3, 1, 2, 3), Reading(1, 1, float.NaN, 3), Reading(2, 1, 2, 3),
            Reading(2, 1, 2, 3),                       // duplicate sequence
            Reading(4, 1, float.PositiveInfinity, 3),  // infinite value
            Reading(5, float.NegativeInfinity, 2, 3),  // infinite value
        ]));
        var second = await device.IngestAsync(new TelemetryBatch("pump-7", "site-a", features,
            Enumerable.Range(6, 6).Select(i => Reading(i, i, 1, 0)).ToArray()));
        var replay = await device.IngestAsync(new TelemetryBatch("pump-7", "site-a", features, [Reading(1, 1, 2, 3)]));
        // Columns that disagree (2 sequence numbers, values for 1 reading) are refused and counted, not thrown.
        var malformed = await device.IngestAsync(new TelemetryBatch("pump-7", "site-a", features, [20, 21], [0, 0], [1, 2, 3]));

        Assert.Equal(new IngestResult(3, 1, 2, 0, 3), first);
        Assert.Equal(6, second.Accepted);
        Assert.Equal(5, second.Buffered);
        Assert.Equal(1, replay.Duplicates); // evicted but already seen
        Assert.Equal(5, replay.Buffered);
        Assert.Equal(new IngestResult(0, 0, 2, 0, 5), malformed);
        Assert.Throws<ArgumentException>(() => new TelemetryBatch("pump-7", "site-a", features, [Reading(5, 1, 2)]));

        var facility = cluster.Client.GetGrain<IFacilityGrain>("site-a");
        IReadOnlyList<string> devices = [];
        for (int i = 0; i < 100 && devices.Count == 0; i++)
        {
            devices = await facility.GetDevicesAsync();
            if (devices.Count == 0) await Task.Delay(20, Ct);
        }
        Assert.Equal(["pump-7"], devices);
    }

    [Fact]
    public async Task A_batch_with_extra_features_counts_them_as_unknown_and_a_batch_for_another_device_is_refused()
    {
        using var dir = new TempDirectory();
        await using var cluster = await FederationTestCluster.StartAsync(FederationTestCluster.SmallPlant(), dir.Sub("registry"));
        var device = cluster.Client.GetGrain<IDeviceGrain>("pump-8");
        await device.IngestAsync(new TelemetryBatch("pump-8", "site-b", SyntheticFacilities.SensorNames, [Reading(1, 1, 2, 3, 4, 5, 6)]));

        var result = await device.IngestAsync(new TelemetryBatch("pump-8", "site-b", ["flow", "humidity"], [Reading(2, 1, 50)]));
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            device.IngestAsync(new TelemetryBatch("pump-9", "site-b", ["flow"], [Reading(3, 1)])));

        Assert.Equal(1, result.UnknownFeatures);
        Assert.Equal(2, result.Buffered);
        Assert.Contains("pump-9", e.Message);
    }
}
