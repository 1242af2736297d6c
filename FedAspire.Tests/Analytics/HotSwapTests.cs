using FedAspire.Analytics.Alerts;
using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Models;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class HotSwapTests : IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "fedaspire-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_registry)) Directory.Delete(_registry, recursive: true);
    }

    private static TelemetryRecord Reading(string device, long seq) =>
        new(device, "plant-a", DateTimeOffset.UtcNow, seq, AnalyticsModels.BearingFeatures, Enumerable.Range(0, 8).Select(i => 0.3f * i - 1f).ToArray());

    private (ModelWatcher Watcher, ScorerSlot Slot, ScoringWorker Worker, EmbeddedPredictionStore Store, InProcessAlertPublisher Alerts) Pipeline()
    {
        var slot = new ScorerSlot();
        var watcher = new ModelWatcher(new RegistryDirectoryModelSource(_registry, "bearings"), slot,
            Options.Create(new ModelWatcherOptions { Federation = "bearings" }), NullLogger<ModelWatcher>.Instance);
        var store = new EmbeddedPredictionStore(new PredictionStoreOptions { Directory = null });
        var alerts = new InProcessAlertPublisher();
        var source = new InProcessTelemetrySource(new InProcessTelemetryBus(), "analytics", TelemetryValidator.Default, new InMemoryDeadLetterSink(), new TelemetryIngestionCounters());
        var worker = new ScoringWorker(source, slot, store, alerts, TimeProvider.System, Options.Create(new ScoringOptions { BatchSize = 4 }), NullLogger<ScoringWorker>.Instance);
        return (watcher, slot, worker, store, alerts);
    }

    [Fact]
    public async Task A_new_version_is_swapped_in_while_a_batch_in_flight_finishes_on_the_old_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var (watcher, slot, worker, store, _) = Pipeline();
        using var _slot = slot;
        using var _store = store;
        using var _worker = worker;

        Assert.False(await watcher.PollOnceAsync(ct));
        await worker.HandleAsync([Reading("d1", 1)], ct);
        Assert.Equal(1, worker.Unscored);

        AnalyticsModels.Publish(_registry, "bearings", 1, AnalyticsModels.Bearing(version: 1, seed: 1));
        Assert.True(await watcher.PollOnceAsync(ct));
        Assert.False(await watcher.PollOnceAsync(ct));
        await worker.HandleAsync([Reading("d1", 2), Reading("d2", 1)], ct);

        using (var inFlight = slot.Lease())
        {
            AnalyticsModels.Publish(_registry, "bearings", 2, AnalyticsModels.Bearing(version: 2, seed: 2));
            Assert.True(await watcher.PollOnceAsync(ct));
            Assert.Equal(2, slot.Current!.Version);

            // The old session is still alive for the batch that leased it.
            using var oldBatch = inFlight!.Scorer.CreateBatch(1);
            oldBatch.Mask.AsSpan().Fill(1f);
            inFlight.Scorer.Score(oldBatch, 1);
            Assert.Equal(1, inFlight.Scorer.Info.Version);
            Assert.True(float.IsFinite(oldBatch.Scores[0]));
        }

        await worker.HandleAsync([Reading("d1", 3), Reading("d2", 2)], ct);

        var d1 = await store.GetDeviceScoresAsync("d1", null, 10, ct);
        Assert.Equal([3L, 2L], d1.Select(p => p.Sequence));
        Assert.Equal([2L, 1L], d1.Select(p => p.ModelVersion));
        // Same reading, different global model: a different score.
        Assert.NotEqual(d1[0].Score, d1[1].Score);
    }

    [Fact]
    public async Task Redelivered_records_are_dropped_by_sequence_and_anomalies_are_alerted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (watcher, slot, worker, store, alerts) = Pipeline();
        using var _slot = slot;
        using var _store = store;
        using var _worker = worker;
        AnalyticsModels.Publish(_registry, "bearings", 1, AnalyticsModels.Bearing(version: 1, seed: 1, threshold: 0f));
        await watcher.PollOnceAsync(ct);

        var batch = Enumerable.Range(1, 6).Select(i => Reading("d1", i)).ToArray();
        await worker.HandleAsync(batch, ct);
        await worker.HandleAsync(batch, ct);

        var scores = await store.GetDeviceScoresAsync("d1", null, 100, ct);
        Assert.Equal(6, scores.Count);
        Assert.All(scores, p => Assert.True(p.Anomaly));
        Assert.Equal(6, alerts.Published);
        Assert.All(alerts.Recent, a => Assert.Equal("d1", a.Prediction.DeviceId));
    }

    [Fact]
    public async Task A_model_that_cannot_be_loaded_is_skipped_and_the_current_one_stays()
    {
        var ct = TestContext.Current.CancellationToken;
        var (watcher, slot, worker, store, _) = Pipeline();
        using var _slot = slot;
        using var _store = store;
        using var _worker = worker;
        AnalyticsModels.Publish(_registry, "bearings", 1, AnalyticsModels.Bearing(version: 1, seed: 1));
        await watcher.PollOnceAsync(ct);

        AnalyticsModels.Publish(_registry, "bearings", 2, [0x08, 0x01, 0xFF]);

        Assert.False(await watcher.PollOnceAsync(ct));
        Assert.Equal(1, slot.Current!.Version);
    }

    [Fact]
    public async Task A_federation_started_over_or_a_replaced_file_is_followed_even_under_a_lower_or_equal_version()
    {
        var ct = TestContext.Current.CancellationToken;
        var (watcher, slot, worker, store, _) = Pipeline();
        using var _slot = slot;
        using var _store = store;
        using var _worker = worker;
        AnalyticsModels.Publish(_registry, "bearings", 3, AnalyticsModels.Bearing(version: 3, seed: 1));
        Assert.True(await watcher.PollOnceAsync(ct));
        var first = watcher.CurrentIdentity;

        // The registry is deleted (the README's "start over") and the new federation publishes version 1.
        Directory.Delete(_registry, recursive: true);
        AnalyticsModels.Publish(_registry, "bearings", 1, AnalyticsModels.Bearing(version: 1, seed: 2));
        await File.WriteAllTextAsync(Path.Combine(_registry, "bearings", "epoch"), "new-epoch", ct);
        Assert.True(await watcher.PollOnceAsync(ct));
        Assert.Equal(1, slot.Current!.Version);
        Assert.NotEqual(first, watcher.CurrentIdentity);

        // The same number with a different file.
        AnalyticsModels.Publish(_registry, "bearings", 1, AnalyticsModels.Bearing(version: 1, seed: 3));
        Assert.True(await watcher.PollOnceAsync(ct));
        Assert.False(await watcher.PollOnceAsync(ct));
    }
}

