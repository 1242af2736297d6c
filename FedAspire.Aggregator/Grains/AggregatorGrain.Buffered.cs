using System.Diagnostics;
using FedAspire.Aggregator.Rounds;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Grains;

/// <summary>
/// Buffered asynchronous aggregation (FedBuff): participants check out the current version, train when they can and report; the
/// core's <see cref="BufferedAsyncAggregator"/> discounts each update by its staleness, and every K accepted updates the grain applies
/// the buffer and runs the same calibrate, export, evaluate and publish phases as a synchronous round.
/// </summary>
/// <remarks>
/// The buffer, the checked-out jobs and the parameters of the versions they started from live in memory only: after a deactivation
/// an update for an unknown job is rejected (<see cref="RejectionReason.WrongRound"/>) and its participant checks out again. Job ids
/// (the instructions' round ids, which seed local training) continue from the checkpoint's round so they are never reused.
/// A step's calibration and evaluation ask every available participant, not only the K contributors, so each version's threshold
/// and metrics cover the whole federation as a synchronous round's do.
/// </remarks>
public sealed partial class AggregatorGrain
{
    private BufferedAsyncAggregator? _buffer;
    private readonly Dictionary<long, (string Participant, long Version, long Started)> _jobs = [];
    private readonly Dictionary<long, float[]> _versionParameters = [];
    private readonly List<ParticipantContribution> _buffered = [];
    private readonly List<UpdateRejection> _bufferRejections = [];
    private long _nextJob;
    private (DateTimeOffset At, long Timestamp) _bufferStarted;

    /// <inheritdoc />
    public async Task<RoundInstruction> CheckOutAsync(string participantId)
    {
        var definition = RequireBuffered();
        if (!definition.Participants.Contains(participantId, StringComparer.Ordinal))
            throw new ArgumentException($"'{participantId}' is not a participant of federation '{Name}'.", nameof(participantId));
        if (_needsReconcile) await ReconcileAsync();
        var s = state.State;
        if (s.Normalization is null || s.Parameters.Length == 0)
        {
            var failure = await InitializeModelAsync(definition, new ClaimScreen(definition.ClaimsOrDefault, DeclaredSizes(), s.Claims), []);
            if (failure is not null) throw new InvalidOperationException($"Federation '{Name}' has no model to train yet: {failure}");
        }
        // 2^20 jobs per round number: ids after a reactivation start past every id handed out before it.
        if (_nextJob == 0) _nextJob = s.Round << 20;
        long job = ++_nextJob;
        _jobs[job] = (participantId, s.Version, Stopwatch.GetTimestamp());
        _versionParameters.TryAdd(s.Version, s.Parameters);
        return new RoundInstruction(Name, job, s.Version, definition.Spec, s.Parameters, s.Normalization!, definition.Training, definition.WindowStride,
            definition.DetectionOrDefault, definition.Schedule.NormBound, definition.ClaimsOrDefault.MaxCount);
    }

    /// <inheritdoc />
    public async Task<BufferedReport> ReportAsync(ParticipantUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var definition = RequireBuffered();
        var s = state.State;
        // A checkpoint behind the registry is brought level first; a buffer measured against another version is void.
        if (_needsReconcile) await ReconcileAsync();
        if (_buffer is not null && _buffer.Version != s.Version) ResetBuffer();
        string id = update.ParticipantId;
        if (!_jobs.TryGetValue(update.RoundId, out var job) || job.Participant != id)
            return Rejected(new UpdateRejection(id, RejectionReason.WrongRound, $"job {update.RoundId} is not checked out by '{id}' (reported twice, or the aggregator restarted)"));
        _jobs.Remove(update.RoundId);
        var start = _versionParameters[job.Version];
        PruneVersions(s.Version);
        var validator = new UpdateValidator(start.Length, definition.Schedule.NormBound > 0 ? definition.Schedule.NormBound : double.PositiveInfinity);
        // Screened against the version it trained from: the norm bound limits the participant's own step.
        if (UpdateScreening.Screen(update, id, update.RoundId, start, validator, definition.ClaimsOrDefault) is { } rejection) return Rejected(rejection);
        _buffer ??= new BufferedAsyncAggregator(definition.Buffered!, s.Parameters.Length, s.Version);
        var arrival = _buffer.OfferTrained(id, update.Parameters, start, update.SampleCount, job.Version);
        if (!arrival.Accepted) return Rejected(new UpdateRejection(id, arrival.Reason!.Value, arrival.Message), arrival.Staleness);
        if (_buffered.Count == 0) _bufferStarted = (DateTimeOffset.UtcNow, Stopwatch.GetTimestamp());
        _buffered.Add(new ParticipantContribution(id, update.SampleCount, update.InitialLoss, update.FinalLoss, Stopwatch.GetElapsedTime(job.Started), update.SampleCount));
        var step = arrival.BufferFull ? await StepAsync(definition) : null;
        return new BufferedReport(true, null, arrival.Staleness, arrival.Weight, _buffer?.Count ?? 0, step);
    }

    /// <summary>Applies the buffer as the next version, then calibrates, evaluates and publishes it like a round; a failure is recorded and drops the buffer.</summary>
    private async Task<RoundRecord> StepAsync(FederationDefinition definition)
    {
        var s = state.State;
        long roundId = s.Round + 1;
        var contributions = _buffered.ToArray();
        var rejections = new List<UpdateRejection>(_bufferRejections);
        _buffered.Clear();
        _bufferRejections.Clear();
        var (startedAt, started) = _bufferStarted;
        var sampled = contributions.Select(c => c.ParticipantId).ToArray();
        var parameters = new float[s.Parameters.Length];
        BufferedStep step;
        try
        {
            step = _buffer!.Step(s.Parameters, parameters);
            _strategy ??= CreateStrategy(definition, parameters.Length, s.StrategyState);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            ResetBuffer();
            return await FinishFailedAsync(roundId, startedAt, started, sampled, contributions, rejections, [], $"aggregation failed: {e.Message}");
        }
        long samples = contributions.Sum(c => c.Samples);
        double loss = contributions.Sum(c => (double)c.FinalLoss * c.Samples) / samples;
        var claims = new ClaimScreen(definition.ClaimsOrDefault, DeclaredSizes(), s.Claims);
        var round = new FederatedRound(Name, roundId, definition, _strategy, Participant, remoteFacilities.Value.IsRemote, claims, rejections);
        try
        {
            return await CompleteAsync(round, definition, claims, startedAt, started, sampled, contributions, [], AvailableParticipants(definition),
                samples, loss, parameters, null, step);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The buffer was spent on a version that did not publish: start again from the checkpoint's version.
            _needsReconcile = true;
            ResetBuffer();
            return await FinishFailedAsync(roundId, startedAt, started, sampled, contributions, round.Rejections, [], $"publishing failed: {e.Message}");
        }
    }

    private BufferedReport Rejected(UpdateRejection rejection, long staleness = 0)
    {
        _bufferRejections.Add(rejection);
        return new BufferedReport(false, rejection, staleness, 0, _buffer?.Count ?? 0, null);
    }

    // Keeps the current version and every version a checked-out job started from.
    private void PruneVersions(long current)
    {
        foreach (var version in _versionParameters.Keys.ToArray())
            if (version != current && !_jobs.Values.Any(j => j.Version == version)) _versionParameters.Remove(version);
    }

    private void ResetBuffer()
    {
        _buffer = null;
        _jobs.Clear();
        _versionParameters.Clear();
        _buffered.Clear();
        _bufferRejections.Clear();
    }

    private FederationDefinition RequireBuffered()
    {
        var definition = RequireDefinition();
        return definition.Buffered is null
            ? throw new InvalidOperationException($"Federation '{Name}' runs synchronous rounds; configure Buffered options for asynchronous reports.")
            : definition;
    }

    private void RequireSynchronous()
    {
        if (state.State.Definition?.Buffered is not null)
            throw new InvalidOperationException($"Federation '{Name}' runs buffered asynchronous aggregation: participants check out and report, there are no rounds.");
    }
}
