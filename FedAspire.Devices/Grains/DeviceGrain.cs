using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Aggregator.Scoring;
using FedAspire.Devices.Training;
using Microsoft.Extensions.Options;

namespace FedAspire.Devices.Grains;

/// <summary>
/// One device: created by its first telemetry (dynamic onboarding: it then registers with its facility), keeps a bounded,
/// time-ordered buffer of readings in memory (the raw stream itself is durable upstream), trains on it when its facility asks,
/// and scores its recent windows with a global model. Readings are deduplicated by sequence number.
/// </summary>
public sealed class DeviceGrain(IOptions<DeviceBufferOptions> options) : Grain, IDeviceGrain
{
    private readonly List<TelemetryReading> _buffer = [];
    private readonly HashSet<long> _sequences = [];
    private long _evictedThrough = long.MinValue;
    private string[]? _features;
    private string? _facilityId;
    private (long Version, OnnxScorer Scorer)? _scorer;

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public Task<IngestResult> IngestAsync(TelemetryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.DeviceId != Id) throw new ArgumentException($"Batch for device '{batch.DeviceId}' sent to device '{Id}'.", nameof(batch));
        if (string.IsNullOrWhiteSpace(batch.FacilityId)) throw new ArgumentException($"Batch for device '{Id}' names no facility.", nameof(batch));
        if (_facilityId != batch.FacilityId)
        {
            _facilityId = batch.FacilityId;
            // One-way: the device never waits on a facility that may be busy training (and calling this device).
            _ = GrainFactory.GetGrain<IFacilityGrain>(_facilityId).RegisterDeviceAsync(Id);
        }
        _features ??= batch.Features.ToArray();
        var mapping = new FeatureMapping(batch.Features, _features);
        var values = new float[_features.Length];
        var mask = new float[_features.Length];
        int accepted = 0, duplicates = 0, rejected = 0;
        foreach (var reading in batch.Readings)
        {
            if (reading.Values is null || reading.Values.Length != batch.Features.Count || reading.Values.Any(float.IsInfinity))
            {
                rejected++;
                continue;
            }
            if (reading.Sequence <= _evictedThrough || !_sequences.Add(reading.Sequence))
            {
                duplicates++;
                continue;
            }
            mapping.Map(reading.Values, values, mask);
            Insert(reading with { Values = (float[])values.Clone() });
            accepted++;
        }
        Evict();
        return Task.FromResult(new IngestResult(accepted, duplicates, rejected, mapping.Unknown, _buffer.Count));
    }

    /// <inheritdoc />
    public Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var windows = Windows(instruction.Spec, instruction.WindowStride);
        if (windows.Count == 0)
            return Task.FromResult(new ParticipantUpdate(Id, instruction.RoundId, instruction.GlobalParameters, 0, float.NaN, float.NaN, 0, 0));
        var result = LocalRound.Train(windows, instruction, Id);
        return Task.FromResult(new ParticipantUpdate(Id, instruction.RoundId, result.Parameters, result.Samples, result.InitialLoss, result.FinalLoss));
    }

    /// <inheritdoc />
    public Task<NormalizationStatisticsSummary> SummarizeFeaturesAsync(IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (_features is null || _buffer.Count == 0)
            return Task.FromResult(new NormalizationStatisticsSummary(Id, 0, new NormalizationStatistics(features.Count)));
        return Task.FromResult(new NormalizationStatisticsSummary(Id, _buffer.Count, LocalRound.Summarize(Rows(), _features, features)));
    }

    /// <inheritdoc />
    public Task<ScoreHistogramSummary> SummarizeScoresAsync(ScoreSummaryInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var windows = Windows(instruction.Spec, instruction.WindowStride);
        var histogram = ScoreHistogram.Create(instruction.Histogram.Lower, instruction.Histogram.Upper, instruction.Histogram.BinCount);
        if (windows.Count > 0) histogram.Add(LocalRound.Score(windows, instruction.Spec, instruction.Parameters, instruction.Normalization));
        return Task.FromResult(new ScoreHistogramSummary(Id, windows.Count, histogram));
    }

    /// <inheritdoc />
    public Task<DeviceScores> ScoreRecentAsync(EvaluationInstruction instruction, int windows)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (windows < 1) throw new ArgumentOutOfRangeException(nameof(windows), windows, "Ask for at least one window.");
        var recent = Windows(instruction.Spec, instruction.WindowStride).TakeLast(windows);
        if (_scorer is not { } cached || cached.Version != instruction.Version)
        {
            _scorer?.Scorer.Dispose();
            _scorer = cached = (instruction.Version, new OnnxScorer(instruction.OnnxModel, instruction.Spec));
        }
        var scores = recent.Count == 0 ? [] : cached.Scorer.Score(recent.Raw, recent.Mask, recent.Count);
        int anomalies = scores.Count(s => s > instruction.Threshold);
        return Task.FromResult(new DeviceScores(Id, instruction.Version, instruction.Threshold, scores, anomalies));
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _scorer?.Scorer.Dispose();
        _scorer = null;
        return Task.CompletedTask;
    }

    private void Insert(TelemetryReading reading)
    {
        // Readings mostly arrive in order: check the tail before searching.
        if (_buffer.Count == 0 || Compare(_buffer[^1], reading) <= 0)
        {
            _buffer.Add(reading);
            return;
        }
        int lo = 0, hi = _buffer.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Compare(_buffer[mid], reading) <= 0) lo = mid + 1; else hi = mid;
        }
        _buffer.Insert(lo, reading);
    }

    private static int Compare(TelemetryReading a, TelemetryReading b)
    {
        int byTime = a.Timestamp.CompareTo(b.Timestamp);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }

    private void Evict()
    {
        int excess = _buffer.Count - Math.Max(1, options.Value.BufferCapacity);
        if (excess <= 0) return;
        for (int i = 0; i < excess; i++)
        {
            _sequences.Remove(_buffer[i].Sequence);
            _evictedThrough = Math.Max(_evictedThrough, _buffer[i].Sequence);
        }
        _buffer.RemoveRange(0, excess);
    }

    private float[] Rows()
    {
        int f = _features!.Length;
        var rows = new float[_buffer.Count * f];
        for (int i = 0; i < _buffer.Count; i++) _buffer[i].Values.CopyTo(rows, i * f);
        return rows;
    }

    private LocalWindows Windows(ModelSpec spec, int stride) =>
        _features is null ? LocalWindows.Create([], spec.Features, spec, stride) : LocalWindows.Create(Rows(), _features, spec, stride);
}
