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
        Assert.Equal([1L, 2L], batches[0].Sequences);
        Assert.Equal([5f, 6f], batches[0].Row(1).ToArray());
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(2), batches[0].Timestamp(1));
        Assert.True(batches[1].IsWellFormed);
        Assert.Equal([3f, 4f], batches[1].Values);
    }

    [Fact]
    public void Differing_sensor_sets_are_aligned_on_their_union_with_NaN_for_missing()
    {
        var batch = Assert.Single(TelemetryBatching.ByDevice([R("d", 1, ["a", "b"], [1, 2]), R("d", 2, ["c", "a"], [3, 4])]));

        Assert.Equal(["a", "b", "c"], batch.Features);
        Assert.Equal([1f, 2f, float.NaN], batch.Row(0).ToArray());
        Assert.Equal([4f, float.NaN, 3f], batch.Row(1).ToArray());
    }

    [Fact]
    public void A_device_switching_between_sensor_sets_keeps_each_records_values_under_its_own_names()
    {
        string[] full = ["a", "b", "c"], partial = ["c", "a"];
        var records = new List<TelemetryRecord>();
        for (int i = 0; i < 6; i++)
            records.Add(i % 3 == 1 ? R("d", i, partial, [10 * i + 3, 10 * i + 1]) : R("d", i, full, [10 * i + 1, 10 * i + 2, 10 * i + 3]));
        records.Insert(2, R("e", 0, ["z"], [7]));

        var batches = TelemetryBatching.ByDevice(records);

        var d = batches[0];
        Assert.Equal(["d", "e"], batches.Select(b => b.DeviceId));
        Assert.Equal(["a", "b", "c"], d.Features);
        Assert.Equal([0L, 1, 2, 3, 4, 5], d.Sequences);
        for (int i = 0; i < 6; i++)
            Assert.Equal(i % 3 == 1 ? [10f * i + 1, float.NaN, 10f * i + 3] : [10f * i + 1, 10f * i + 2, 10f * i + 3], d.Row(i).ToArray());
        Assert.Equal([7f], batches[1].Values);
    }
}
