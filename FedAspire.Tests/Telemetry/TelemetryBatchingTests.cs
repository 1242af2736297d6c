using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class TelemetryBatchingTests
{
    private static TelemetryRecord R(string device, long seq, string[] features, float[] values) =>
        new(device, "plant-a", DateTimeOffset.UnixEpoch.AddSeconds(seq), seq, features, values);

    [Fact]
    public void Records_become_one_batch_per_device_in_order()
    {
        string[] ab = ["a", "b"];
        var batches = TelemetryBatching.ByDevice([R("d2", 1, ab, [1, 2]), R("d1", 1, ab, [3, 4]), R("d2", 2, ab, [5, 6])]);

        Assert.Equal(["d2", "d1"], batches.Select(b => b.DeviceId));
        Assert.Equal(ab, batches[0].Features);
        Assert.Equal([1L, 2L], batches[0].Readings.Select(r => r.Sequence));
        Assert.Equal([5f, 6f], batches[0].Readings[1].Values);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(2), batches[0].Readings[1].Timestamp);
    }

    [Fact]
    public void Differing_sensor_sets_are_aligned_on_their_union_with_NaN_for_missing()
    {
        var batch = Assert.Single(TelemetryBatching.ByDevice([R("d", 1, ["a", "b"], [1, 2]), R("d", 2, ["c", "a"], [3, 4])]));

        Assert.Equal(["a", "b", "c"], batch.Features);
        Assert.Equal([1f, 2f, float.NaN], batch.Readings[0].Values);
        Assert.Equal([4f, float.NaN, 3f], batch.Readings[1].Values);
    }
}
