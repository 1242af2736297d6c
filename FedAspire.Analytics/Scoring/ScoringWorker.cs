using FedAspire.Scoring;
using System.Diagnostics;
using FedAspire.Analytics.Alerts;
using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Model;
using FedAspire.Core.Learning;
using FedAspire.Core.Telemetry;
using FedAspire.ServiceDefaults.Diagnostics;
using Microsoft.Extensions.Options;

namespace FedAspire.Analytics.Scoring;

/// <summary>
/// Telemetry source -> per-device windows -> batched ONNX scoring with the current global model -> predictions (store) and
/// alerts (publisher). A batch that fails is delivered again by the source; records it already saw are dropped by sequence number.
/// </summary>
public sealed partial class ScoringWorker(
    ITelemetrySource source, ScorerSlot slot, IPredictionStore store, IAlertPublisher alerts, TimeProvider time,
    IOptions<ScoringOptions> options, ILogger<ScoringWorker> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private ScorerState? _state;
    private long _unscored;

    /// <summary>Records that arrived while no model was loaded (they are acknowledged, not scored).</summary>
    public long Unscored => Interlocked.Read(ref _unscored);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(source.Description, store.Description, alerts.Description);
        return source.RunAsync(HandleAsync, stoppingToken);
    }

    /// <summary>Scores one batch of records; public so tests and embedded hosts can drive it without a source.</summary>
    public async ValueTask HandleAsync(IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        FedAspireDiagnostics.RecordsIngested.Add(records.Count, new KeyValuePair<string, object?>("consumer", "analytics"));
        using var lease = slot.Lease();
        if (lease is null)
        {
            if (Interlocked.Add(ref _unscored, records.Count) == records.Count) LogNoModel();
            return;
        }
        using var activity = FedAspireDiagnostics.ActivitySource.StartActivity("analytics.score.batch");
        var scorer = lease.Scorer;
        var state = StateFor(scorer);
        List<Prediction> predictions;
        // One batch at a time per device state (shared by consecutive versions of the same shape), which also guards the buffers.
        lock (state.Windows)
        {
            try
            {
                predictions = Score(state, scorer, records);
            }
            catch
            {
                state.Windows.Reset(records.Select(r => r.DeviceId).Distinct());
                throw;
            }
        }
        try
        {
            await store.AddAsync(predictions, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var anomalies = predictions.Where(p => p.Anomaly).Select(p => new AnomalyAlert(p, now)).ToList();
            if (anomalies.Count > 0) await alerts.PublishAsync(anomalies, cancellationToken).ConfigureAwait(false);
            var tag = new KeyValuePair<string, object?>("federation", scorer.Info.Federation);
            FedAspireDiagnostics.RecordsScored.Add(predictions.Count, tag);
            if (anomalies.Count > 0) FedAspireDiagnostics.Anomalies.Add(anomalies.Count, tag);
            activity?.SetTag("fedaspire.records", records.Count).SetTag("fedaspire.anomalies", anomalies.Count).SetTag("fedaspire.model.version", scorer.Info.Version);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            // The source redelivers the batch: forget these devices' sequence numbers so it is scored again.
            lock (state.Windows) state.Windows.Reset(records.Select(r => r.DeviceId).Distinct());
            throw;
        }
    }

    private static List<Prediction> Score(ScorerState state, OnnxScorer scorer, IReadOnlyList<TelemetryRecord> records)
    {
        var info = scorer.Info;
        var batch = state.Batch;
        var predictions = new List<Prediction>(records.Count);
        var pending = state.Pending;
        int count = 0;
        foreach (var record in records)
        {
            if (!state.Windows.TryPush(record, batch.ValuesOf(count), batch.MaskOf(count), out _)) continue;
            state.PendingNormalization[count] = state.Windows.LastNormalization;
            pending[count++] = record;
            if (count == batch.Capacity) count = Flush(scorer, batch, state, count, info, predictions);
        }
        Flush(scorer, batch, state, count, info, predictions);
        return predictions;
    }

    private static int Flush(OnnxScorer scorer, ScoringBatch batch, ScorerState state, int count, ScoringModelInfo info, List<Prediction> predictions)
    {
        if (count == 0) return 0;
        scorer.Score(batch, count);
        int features = batch.Features;
        for (int i = 0; i < count; i++)
        {
            var r = state.Pending[i];
            float score = batch.Scores[i];
            // Each device alarms at its own calibrated threshold, else its facility's, else the federation's.
            float threshold = info.ThresholdFor(r.DeviceId, r.FacilityId);
            bool anomaly = ScoringModelInfo.Exceeds(score, threshold);
            state.Windows.Observe(r.DeviceId, batch.ValuesOf(i)[^features..], batch.MaskOf(i)[^features..], state.PendingNormalization[i], anomaly);
            predictions.Add(new Prediction(r.DeviceId, r.FacilityId, r.Timestamp, r.Sequence, score, threshold, anomaly, info.Federation, info.Version));
        }
        return 0;
    }

    private ScorerState StateFor(OnnxScorer scorer)
    {
        lock (_gate)
        {
            if (_state is { } s && ReferenceEquals(s.Scorer, scorer)) return s;
            // A new version of the same shape keeps each device's recent readings and its own statistics (a warm-up per version would
            // silence a device for its first readings after every round); other features, window or normalization start afresh.
            var info = scorer.Info;
            var previous = _state;
            bool sameShape = previous is { } p && p.Scorer.Info.Window == info.Window && p.Scorer.Info.LocalNormalization == info.LocalNormalization
                && p.Scorer.Info.Features.SequenceEqual(info.Features, StringComparer.Ordinal);
            var statistics = info.LocalNormalization ? new DeviceStatisticsOptions(options.Value.WarmupReadings, options.Value.DriftHorizonReadings) : null;
            var windows = sameShape ? previous!.Windows : new DeviceWindows(new FeatureMapper(info.Features), info.Window, statistics);
            // The previous batch's buffers may still be in use by a batch that leased the old version: it is disposed once that batch
            // is done, under the windows' lock (the same lock every batch holds).
            if (previous is not null) lock (previous.Windows) previous.Batch.Dispose();
            var batch = scorer.CreateBatch(Math.Max(1, options.Value.BatchSize));
            _state = new ScorerState(scorer, batch, windows, new TelemetryRecord[batch.Capacity]);
            return _state;
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        lock (_gate) _state?.Batch.Dispose();
        base.Dispose();
    }

    private sealed record ScorerState(OnnxScorer Scorer, ScoringBatch Batch, DeviceWindows Windows, TelemetryRecord[] Pending)
    {
        /// <summary>The statistics each pending sample was standardized with, so its reading reaches its device's tracker as scored.</summary>
        public FeatureNormalization?[] PendingNormalization { get; } = new FeatureNormalization?[Pending.Length];
    }

    [LoggerMessage(LogLevel.Information, "Scoring telemetry from {Source}; predictions -> {Store}; alerts -> {Alerts}")]
    private partial void LogStarted(string source, string store, string alerts);

    [LoggerMessage(LogLevel.Warning, "Telemetry arrives but no global model is loaded yet; records are acknowledged without scores until one appears")]
    private partial void LogNoModel();
}
