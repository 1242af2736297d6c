using System.Diagnostics;
using FedAspire.Aggregator.Evaluation;
using FedAspire.Aggregator.Registry;
using FedAspire.Aggregator.Remote;
using FedAspire.Scoring;
using FedAspire.Aggregator.Rounds;
using FedAspire.Aggregator.Telemetry;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Core.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FedAspire.Aggregator.Grains;

/// <summary>
/// The server of one federation. A round: sample participants, send them the global version and round config concurrently,
/// gather updates until all answered or the deadline, reject late and malformed updates, aggregate with the federation's
/// strategy when the quorum is met, derive the anomaly threshold from participants' score histograms, export ONNX, evaluate
/// it on participants' held-out data, publish the version to the registry and checkpoint. A failed round keeps the old version.
/// Publishing is crash-consistent: the registry's atomic version write (which carries the round record) is the single commit
/// point; the history append and the checkpoint follow and are repaired from the registry after a crash or a failed write
/// (<see cref="ReconcileAsync"/>), so a version number is never published twice and a round id is never recorded twice.
/// </summary>
public sealed partial class AggregatorGrain(
    [PersistentState("aggregator", FederationNames.StorageProvider)] IPersistentState<AggregatorState> state,
    IModelRegistry registry,
    IGrainFactory grains,
    IEnumerable<ICentralEvaluationData> centralData,
    IOptions<RemoteFacilityOptions> remoteFacilities,
    ILogger<AggregatorGrain> logger) : Grain, IAggregatorGrain
{
    private IAggregationStrategy? _strategy;
    private IGrainTimer? _timer;
    private bool _roundInProgress;
    // True until the checkpoint was compared with the registry after activation or a failed write.
    private bool _needsReconcile = true;
    // Round records (with their facilities' series points) whose history or series append failed, appended (in order) before the next one.
    private readonly List<(RoundRecord Record, IReadOnlyList<FacilityRoundPoint> Points)> _unrecorded = [];

    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Definition is not null)
        {
            try
            {
                await ReconcileAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The registry may be down; the first round tries again before it publishes anything.
                LogReconcileFailed(e, Name);
            }
        }
        if (state.State.Running && state.State.Definition is not null)
        {
            StartTimer(state.State.Definition.Schedule.Interval);
            LogResumed(Name, state.State.Round, state.State.Version);
        }
    }

    /// <inheritdoc />
    public async Task ConfigureAsync(FederationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Name != Name)
            throw new ArgumentException($"Definition is for federation '{definition.Name}' but this aggregator is '{Name}'.", nameof(definition));
        definition.Validate();
        // Under local privacy the aggregator noises remote facilities' updates on receipt (their work does not carry the settings);
        // a masked update cannot be noised.
        if (definition.IsSecure && definition.PrivacyOrDefault.IsLocal && definition.Participants.FirstOrDefault(remoteFacilities.Value.IsRemote) is { } remote)
            throw new ArgumentException($"Federation '{Name}': remote facility '{remote}' cannot take part in secure aggregation under local privacy: the aggregator noises remote updates on receipt, and it never sees them in secure mode.");
        var s = state.State;
        bool sameModel = s.Definition is not null && SameSpec(s.Definition.Spec, definition.Spec);
        if (!sameModel && s.Version > 0)
            LogModelReset(Name, s.Version);
        if (!sameModel)
        {
            // Round and version numbers are kept: the registry's history continues, it is never overwritten.
            s.Parameters = []; s.Normalization = null; s.Threshold = 0;
        }
        if (!sameModel || s.Definition!.Strategy != definition.Strategy)
        {
            // Server-optimizer state belongs to one strategy and one parameter layout.
            s.StrategyState = [];
            _strategy = null;
        }
        if (!sameModel || s.Definition!.Buffered != definition.Buffered) ResetBuffer();
        bool intervalChanged = s.Definition?.Schedule.Interval != definition.Schedule.Interval;
        s.Definition = definition;
        await state.WriteStateAsync();
        if (s.Running && intervalChanged) StartTimer(definition.Schedule.Interval);
    }

    /// <inheritdoc />
    public async Task StartAsync()
    {
        var definition = RequireDefinition();
        RequireSynchronous();
        if (!state.State.Running)
        {
            state.State.Running = true;
            await state.WriteStateAsync();
        }
        if (_timer is null) StartTimer(definition.Schedule.Interval);
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (state.State.Running)
        {
            state.State.Running = false;
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<FederationStatus> GetStatusAsync()
    {
        var s = state.State;
        return Task.FromResult(new FederationStatus(
            Name, s.Definition is not null, s.Running, _roundInProgress, s.Round, s.Version, s.Threshold,
            s.RoundsCompleted, s.RoundsFailed, s.UpdatesAccepted, s.UpdatesRejected, s.ParticipantFailures,
            s.Definition?.Strategy.Name ?? "", s.Definition?.Participants.Count ?? 0, s.LastRound, s.PersistenceFailures, s.Definition?.Schedule,
            PausedParticipants()));
    }

    /// <inheritdoc />
    public async Task<FederationStatus> SetPausedAsync(string participantId, bool paused)
    {
        var definition = RequireDefinition();
        if (!definition.Participants.Contains(participantId, StringComparer.Ordinal))
            throw new ArgumentException($"'{participantId}' is not a participant of federation '{Name}'.", nameof(participantId));
        var list = state.State.Paused;
        bool changed = paused ? !list.Contains(participantId, StringComparer.Ordinal) : list.Remove(participantId);
        if (paused && changed) list.Add(participantId);
        if (changed)
        {
            await state.WriteStateAsync();
            LogPaused(Name, participantId, paused);
        }
        return await GetStatusAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetParticipantsAsync() =>
        Task.FromResult(state.State.Definition?.Participants ?? (IReadOnlyList<string>)[]);

    // Only ids the current definition still names: a participant removed by a new definition is simply gone.
    private string[] PausedParticipants() => state.State.Definition is { } d
        ? [.. state.State.Paused.Where(p => d.Participants.Contains(p, StringComparer.Ordinal)).Order(StringComparer.Ordinal)]
        : [];

    /// <inheritdoc />
    public async Task<RoundRecord> RunRoundAsync()
    {
        if (_roundInProgress) throw new InvalidOperationException($"Federation '{Name}' is already running a round.");
        RequireSynchronous();
        _roundInProgress = true;
        try
        {
            return await RunRoundCoreAsync();
        }
        finally
        {
            _roundInProgress = false;
        }
    }

    // Paused participants are not available: sampling draws from the rest, so the round's sample size follows the available count.
    private List<string> AvailableParticipants(FederationDefinition definition) =>
        state.State.Paused.Count == 0 ? [.. definition.Participants] : [.. definition.Participants.Where(p => !state.State.Paused.Contains(p, StringComparer.Ordinal))];

    private void StartTimer(TimeSpan interval)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        if (_roundInProgress || !state.State.Running) return;
        // Each timed round is its own trace: timer -> participants -> persisted model.
        Activity.Current = null;
        try
        {
            await RunRoundAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTimedRoundFailed(e, Name);
        }
    }

    private async Task<RoundRecord> RunRoundCoreAsync()
    {
        var definition = RequireDefinition();
        var s = state.State;
        var startedAt = DateTimeOffset.UtcNow;
        long started = Stopwatch.GetTimestamp();
        using var activity = FederationTelemetry.Source.StartActivity("federation.round");
        activity?.SetTag("fedaspire.federation", Name);
        // Never start a round from a checkpoint that is behind the registry: its version or round id may already be taken.
        if (_needsReconcile) await ReconcileAsync();

        // Claims are bounded by the federation's limits, a remote facility's registered size and what each participant was credited before.
        var claims = new ClaimScreen(definition.ClaimsOrDefault, DeclaredSizes(), s.Claims);
        var rejections = new List<UpdateRejection>();
        if (s.Normalization is null || s.Parameters.Length == 0)
        {
            var initFailure = await InitializeModelAsync(definition, claims, rejections);
            if (initFailure is not null)
                return await FinishFailedAsync(s.Round + 1, startedAt, started, [], [], rejections, [], initFailure);
        }
        long roundId = s.Round + 1;
        activity?.SetTag("fedaspire.round", roundId);
        var privacy = definition.PrivacyOrDefault;
        if (privacy.Enabled && BudgetStop(definition, roundId) is { } budgetReached)
            return await FinishBudgetExhaustedAsync(roundId, startedAt, started, budgetReached);
        var global = s.Parameters;
        var normalization = s.Normalization!;
        try
        {
            _strategy ??= CreateStrategy(definition, global.Length, s.StrategyState);
        }
        catch (ArgumentException e)
        {
            // A checkpoint whose optimizer state does not fit the strategy: the round fails on record, as an aggregation would.
            return await FinishFailedAsync(roundId, startedAt, started, [], [], rejections, [], $"aggregation failed: {e.Message}");
        }

        // The round, phase by phase; the strategy configures and aggregates fit and evaluate, claims bound what participants say.
        var round = new FederatedRound(Name, roundId, definition, _strategy, Participant, remoteFacilities.Value.IsRemote, claims, rejections);
        var sampled = round.Sample(AvailableParticipants(definition));
        var instruction = new RoundInstruction(Name, roundId, s.Version, definition.Spec, global, normalization, definition.Training, definition.WindowStride,
            definition.DetectionOrDefault, definition.Schedule.NormBound, definition.ClaimsOrDefault.MaxCount, privacy.IsLocal ? privacy : null);
        var training = await round.TrainAsync(sampled, instruction);
        // Local DP is spent once noisy updates reached the server, whatever happens to the round next.
        var privacySpent = privacy.IsLocal && training.AnyResponse ? ChargePrivacy(definition) : CurrentPrivacy(definition);
        if (training.FailureReason is { } failure)
            return await FinishFailedAsync(roundId, startedAt, started, sampled, training.Contributions, round.Rejections, training.Failures, failure, privacySpent);
        if (training.Contributions.Count < definition.Schedule.Quorum)
            return await FinishFailedAsync(roundId, startedAt, started, sampled, training.Contributions, round.Rejections, training.Failures,
                $"quorum not reached: {training.Contributions.Count} accepted of {definition.Schedule.Quorum} needed", privacySpent);

        float[] parameters;
        try
        {
            parameters = round.Aggregate(global, training, () => privacySpent = ChargePrivacy(definition));
        }
        catch (Exception e)
        {
            _strategy = null; // rebuilt from the checkpoint next round
            return await FinishFailedAsync(roundId, startedAt, started, sampled, training.Contributions, round.Rejections, training.Failures,
                $"aggregation failed: {e.Message}", privacySpent);
        }

        try
        {
            return await CompleteAsync(round, definition, claims, startedAt, started, sampled, training.Contributions, training.Failures,
                training.Contributors, training.Samples, training.TrainingLoss, parameters, privacySpent, secure: training.Secure);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing of this round reached the checkpoint (it is only changed after the commit); the strategy's in-memory
            // optimizer state may have moved, so it is rebuilt from the checkpoint. A refused number (VersionConflictException)
            // means the checkpoint is behind the registry: the next round reconciles first.
            _strategy = null;
            _needsReconcile = true;
            return await FinishFailedAsync(roundId, startedAt, started, sampled, training.Contributions, round.Rejections, training.Failures,
                $"publishing failed: {e.Message}", privacySpent);
        }
    }

    /// <summary>
    /// The phases after aggregation, shared by synchronous rounds and buffered steps: <paramref name="scorers"/> calibrate the new
    /// parameters and evaluate its ONNX export, the version is published (the commit point), then checkpointed and counted.
    /// Throws when calibration, export or publishing fails; the caller records the failure.
    /// </summary>
    private async Task<RoundRecord> CompleteAsync(FederatedRound round, FederationDefinition definition, ClaimScreen claims, DateTimeOffset startedAt, long started,
        IReadOnlyList<string> sampled, IReadOnlyList<ParticipantContribution> contributions, IReadOnlyList<ParticipantFailure> failures,
        IReadOnlyList<string> scorers, long samples, double trainingLoss, float[] parameters, PrivacyReport? privacySpent, BufferedStep? buffered = null,
        SecureAggregationReport? secure = null)
    {
        var s = state.State;
        var normalization = s.Normalization!;
        var calibration = await round.CalibrateAsync(parameters, normalization, scorers);
        float threshold = calibration.Threshold;
        long version = s.Version + 1;
        var onnx = round.Export(version, parameters, normalization, calibration);
        var (evaluation, evaluations) = await round.EvaluateAsync(version, onnx, calibration, scorers);
        var central = await round.CentralEvaluateAsync(onnx, threshold, centralData);

        var record = new RoundRecord(Name, round.RoundId, RoundOutcome.Completed, startedAt, Stopwatch.GetElapsedTime(started), s.Version, version,
            sampled, contributions, round.Rejections, failures, samples, trainingLoss, threshold, evaluation, null, central, privacySpent, secure, buffered);
        // A round's contributors are the participants that calibrate it; a buffered step's are whoever reported into its buffer.
        IReadOnlyList<string> contributors = buffered is null ? scorers : [.. contributions.Select(c => c.ParticipantId).Distinct()];
        await PublishAsync(new GlobalModelVersion(Name, version, round.RoundId, DateTimeOffset.UtcNow, definition.Spec, parameters,
            normalization, threshold, buffered is null ? definition.Strategy.Name : "fedbuff", contributors, samples, trainingLoss, evaluation, onnx, central, calibration,
            Record: record, Evaluations: evaluations));

        // Committed: from here on the round is completed whatever the history append or the checkpoint does.
        s.Round = round.RoundId;
        s.Version = version;
        s.Parameters = parameters;
        s.Threshold = threshold;
        s.StrategyState = _strategy!.ExportState();
        claims.CommitTo(s.Claims);
        s.RoundsCompleted++;
        Count(record, s);
        await PersistAsync(record, FacilityRoundPoint.FromRound(record, evaluations));
        Observe(record);
        return record;
    }

    /// <summary>
    /// Saves the version: the commit point of a completed round. When the save throws, the version may still have landed (an
    /// acknowledgement lost after the write): it counts as published exactly when the registry holds this payload under the number.
    /// </summary>
    private async Task PublishAsync(GlobalModelVersion version)
    {
        using var activity = FederationTelemetry.Source.StartActivity("federation.publish");
        try
        {
            await registry.SaveVersionAsync(version);
        }
        catch (Exception e) when (e is not OperationCanceledException and not VersionConflictException)
        {
            _needsReconcile = true;
            GlobalModelVersion? stored = null;
            try
            {
                stored = await registry.GetVersionAsync(Name, version.Version);
            }
            catch (Exception readFailure) when (readFailure is not OperationCanceledException)
            {
                // The registry cannot even be read: the save did not commit as far as this round can tell.
            }
            if (stored?.Fingerprint != VersionFingerprint.Of(version)) throw;
        }
    }

    /// <summary>
    /// Appends the round to the history and its facilities' points to their series (after any earlier ones whose append failed; both
    /// skip what they already hold) and checkpoints. Failures are logged and counted, never thrown: the round's outcome is already
    /// decided, and the registry repairs a lagging checkpoint (<see cref="ReconcileAsync"/>).
    /// </summary>
    private async Task PersistAsync(RoundRecord record, IReadOnlyList<FacilityRoundPoint> points)
    {
        var s = state.State;
        _unrecorded.Add((record, points));
        try
        {
            foreach (var (pending, pendingPoints) in _unrecorded)
            {
                await registry.SaveRoundAsync(pending);
                await registry.SaveFacilityRoundsAsync(Name, pendingPoints);
            }
            _unrecorded.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Bounded: a history that stays unwritable keeps the newest records for when it comes back.
            if (_unrecorded.Count > 1000) _unrecorded.RemoveRange(0, _unrecorded.Count - 1000);
            s.PersistenceFailures++;
            FederationTelemetry.PersistenceFailures.Add(1, new KeyValuePair<string, object?>("federation", Name), new("step", "history"));
            LogPersistFailed(Name, record.RoundId, "history or series append", e.Message);
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            s.PersistenceFailures++;
            FederationTelemetry.PersistenceFailures.Add(1, new KeyValuePair<string, object?>("federation", Name), new("step", "checkpoint"));
            LogPersistFailed(Name, record.RoundId, "checkpoint", e.Message);
        }
    }

    /// <summary>
    /// Brings the checkpoint level with the registry after a restart or a failed write: a version published after the checkpoint
    /// was taken is adopted (never published again), its round record is appended when the crash came before the history append,
    /// and rounds already in the history are counted and never reused.
    /// </summary>
    private async Task ReconcileAsync()
    {
        var s = state.State;
        bool changed = false;
        var latest = await registry.GetLatestAsync(Name);
        if (latest is not null && latest.Version > s.Version)
        {
            if (s.Definition is { } d && SameSpec(latest.Spec, d.Spec) && s.Parameters.Length > 0)
            {
                s.Parameters = latest.Parameters;
                s.Normalization = latest.Normalization;
                s.Threshold = latest.Threshold;
                s.StrategyState = [];
                _strategy = null;
            }
            LogAdoptedAfterCrash(Name, s.Version, latest.Version);
            s.Version = latest.Version;
            changed = true;
            // Write-ahead: the version carries its round and evaluations; the registry ignores what the history and series already have.
            if (latest.Record is { } committed)
            {
                await registry.SaveRoundAsync(committed);
                await registry.SaveFacilityRoundsAsync(Name, FacilityRoundPoint.FromRound(committed, latest.Evaluations ?? []));
            }
        }
        var page = await registry.ReadRoundsAsync(Name, 1);
        if (page.Rounds is [var last] && last.RoundId > s.Round)
        {
            // Rounds recorded after the checkpoint: count them (a bounded look back) so /status agrees with the history.
            var missed = await registry.ReadRoundsAsync(Name, (int)Math.Min(last.RoundId - s.Round, 1000));
            foreach (var round in missed.Rounds.Where(r => r.RoundId > s.Round))
            {
                if (round.Outcome == RoundOutcome.Completed) s.RoundsCompleted++;
                else if (round.Outcome == RoundOutcome.Failed) s.RoundsFailed++;
                Count(round, s);
            }
            s.Round = last.RoundId;
            changed = true;
        }
        if (latest is not null && latest.Round > s.Round) { s.Round = latest.Round; changed = true; }
        changed |= CatchUpPrivacy(Math.Max(latest?.Record?.Privacy?.Rounds ?? 0, page.Rounds is [var newest] ? newest.Privacy?.Rounds ?? 0 : 0));
        _needsReconcile = false;
        if (changed)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                s.PersistenceFailures++;
                LogPersistFailed(Name, s.Round, "checkpoint", e.Message);
            }
        }
    }

    private async Task<RoundRecord> FinishFailedAsync(long roundId, DateTimeOffset startedAt, long started,
        IReadOnlyList<string> sampled, IReadOnlyList<ParticipantContribution> contributions, IReadOnlyList<UpdateRejection> rejections,
        IReadOnlyList<ParticipantFailure> failures, string reason, PrivacyReport? privacy = null)
    {
        var s = state.State;
        var record = new RoundRecord(Name, roundId, RoundOutcome.Failed, startedAt, Stopwatch.GetElapsedTime(started), s.Version, s.Version,
            sampled, contributions, rejections, failures, 0, double.NaN, s.Threshold, null, reason, null, privacy);
        s.Round = roundId;
        s.RoundsFailed++;
        Count(record, s);
        LogRoundFailed(Name, roundId, reason);
        // Counted above, in the history and the metrics below even when the disk is full: one count everywhere. A failed round
        // published nothing, so no facility gets a point.
        await PersistAsync(record, []);
        Observe(record);
        return record;
    }

    private static void Count(RoundRecord record, AggregatorState s)
    {
        s.UpdatesAccepted += record.Contributions.Count;
        s.UpdatesRejected += record.Rejections.Count;
        s.ParticipantFailures += record.Failures.Count;
        s.LastRound = record;
    }

    private void Observe(RoundRecord record)
    {
        var federation = new KeyValuePair<string, object?>("federation", Name);
        FederationTelemetry.Rounds.Add(1, federation, new("outcome", record.Outcome.ToString()));
        FederationTelemetry.UpdatesAccepted.Add(record.Contributions.Count, federation);
        foreach (var r in record.Rejections) FederationTelemetry.UpdatesRejected.Add(1, federation, new("reason", r.Reason.ToString()));
        FederationTelemetry.ParticipantFailures.Add(record.Failures.Count, federation);
        FederationTelemetry.RoundDuration.Record(record.Duration.TotalSeconds, federation);
        var activity = Activity.Current;
        activity?.SetTag("fedaspire.outcome", record.Outcome.ToString());
        activity?.SetTag("fedaspire.version", record.Version);
        activity?.SetTag("fedaspire.accepted", record.Contributions.Count);
        activity?.SetTag("fedaspire.rejected", record.Rejections.Count);
        if (record.Outcome == RoundOutcome.Failed) activity?.SetStatus(ActivityStatusCode.Error, record.FailureReason);
        LogRound(Name, record.RoundId, record.Outcome, record.Version, record.Contributions.Count, record.Sampled.Count, record.TrainingLoss,
            record.Evaluation?.Metrics?.F1 ?? double.NaN, record.Duration.TotalSeconds);
        if (record.Privacy is { } privacy)
        {
            activity?.SetTag("fedaspire.epsilon", privacy.Epsilon);
            LogPrivacy(Name, record.RoundId, privacy.Epsilon, privacy.Delta, privacy.Rounds, privacy.EpsilonBudget);
        }
    }

    /// <summary>
    /// Without a checkpoint: adopts the registry's latest version when it has the same spec (grain state was lost, the published
    /// model was not; server-optimizer state restarts), else computes the global normalization from every participant's
    /// mergeable statistics and the initial parameters from the run seed. Version and round numbers continue after the
    /// registry's, so a published version is never overwritten.
    /// </summary>
    private async Task<string?> InitializeModelAsync(FederationDefinition definition, ClaimScreen claims, List<UpdateRejection> rejections)
    {
        var s = state.State;
        var latest = await registry.GetLatestAsync(Name);
        if (latest is not null && SameSpec(latest.Spec, definition.Spec))
        {
            s.Parameters = latest.Parameters;
            s.Normalization = latest.Normalization;
            s.Threshold = latest.Threshold;
            s.Version = latest.Version;
            s.Round = Math.Max(s.Round, latest.Round);
            s.StrategyState = [];
            _strategy = null;
            await state.WriteStateAsync();
            LogAdopted(Name, latest.Version);
            return null;
        }

        if (definition.DetectionOrDefault.Normalization == NormalizationMode.Local)
        {
            // Local normalization: every participant standardizes with its own statistics, which never leave it. The export's
            // stored normalization is the identity; scorers feed each device's or facility's own.
            StartFresh(definition, latest, FeatureNormalization.Identity(definition.Spec.FeatureCount));
            await state.WriteStateAsync();
            LogInitialized(Name, 0, s.Parameters.Length);
            return null;
        }

        using var activity = FederationTelemetry.Source.StartActivity("federation.normalization");
        var features = definition.Spec.Features;
        // Paused participants are not asked either: a pause keeps a facility out of every round, the first one included.
        var gathered = await DeadlineGather.RunAsync(AvailableParticipants(definition),
            (id, ct) => Participant(id).SummarizeFeaturesAsync(features, ct), definition.Schedule.Deadline);
        // Bounded and robust: one participant's summary cannot fix the normalization (see RobustStatisticsMerge); merged in id order.
        // A summary is credited to the participant that was asked, whatever id it carries.
        var merged = claims.MergeStatistics(gathered.Responses.Select(r => r.Value with { ParticipantId = r.Participant }), rejections);
        if (merged is null)
            return $"no participant reported feature statistics ({gathered.Responses.Count} answered, {gathered.Failures.Count} failed, {gathered.Late.Count} late)";
        StartFresh(definition, latest, merged.ToNormalization());
        await state.WriteStateAsync();
        LogInitialized(Name, gathered.Responses.Count, s.Parameters.Length);
        return null;
    }

    /// <summary>A fresh model from the run seed under <paramref name="normalization"/>; numbering continues after the registry's.</summary>
    private void StartFresh(FederationDefinition definition, GlobalModelVersion? latest, FeatureNormalization normalization)
    {
        var s = state.State;
        s.Normalization = normalization;
        s.Parameters = Autoencoder.Create(definition.Spec, definition.Training.Seed).Parameters;
        s.Version = latest?.Version ?? 0;
        s.Round = Math.Max(s.Round, latest?.Round ?? 0);
        s.StrategyState = [];
        _strategy = null;
    }

    private static IAggregationStrategy CreateStrategy(FederationDefinition definition, int parameterCount, float[] savedState)
    {
        var strategy = AggregationStrategies.Create(definition.Strategy, parameterCount);
        if (savedState.Length > 0) strategy.ImportState(savedState);
        return strategy;
    }

    private static bool SameSpec(ModelSpec a, ModelSpec b) =>
        a.Window == b.Window && a.Features.SequenceEqual(b.Features, StringComparer.Ordinal) && a.Layers.SequenceEqual(b.Layers);

    private IFacilityGrain Participant(string id) => grains.GetParticipant(id, remoteFacilities.Value);

    /// <summary>Registered sizes of remote facilities that declared one.</summary>
    private Dictionary<string, long> DeclaredSizes() => remoteFacilities.Value.Facilities
        .Where(f => f.Value.DeclaredSamples > 0).ToDictionary(f => f.Key, f => f.Value.DeclaredSamples, StringComparer.Ordinal);

    private FederationDefinition RequireDefinition() =>
        state.State.Definition ?? throw new InvalidOperationException($"Federation '{Name}' is not configured; call ConfigureAsync first.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation {Federation}: participant {Participant} paused = {Paused}")]
    private partial void LogPaused(string federation, string participant, bool paused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation {Federation} resumed at round {Round}, version {Version}")]
    private partial void LogResumed(string federation, long round, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation}: new model spec, training restarts from a fresh model after version {Version}")]
    private partial void LogModelReset(string federation, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation} had no checkpoint: continuing from registry version {Version} (server optimizer state restarts)")]
    private partial void LogAdopted(string federation, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation {Federation} initialized: normalization from {Participants} participants, {Parameters} parameters")]
    private partial void LogInitialized(string federation, int participants, int parameters);

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation {Federation} round {Round} {Outcome}: version {Version}, {Accepted}/{Sampled} updates, loss {Loss:G4}, F1 {F1:F3}, {Seconds:F2} s")]
    private partial void LogRound(string federation, long round, RoundOutcome outcome, long version, int accepted, int sampled, double loss, double f1, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation} round {Round} failed: {Reason}")]
    private partial void LogRoundFailed(string federation, long round, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation}: checkpoint was at version {Checkpoint}, the registry has {Version}; continuing from the registry (a published version is never rewritten)")]
    private partial void LogAdoptedAfterCrash(string federation, long checkpoint, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Federation {Federation} round {Round}: {Step} failed: {Reason}")]
    private partial void LogPersistFailed(string federation, long round, string step, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation}: comparing the checkpoint with the registry failed; retried before the next round")]
    private partial void LogReconcileFailed(Exception exception, string federation);

    [LoggerMessage(Level = LogLevel.Error, Message = "Federation {Federation}: timed round threw")]
    private partial void LogTimedRoundFailed(Exception exception, string federation);
}
