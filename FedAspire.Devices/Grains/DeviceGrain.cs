using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Telemetry;
using FedAspire.Scoring;
using FedAspire.Devices.Facilities;
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
    private string? _id;
    private ReadingBuffer? _buffer;
    private string[]? _features;
    private string? _facilityId;
    private FeatureMapping? _mapping;
    private float[] _row = [];
    private (long Version, OnnxScorer Scorer)? _scorer;

    // The key string is rebuilt from the grain id on every read: keep it, ingest checks it on every batch.
    private string Id => _id ??= this.GetPrimaryKeyString();

    private int Buffered => _buffer?.Count ?? 0;

    /// <inheritdoc />
    public Task<IngestResult> IngestAsync(TelemetryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.DeviceId != Id) throw new ArgumentException($"Batch for device '{batch.DeviceId}' sent to device '{Id}'.", nameof(batch));
        if (string.IsNullOrWhiteSpace(batch.FacilityId)) throw new ArgumentException($"Batch for device '{Id}' names no facility.", nameof(batch));
        // Columns that disagree cannot be split into readings: every reading of the batch is refused, counted, not thrown.
        if (!batch.IsWellFormed) return Task.FromResult(new IngestResult(0, 0, batch.Sequences?.Length ?? 0, 0, Buffered));
        if (_facilityId != batch.FacilityId)
        {
            _facilityId = batch.FacilityId;
            // One-way: the device never waits on a facility that may be busy training (and calling this device).
            _ = GrainFactory.GetGrain<IFacilityGrain>(_facilityId).RegisterDeviceAsync(Id);
        }
        if (_features is null)
        {
            _features = [.. batch.Features];
            _buffer = new ReadingBuffer(_features.Length, Math.Max(1, options.Value.BufferCapacity));
            _row = new float[_features.Length];
        }
        var mapping = MappingFrom(batch.Features);
        int accepted = 0, duplicates = 0, rejected = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var values = batch.Row(i);
            if (values.ContainsAny(float.PositiveInfinity, float.NegativeInfinity))
            {
                rejected++;
                continue;
            }
            if (_buffer!.HasSeen(batch.Sequences[i]))
            {
                duplicates++;
                continue;
            }
            mapping.MapRow(values, _row);
            _buffer.TryAdd(batch.Sequences[i], batch.TimestampTicks[i], _row);
            accepted++;
        }
        return Task.FromResult(new IngestResult(accepted, duplicates, rejected, mapping.Unknown, _buffer!.Count));
    }

    // A device's batches mostly carry the feature list of the previous one: build the name mapping only when it changes.
    private FeatureMapping MappingFrom(string[] features)
    {
        if (_mapping is { } last && last.HasSource(features)) return last;
        return _mapping = new FeatureMapping(features, _features!);
    }

    /// <inheritdoc />
    public Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var detection = instruction.Detection ?? DetectionSettings.Default;
        var windows = Windows(instruction.Spec, instruction.WindowStride, detection.CalibrationFraction);
        if (windows.Train.Count == 0)
            return Task.FromResult(new ParticipantUpdate(Id, instruction.RoundId, instruction.GlobalParameters, 0, float.NaN, float.NaN, 0, 0));
        var result = LocalRound.Train(windows.Train, instruction, Id, windows.NormalizationFor(detection.Normalization, instruction.Normalization));
        return Task.FromResult(new ParticipantUpdate(Id, instruction.RoundId, result.Parameters, result.Samples, result.InitialLoss, result.FinalLoss));
    }

    /// <inheritdoc />
    public Task<NormalizationStatisticsSummary> SummarizeFeaturesAsync(IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (_features is null || Buffered == 0)
            return Task.FromResult(new NormalizationStatisticsSummary(Id, 0, new NormalizationStatistics(features.Count)));
        return Task.FromResult(new NormalizationStatisticsSummary(Id, Buffered, LocalRound.Summarize(Rows(), _features, features)));
    }

    /// <inheritdoc />
    public Task<ScoreHistogramSummary> SummarizeScoresAsync(ScoreSummaryInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var detection = instruction.Detection ?? DetectionSettings.Default;
        var windows = Windows(instruction.Spec, instruction.WindowStride, detection.CalibrationFraction);
        return Task.FromResult(LocalRound.Calibrate(windows.Calibration, instruction, Id, windows.NormalizationFor(detection.Normalization, instruction.Normalization),
            windows.Tracker(detection, warm: false)));
    }

    /// <inheritdoc />
    public Task<DeviceScores> ScoreRecentAsync(EvaluationInstruction instruction, int windows)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (windows < 1) throw new ArgumentOutOfRangeException(nameof(windows), windows, "Ask for at least one window.");
        var detection = instruction.Detection ?? DetectionSettings.Default;
        var own = Windows(instruction.Spec, instruction.WindowStride, detection.CalibrationFraction);
        var recent = LocalWindows.Create(Rows(), _features ?? instruction.Spec.Features, instruction.Spec, instruction.WindowStride).TakeLast(windows);
        if (_scorer is not { } cached || cached.Version != instruction.Version)
        {
            _scorer?.Scorer.Dispose();
            _scorer = cached = (instruction.Version, new OnnxScorer(instruction.OnnxModel));
        }
        var scores = recent.Count == 0 ? [] : cached.Scorer.ScoreWindows(recent.Raw, recent.Mask, recent.Count,
            detection.Normalization == NormalizationMode.Local ? (own.Tracker(detection, warm: true)?.Normalization ?? own.LocalNormalization) : null);
        // Under local normalization the means are the device's latest (followed through its calibration rows, which end its buffer).
        // A device scores at its own calibrated threshold when the version has one for it, else its facility's, else the federation's.
        float threshold = instruction.ParticipantThresholds?.ContainsKey(Id) == true || _facilityId is null
            ? instruction.ThresholdFor(Id) : instruction.ThresholdFor(_facilityId);
        int anomalies = scores.Count(s => s > threshold);
        return Task.FromResult(new DeviceScores(Id, instruction.Version, threshold, scores, anomalies));
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _scorer?.Scorer.Dispose();
        _scorer = null;
        return Task.CompletedTask;
    }

    private float[] Rows() => _buffer?.ToRows() ?? [];

    /// <summary>
    /// The buffer as a participant's data: its earlier readings train, the latest <paramref name="calibrationFraction"/> calibrate (the
    /// buffer is a rolling window, so calibration follows the device's recent normal operation), and it holds no labelled held-out part.
    /// </summary>
    private ParticipantWindows Windows(ModelSpec spec, int stride, double calibrationFraction)
    {
        var features = _features ?? spec.Features;
        return ParticipantWindows.Create(new FacilityPartition(features, Rows(), [], []) { HasLabels = false }, spec, stride, calibrationFraction);
    }
}
