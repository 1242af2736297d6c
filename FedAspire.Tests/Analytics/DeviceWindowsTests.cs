using FedAspire.Analytics.Scoring;
using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class DeviceWindowsTests
{
    private static TelemetryRecord R(string device, long seq, float a) => new(device, "f", DateTimeOffset.UnixEpoch.AddSeconds(seq), seq, ["a", "b"], [a, -a]);

    [Fact]
    public void Each_reading_after_warm_up_yields_the_time_ordered_window_ending_with_it()
    {
        var windows = new DeviceWindows(new FeatureMapper(["a", "b"]), window: 3);
        var values = new float[6];
        var mask = new float[6];

        Assert.False(windows.TryPush(R("d", 1, 1), values, mask, out _));
        Assert.False(windows.TryPush(R("d", 2, 2), values, mask, out _));
        Assert.True(windows.TryPush(R("d", 3, 3), values, mask, out _));
        Assert.Equal([1f, -1f, 2f, -2f, 3f, -3f], values);
        Assert.True(windows.TryPush(R("d", 4, 4), values, mask, out _));
        Assert.Equal([2f, -2f, 3f, -3f, 4f, -4f], values);
        Assert.All(mask, m => Assert.Equal(1f, m));
    }

    [Fact]
    public void Devices_are_independent_and_repeated_sequence_numbers_are_duplicates()
    {
        var windows = new DeviceWindows(new FeatureMapper(["a", "b"]), window: 1);
        var values = new float[2];
        var mask = new float[2];

        Assert.True(windows.TryPush(R("d1", 5, 1), values, mask, out var duplicate));
        Assert.False(duplicate);
        Assert.False(windows.TryPush(R("d1", 5, 1), values, mask, out duplicate));
        Assert.True(duplicate);
        Assert.False(windows.TryPush(R("d1", 4, 1), values, mask, out duplicate));
        Assert.True(duplicate);
        Assert.True(windows.TryPush(R("d2", 1, 1), values, mask, out _));

        windows.Reset(["d1"]);
        Assert.True(windows.TryPush(R("d1", 5, 1), values, mask, out _));
    }

    [Fact]
    public void A_reading_without_any_model_feature_yields_no_sample()
    {
        var windows = new DeviceWindows(new FeatureMapper(["a", "b"]), window: 1);

        Assert.False(windows.TryPush(new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 1, ["humidity"], [40f]), new float[2], new float[2], out var duplicate));
        Assert.False(duplicate);
    }
}
