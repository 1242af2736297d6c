using FedAspire.Core.Data;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Simulation;

namespace FedAspire.Tests.Topology;

[Trait("Area", "Topology")]
public sealed class TelemetryReplayTests
{
    private static SensorTable Table(int rows)
    {
        var a = new float[rows];
        var b = new float[rows];
        var timestamps = new long[rows];
        for (int i = 0; i < rows; i++)
        {
            a[i] = i;
            b[i] = i % 3 == 0 ? float.NaN : 100 + i;
            timestamps[i] = DateTime.UnixEpoch.AddMinutes(i).Ticks;
        }
        return new SensorTable(timestamps, ["a", "b"], [a, b]);
    }

    [Fact]
    public void Devices_take_turns_belong_to_facilities_count_their_own_sequences_and_loop_over_the_table()
    {
        var replay = new TelemetryReplay([Table(5)], devices: 3, facilities: 2, DateTimeOffset.UnixEpoch);
        var records = Enumerable.Range(0, 3 * 12).Select(_ => replay.Next()).ToArray();

        Assert.Equal(["pump-00000", "pump-00001", "pump-00002", "pump-00000"], records.Take(4).Select(r => r.DeviceId));
        Assert.Equal(["facility-01", "facility-02", "facility-01"], records.Take(3).Select(r => r.FacilityId));
        var device1 = records.Where(r => r.DeviceId == "pump-00001").ToArray();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), device1.Select(r => r.Sequence));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(11), device1[^1].Timestamp);
        // 12 readings of a 5-row table: the device's row sequence wraps around and repeats with period 5.
        Assert.Equal(device1[0].ValueOf("a"), device1[5].ValueOf("a"));
        Assert.Equal(device1[1].ValueOf("a"), device1[11].ValueOf("a"));
        Assert.Equal(36, replay.Emitted);
    }

    [Fact]
    public void Missing_values_are_left_out_so_every_record_passes_validation_and_the_stream_is_deterministic()
    {
        var first = new TelemetryReplay([Table(7)], 4, 2, DateTimeOffset.UnixEpoch);
        var second = new TelemetryReplay([Table(7)], 4, 2, DateTimeOffset.UnixEpoch);
        for (int i = 0; i < 50; i++)
        {
            var r = first.Next();
            var s = second.Next();
            Assert.Null(TelemetryValidator.Default.Validate(r));
            Assert.Equal(r.Features, s.Features);
            Assert.Equal(r.Values, s.Values);
            Assert.Equal(r.Sequence, s.Sequence);
            Assert.All(r.Values, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(r.ValueOf("a") is { } a && a % 3 == 0 ? 1 : 2, r.Count);
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_message()
    {
        Assert.Throws<ArgumentException>(() => new TelemetryReplay([], 1, 1, DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryReplay([Table(3)], 0, 1, DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryReplay([Table(3)], 1, 0, DateTimeOffset.UnixEpoch));
    }
}
