using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Model;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class EmbeddedPredictionStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fedaspire-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static Prediction At(string device, DateTimeOffset time, long seq, bool anomaly = false) =>
        new(device, "plant-a", time, seq, anomaly ? 9f : 0.1f, 1f, anomaly, "pumps", 1);

    [Fact]
    public async Task Queries_return_newest_first_within_limits()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        using var store = new EmbeddedPredictionStore(new PredictionStoreOptions { Directory = null, PerDeviceCapacity = 3 }, clock);
        var t = clock.GetUtcNow();
        var ct = TestContext.Current.CancellationToken;

        await store.AddAsync([At("d1", t.AddSeconds(-4), 1), At("d1", t.AddSeconds(-3), 2, anomaly: true), At("d2", t.AddSeconds(-2), 1, anomaly: true)], ct);
        await store.AddAsync([At("d1", t.AddSeconds(-1), 3), At("d1", t, 4)], ct);

        Assert.Equal([4L, 3L, 2L], (await store.GetDeviceScoresAsync("d1", null, 10, ct)).Select(p => p.Sequence));
        Assert.Equal([4L], (await store.GetDeviceScoresAsync("d1", null, 1, ct)).Select(p => p.Sequence));
        Assert.Equal(["d2", "d1"], (await store.GetAnomaliesAsync(null, 10, ct)).Select(p => p.DeviceId));
        Assert.Equal(["d2"], (await store.GetAnomaliesAsync(t.AddSeconds(-2.5), 10, ct)).Select(p => p.DeviceId));
        Assert.Empty(await store.GetDeviceScoresAsync("unknown", null, 10, ct));
    }

    [Fact]
    public async Task Retention_hides_old_predictions_and_deletes_expired_day_files()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        using var store = new EmbeddedPredictionStore(new PredictionStoreOptions { Directory = _dir, Retention = TimeSpan.FromDays(1) }, clock);
        var ct = TestContext.Current.CancellationToken;

        await store.AddAsync([At("d1", clock.GetUtcNow(), 1, anomaly: true)], ct);
        Assert.Single(store.DayFiles());
        Assert.Single(await store.GetAnomaliesAsync(null, 10, ct));

        clock.Advance(TimeSpan.FromDays(3));
        await store.AddAsync([At("d1", clock.GetUtcNow(), 2)], ct);

        Assert.Empty(await store.GetAnomaliesAsync(null, 10, ct));
        Assert.Equal([2L], (await store.GetDeviceScoresAsync("d1", null, 10, ct)).Select(p => p.Sequence));
        var file = Assert.Single(store.DayFiles());
        Assert.EndsWith("predictions-20261123.jsonl", file, StringComparison.Ordinal);
        Assert.Contains("\"sequence\":2", await File.ReadAllTextAsync(file, ct), StringComparison.Ordinal);
    }
}
