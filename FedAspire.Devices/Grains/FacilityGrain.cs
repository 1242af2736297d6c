using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Privacy;
using FedAspire.Core.SecureAggregation;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Training;

namespace FedAspire.Devices.Grains;

/// <summary>
/// A facility: trains on its own partition (from <see cref="IFacilityDataSource"/>) and, as edge aggregator, asks its devices to train
/// too, then folds all local models into one sample-weighted FedAvg update (hierarchical FedAvg: the same result as flat FedAvg
/// over every local model, so the federation's aggregator only ever talks to facilities).
/// </summary>
public sealed class FacilityGrain(
    [PersistentState("facility", FederationNames.StorageProvider)] IPersistentState<FacilityState> state,
    IFacilityDataSource dataSource) : Grain, IFacilityGrain
{
    private FacilityPartition? _partition;
    private bool _loaded;
    private ParticipantWindows? _windows;
    private List<string> _devices = [];   // sorted; the persisted list is a snapshot of it taken at each write
    private Task? _devicesWrite;
    private bool _devicesDirty;
    private readonly SecureParticipation _secure = new();

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _devices = [.. state.State.Devices];
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _secure.AbandonAll();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        cancellationToken.ThrowIfCancellationRequested();
        var deviceTasks = _devices.Select(d => TrainDeviceAsync(d, instruction)).ToList();
        var local = new List<(string Id, LocalRound.LocalResult Result)>();
        var detection = instruction.Detection ?? DetectionSettings.Default;
        var own = await WindowsAsync(instruction.Spec, instruction.WindowStride, detection);
        if (own?.Train.Count > 0)
            local.Add((Id, LocalRound.Train(own.Train, instruction, Id, own.NormalizationFor(detection.Normalization, instruction.Normalization), cancellationToken)));
        int failed = 0;
        foreach (var (device, result) in await Task.WhenAll(deviceTasks))
        {
            if (result is { SampleCount: > 0 } update && update.RoundId == instruction.RoundId && update.Parameters.Length == instruction.GlobalParameters.Length)
                local.Add((device, new LocalRound.LocalResult(update.Parameters, update.SampleCount, update.InitialLoss, update.FinalLoss)));
            else failed++;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (local.Count == 0)
            return new ParticipantUpdate(Id, instruction.RoundId, instruction.GlobalParameters, 0, float.NaN, float.NaN, 0, failed);

        local.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        long samples = local.Sum(l => l.Result.Samples);
        float initial = (float)(local.Sum(l => (double)l.Result.InitialLoss * l.Result.Samples) / samples);
        float final = (float)(local.Sum(l => (double)l.Result.FinalLoss * l.Result.Samples) / samples);
        var parameters = local.Count == 1
            ? local[0].Result.Parameters
            : AggregationStrategies.Create(new StrategyOptions("fedavg"), instruction.GlobalParameters.Length)
                .Aggregate(instruction.GlobalParameters, local.Select(l => new ClientUpdate(l.Id, l.Result.Parameters, l.Result.Samples)).ToList());
        // Local DP: the update is clipped and noised here, before it leaves the facility, so the server never sees it in the clear.
        if (instruction.Privacy is { IsLocal: true } privacy)
            parameters = DifferentialPrivacy.Privatize(instruction.GlobalParameters, parameters, privacy, DifferentialPrivacy.NoiseSeed(privacy, instruction.RoundId, Id));
        return new ParticipantUpdate(Id, instruction.RoundId, parameters, samples, initial, final, local.Count, failed);
    }

    /// <inheritdoc />
    public async Task<SecureTrainingReply> TrainSecurelyAsync(RoundInstruction instruction, SecureRoundSetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var update = await TrainAsync(instruction, cancellationToken);
        return _secure.Begin(instruction.Federation, update, setup);
    }

    /// <inheritdoc />
    public Task<ShareKeysMessage> ShareKeysAsync(ShareKeysRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secure.ShareKeys(request));

    /// <inheritdoc />
    public Task<MaskedInputMessage> MaskInputAsync(SecureInputRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secure.MaskInput(request));

    /// <inheritdoc />
    public Task<UnmaskingResponse> UnmaskAsync(UnmaskingRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secure.Unmask(request));

    /// <inheritdoc />
    public async Task<ParticipantEvaluation> EvaluateAsync(EvaluationInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        cancellationToken.ThrowIfCancellationRequested();
        var detection = instruction.Detection ?? DetectionSettings.Default;
        var windows = await WindowsAsync(instruction.Spec, instruction.WindowStride, detection);
        return LocalRound.Evaluate(windows?.HeldOut, instruction, Id, detection.Normalization == NormalizationMode.Local ? windows?.LocalNormalization : null,
            windows?.Tracker(detection, warm: true));
    }

    /// <inheritdoc />
    public async Task<NormalizationStatisticsSummary> SummarizeFeaturesAsync(IReadOnlyList<string> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        cancellationToken.ThrowIfCancellationRequested();
        var deviceTasks = _devices.Select(d => GrainFactory.GetGrain<IDeviceGrain>(d).SummarizeFeaturesAsync(features)).ToList();
        var partition = await PartitionAsync();
        var statistics = partition is null
            ? new NormalizationStatistics(features.Count)
            : LocalRound.Summarize(partition.TrainRows, partition.Features, features);
        long rows = partition?.TrainCount ?? 0;
        foreach (var summary in (await Task.WhenAll(deviceTasks)).OrderBy(s => s.ParticipantId, StringComparer.Ordinal))
        {
            if (summary.Rows == 0) continue;
            statistics = NormalizationStatistics.Merge(statistics, summary.Statistics);
            rows += summary.Rows;
        }
        return new NormalizationStatisticsSummary(Id, rows, statistics);
    }

    /// <inheritdoc />
    public async Task<ScoreHistogramSummary> SummarizeScoresAsync(ScoreSummaryInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        cancellationToken.ThrowIfCancellationRequested();
        var detection = instruction.Detection ?? DetectionSettings.Default;
        // Calibration rows are normal by construction; a device's buffer is whatever it streamed, faults included (the simulator
        // replays the pump sample's anomalies: 100 devices' buffered faults set facility thresholds no anomaly reached, MAR 1.0).
        // So buffered windows calibrate a facility only when it holds no calibration rows of its own.
        if (await WindowsAsync(instruction.Spec, instruction.WindowStride, detection) is { Calibration.Count: > 0 } own)
            return LocalRound.Calibrate(own.Calibration, instruction, Id, own.NormalizationFor(detection.Normalization, instruction.Normalization),
                own.Tracker(detection, warm: false));
        var summaries = (await Task.WhenAll(_devices.Select(d => GrainFactory.GetGrain<IDeviceGrain>(d).SummarizeScoresAsync(instruction))))
            .Where(s => s.Windows > 0).ToList();
        if (summaries.Count == 0) return new ScoreHistogramSummary(Id, 0, ScoreHistogram.Create(instruction.Histogram.Lower, instruction.Histogram.Upper, instruction.Histogram.BinCount));
        // Devices only: the facility's threshold is the conformal one over all of their calibration windows together.
        var histogram = ModelCalibration.MergeHistograms(summaries, instruction.Histogram);
        return new ScoreHistogramSummary(Id, histogram.Total, histogram, ModelCalibration.ThresholdOf(histogram, detection.FalseAlarmTarget));
    }

    /// <inheritdoc />
    public async Task RegisterDeviceAsync(string deviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        int at = _devices.BinarySearch(deviceId, StringComparer.Ordinal);
        if (at >= 0) return;
        _devices.Insert(~at, deviceId);
        await PersistDevicesAsync();
    }

    /// <summary>
    /// Writes the device list once for every burst of registrations: registrations interleave, and one arriving while a write is in
    /// flight is covered by the next write, so onboarding N devices costs a few writes instead of N writes of a growing list.
    /// Each registration still returns only after a write that includes it.
    /// </summary>
    private async Task PersistDevicesAsync()
    {
        _devicesDirty = true;
        while (_devicesDirty)
        {
            if (_devicesWrite is { IsCompleted: false } running)
            {
                await running;
                continue;
            }
            _devicesDirty = false;
            // Storage may serialize after its first await while registrations keep inserting: it gets a snapshot it alone holds.
            state.State.Devices = [.. _devices];
            var write = _devicesWrite = state.WriteStateAsync();
            await write;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDevicesAsync() => Task.FromResult<IReadOnlyList<string>>(_devices.ToArray());

    /// <inheritdoc />
    public Task<int> CountDevicesAsync() => Task.FromResult(_devices.Count);

    private async Task<(string Device, ParticipantUpdate? Update)> TrainDeviceAsync(string deviceId, RoundInstruction instruction)
    {
        try
        {
            return (deviceId, await GrainFactory.GetGrain<IDeviceGrain>(deviceId).TrainAsync(instruction));
        }
        catch (Exception)
        {
            // A failing device only shrinks this facility's update; it is counted in FailedContributors.
            return (deviceId, null);
        }
    }

    private async Task<FacilityPartition?> PartitionAsync()
    {
        if (!_loaded)
        {
            _partition = await dataSource.LoadAsync(Id, CancellationToken.None);
            _partition?.Validate(Id);
            _loaded = true;
        }
        return _partition;
    }

    private async Task<ParticipantWindows?> WindowsAsync(ModelSpec spec, int stride, DetectionSettings detection)
    {
        if (_windows is { } cached && cached.Serves(spec, stride, detection.CalibrationFraction)) return cached;
        if (await PartitionAsync() is not { } p) return null;
        return _windows = ParticipantWindows.Create(p, spec, stride, detection.CalibrationFraction);
    }
}
