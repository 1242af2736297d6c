using FedAspire.Scoring;
using FedAspire.Analytics.Alerts;
using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Models;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FedAspire.Tests.Analytics;

/// <summary>
/// Streaming scoring of a version calibrated under local normalization: each device is standardized with its own statistics
/// (measured on its first readings) and alarms at its own facility's threshold from the export's metadata.
/// </summary>
[Trait("Area", "Topology")]
public sealed class LocalNormalizationScoringTests : IDisposable
{
    private const int Warmup = 64;
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "fedaspire-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_registry)) Directory.Delete(_registry, recursive: true);
    }

    [Fact]
    public async Task Devices_in_different_units_score_alike_and_alarm_at_their_facilitys_threshold()
    {
        var ct = TestContext.Current.CancellationToken;
        var spec = AnalyticsModels.Bearing();
        var parameters = AnalyticsModels.Parameters(spec, seed: 3);
        var normal = Rows(Warmup + 40, seed: 5);
        var anomaly = (float[])normal[^1].Clone();
        anomaly[0] += 40f; // 40 standard deviations on one sensor

        // The in-process reference: the device's first readings give its statistics; later readings are scored with them.
        var statistics = new NormalizationStatistics(spec.FeatureCount);
        foreach (var row in normal.Take(Warmup)) statistics.Observe(row, []);
        var reference = new Autoencoder(spec, parameters);
        float ScoreOf(float[] row)
        {
            var scores = new float[1];
            reference.Score(SampleSet.FromRaw(row, Enumerable.Repeat(1f, row.Length).ToArray(), spec.InputSize, statistics.ToNormalization()), scores);
            return scores[0];
        }
        float normalMax = normal.Skip(Warmup).Max(ScoreOf), anomalous = ScoreOf(anomaly);
        Assert.True(anomalous > 1.5f * normalMax, $"the test needs a clear anomaly ({anomalous} against {normalMax})");
        float plantB = (normalMax + anomalous) / 2; // alarms on the anomaly only
        float plantA = anomalous * 10;              // never alarms
        var calibration = new ModelCalibration(NormalizationMode.Local, 0.01, float.MaxValue, 1000,
            [new ParticipantCalibration("plant-a", 500, plantA, true), new ParticipantCalibration("plant-b", 500, plantB, true)]);
        var onnx = OnnxExporter.Export(spec, parameters, FeatureNormalization.Identity(spec.FeatureCount),
            new OnnxExportMetadata("bearings", 1, 1, float.MaxValue, Calibration: calibration));
        using (var direct = new OnnxScorer(onnx)) Assert.True(direct.Info.LocalNormalization);
        AnalyticsModels.Publish(_registry, "bearings", 1, onnx);

        var (watcher, slot, worker, store, alerts) = Pipeline();
        using var _slot = slot;
        using var _store = store;
        using var _worker = worker;
        Assert.True(await watcher.PollOnceAsync(ct));
        Assert.True(slot.Current!.LocalNormalization);

        // Device a reports in one unit, device b in another (x 1000, offset 5000): the same pattern, so the same scores.
        long seq = 0;
        foreach (var row in normal)
        {
            seq++;
            await worker.HandleAsync([Reading("a-1", "plant-a", seq, row, 1, 0), Reading("b-1", "plant-b", seq, row, 1000, 5000)], ct);
        }
        await worker.HandleAsync([Reading("b-1", "plant-b", ++seq, anomaly, 1000, 5000), Reading("a-1", "plant-a", seq, anomaly, 1, 0)], ct);

        var a = await store.GetDeviceScoresAsync("a-1", null, 1000, ct);
        var b = await store.GetDeviceScoresAsync("b-1", null, 1000, ct);
        Assert.Equal(normal.Length - Warmup + 1, a.Count); // the warm-up readings are not scored
        Assert.Equal(a.Count, b.Count);
        foreach (var (pa, pb) in a.OrderBy(p => p.Sequence).Zip(b.OrderBy(p => p.Sequence)))
        {
            Assert.Equal(pa.Score, pb.Score, pa.Score * 1e-3 + 1e-4);
            Assert.Equal((plantA, plantB), (pa.Threshold, pb.Threshold));
        }
        // ONNX Runtime with per-device statistics agrees with the in-process reference.
        Assert.Equal(anomalous, a.Single(p => p.Sequence == seq).Score, anomalous * 1e-3);
        var alert = Assert.Single(alerts.Recent);
        Assert.Equal(("b-1", seq, plantB), (alert.Prediction.DeviceId, alert.Prediction.Sequence, alert.Prediction.Threshold));
    }

    [Fact]
    public async Task A_new_version_of_the_same_shape_keeps_each_devices_statistics()
    {
        var ct = TestContext.Current.CancellationToken;
        var spec = AnalyticsModels.Bearing();
        byte[] Version(long v) => OnnxExporter.Export(spec, AnalyticsModels.Parameters(spec, seed: (int)v), FeatureNormalization.Identity(spec.FeatureCount),
            new OnnxExportMetadata("bearings", v, (int)v, 1f, Calibration: new ModelCalibration(NormalizationMode.Local, 0.01, 1f, 10, [])));
        AnalyticsModels.Publish(_registry, "bearings", 1, Version(1));
        var (watcher, slot, worker, store, _) = Pipeline();
        using var _slot = slot;
        using var _store = store;
        using var _worker = worker;
        Assert.True(await watcher.PollOnceAsync(ct));
        var rows = Rows(Warmup + 1, seed: 7);
        for (int i = 0; i < rows.Length; i++) await worker.HandleAsync([Reading("a-1", "plant-a", i + 1, rows[i], 1, 0)], ct);
        Assert.Single(await store.GetDeviceScoresAsync("a-1", null, 100, ct)); // warm-up done, one prediction

        // A round publishes version 2: the very next reading is scored with it, no second warm-up.
        AnalyticsModels.Publish(_registry, "bearings", 2, Version(2));
        Assert.True(await watcher.PollOnceAsync(ct));
        await worker.HandleAsync([Reading("a-1", "plant-a", rows.Length + 1, rows[0], 1, 0)], ct);
        var scores = await store.GetDeviceScoresAsync("a-1", null, 100, ct);
        Assert.Equal([1L, 2L], scores.Select(p => p.ModelVersion).Order());
    }

    [Fact]
    public void A_device_without_its_own_threshold_gets_its_facilitys_then_the_federations()
    {
        var info = new ScoringModelInfo("f", 1, 1, ["x"], 1, 9f)
        {
            ParticipantThresholds = new Dictionary<string, float> { ["plant-a"] = 2f, ["d-7"] = 3f },
        };
        Assert.Equal(3f, info.ThresholdFor("d-7", "plant-a"));
        Assert.Equal(2f, info.ThresholdFor("d-new", "plant-a"));
        Assert.Equal(9f, info.ThresholdFor("d-new", "plant-z"));
    }

    private static float[][] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 8)
            .Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray()).ToArray();
    }

    private static TelemetryRecord Reading(string device, string facility, long seq, float[] row, float gain, float offset) =>
        new(device, facility, Start.AddSeconds(seq), seq, AnalyticsModels.BearingFeatures, row.Select(v => v * gain + offset).ToArray());

    private (ModelWatcher Watcher, ScorerSlot Slot, ScoringWorker Worker, EmbeddedPredictionStore Store, InProcessAlertPublisher Alerts) Pipeline()
    {
        var slot = new ScorerSlot();
        var watcher = new ModelWatcher(new RegistryDirectoryModelSource(_registry, "bearings"), slot,
            Options.Create(new ModelWatcherOptions { Federation = "bearings" }), NullLogger<ModelWatcher>.Instance);
        var store = new EmbeddedPredictionStore(new PredictionStoreOptions { Directory = null });
        var alerts = new InProcessAlertPublisher();
        var source = new InProcessTelemetrySource(new InProcessTelemetryBus(), "analytics", TelemetryValidator.Default, new InMemoryDeadLetterSink(), new TelemetryIngestionCounters());
        // A long horizon keeps the means at the warm-up statistics the in-process reference uses.
        var options = new ScoringOptions { BatchSize = 4, WarmupReadings = Warmup, DriftHorizonReadings = 1 << 24 };
        var worker = new ScoringWorker(source, slot, store, alerts, TimeProvider.System, Options.Create(options), NullLogger<ScoringWorker>.Instance);
        return (watcher, slot, worker, store, alerts);
    }
}
