using FedAspire.Core.Federation.Remote;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.SecureAggregation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FedAspire.Aggregator.Remote;

/// <summary>
/// A facility on another machine, as an ordinary participant of the aggregator: each <see cref="IFacilityGrain"/> call parks its
/// instruction and returns a task that completes when the remote client posts the answer over HTTP. The aggregator's own
/// deadline, quorum and screening apply unchanged: an absent client is simply late, a malformed update is rejected and counted.
/// </summary>
/// <remarks>
/// Reentrant, because the client's poll and post must run while the aggregator's call waits. One instruction is parked at a time:
/// the aggregator asks in sequence (statistics, train, scores, evaluate), so a newer instruction supersedes an unanswered one.
/// </remarks>
[Reentrant]
public sealed partial class RemoteFacilityGrain(IOptions<RemoteFacilityOptions> options, ILogger<RemoteFacilityGrain> logger)
    : Grain, IFacilityGrain, IRemoteFacilityGrain
{
    /// <summary>The implementation prefix the aggregator resolves remote participants with (see <see cref="ParticipantGrains"/>).</summary>
    public static readonly string ClassName = typeof(RemoteFacilityGrain).FullName!;

    // How many answers to recently answered work arrived after the first, by (federation, kind, round); the oldest are forgotten.
    private const int AnsweredRemembered = 16;
    private readonly List<(string? Federation, RemoteWorkKind Kind, long Round, int Duplicates)> _answered = [];

    private ParkedWork? _parked;
    private (string Federation, long Round)? _secureRound;
    // Only authenticated calls reach the grain (the API checks the key first), so these are when the facility was last seen.
    // Kept in memory: after a restart or deactivation the dashboard shows "not since start" until the client polls again.
    private DateTimeOffset? _lastPoll, _lastDelivery;
    private TaskCompletionSource _workArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var result = await ParkAsync(RemoteWorkDocument.ForTraining(instruction), cancellationToken);
        var u = result.Update!;
        return new ParticipantUpdate(Id, instruction.RoundId, u.Parameters, u.SampleCount, u.InitialLoss, u.FinalLoss);
    }

    /// <inheritdoc />
    public async Task<NormalizationStatisticsSummary> SummarizeFeaturesAsync(IReadOnlyList<string> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        var s = (await ParkAsync(RemoteWorkDocument.ForFeatures(features), cancellationToken)).Statistics!;
        return new NormalizationStatisticsSummary(Id, s.Rows, NormalizationStatistics.FromMoments(s.Count, s.Mean, s.M2));
    }

    /// <inheritdoc />
    public async Task<ScoreHistogramSummary> SummarizeScoresAsync(ScoreSummaryInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var h = (await ParkAsync(RemoteWorkDocument.ForScores(instruction), cancellationToken)).Scores!;
        var bins = instruction.Histogram;
        return new ScoreHistogramSummary(Id, h.Windows, ScoreHistogram.FromCounts(bins.Lower, bins.Upper, h.Counts, h.Underflow, h.Overflow, h.Min, h.Max),
            h.Threshold ?? float.NaN);
    }

    /// <inheritdoc />
    public async Task<ParticipantEvaluation> EvaluateAsync(EvaluationInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var e = (await ParkAsync(RemoteWorkDocument.ForEvaluation(instruction, Id), cancellationToken)).Evaluation!;
        return new ParticipantEvaluation(Id, instruction.RoundId, e.Samples, e.Loss, e.Metrics);
    }

    /// <inheritdoc />
    public async Task<SecureTrainingReply> TrainSecurelyAsync(RoundInstruction instruction, SecureRoundSetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentNullException.ThrowIfNull(setup);
        var reply = (await ParkAsync(RemoteWorkDocument.ForSecureTraining(instruction, setup), cancellationToken)).SecureTraining!;
        _secureRound = (instruction.Federation, instruction.RoundId);
        return reply;
    }

    /// <inheritdoc />
    public async Task<ShareKeysMessage> ShareKeysAsync(ShareKeysRequest request, CancellationToken cancellationToken = default) =>
        (await ParkAsync(SecureStep(RemoteWorkKind.ShareKeys) with { ShareKeys = request }, cancellationToken)).ShareKeys!;

    /// <inheritdoc />
    public async Task<MaskedInputMessage> MaskInputAsync(SecureInputRequest request, CancellationToken cancellationToken = default) =>
        (await ParkAsync(SecureStep(RemoteWorkKind.MaskInput) with { MaskInput = request }, cancellationToken)).MaskedInput!;

    /// <inheritdoc />
    public async Task<UnmaskingResponse> UnmaskAsync(UnmaskingRequest request, CancellationToken cancellationToken = default) =>
        (await ParkAsync(SecureStep(RemoteWorkKind.Unmask) with { Unmask = request }, cancellationToken)).Unmasking!;

    // Steps 2-4 belong to the federation and round of the last secure training this facility answered.
    private RemoteWorkDocument SecureStep(RemoteWorkKind kind) => _secureRound is { } round
        ? new RemoteWorkDocument(round.Federation, kind, round.Round)
        : throw new InvalidOperationException($"Remote facility '{Id}' has answered no secure training, so it has no secure round to continue.");

    /// <inheritdoc />
    public Task RegisterDeviceAsync(string deviceId) =>
        throw new NotSupportedException($"Remote facility '{Id}' has no devices in this cluster; its devices report to the remote site.");

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDevicesAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    /// <inheritdoc />
    public Task<int> CountDevicesAsync() => Task.FromResult(0);

    /// <inheritdoc />
    public Task<RemoteFacilityActivity> GetActivityAsync() => Task.FromResult(new RemoteFacilityActivity(_lastPoll, _lastDelivery));

    /// <inheritdoc />
    public async Task<RemoteWorkDocument?> WaitForWorkAsync(string federation, TimeSpan wait)
    {
        _lastPoll = DateTimeOffset.UtcNow;
        var limit = TimeSpan.FromSeconds(options.Value.LongPollSeconds);
        using var timeout = new CancellationTokenSource(wait < limit ? wait : limit);
        while (true)
        {
            if (_parked is { } p && !p.Completion.Task.IsCompleted && (p.Work.Federation is null || p.Work.Federation == federation)) return p.Work;
            var arrived = _workArrived.Task;
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <inheritdoc />
    public Task<RemoteDelivery> DeliverAsync(string federation, long roundId, RemoteResultDocument result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _lastDelivery = DateTimeOffset.UtcNow;
        if (_parked is not { } p || p.Completion.Task.IsCompleted || p.Work.Kind != result.Kind || p.Work.RoundId != roundId || (p.Work.Federation is { } f && f != federation))
        {
            int answered = _answered.FindIndex(a => a.Kind == result.Kind && a.Round == roundId && (a.Federation is null || a.Federation == federation));
            if (answered >= 0)
            {
                var a = _answered[answered];
                _answered[answered] = a with { Duplicates = a.Duplicates + 1 };
                LogDuplicate(Id, result.Kind, roundId, a.Duplicates + 1);
                return Task.FromResult(new RemoteDelivery(RemoteDeliveryStatus.Duplicate,
                    $"duplicate: the {result.Kind} result of round {roundId} was answered already; this one is ignored ({a.Duplicates + 1} duplicate(s) so far)",
                    a.Duplicates + 1));
            }
            return Task.FromResult(new RemoteDelivery(RemoteDeliveryStatus.NoPendingWork,
                $"no pending {result.Kind} work of round {roundId} for facility '{Id}' (superseded or past the deadline)"));
        }
        var problem = Check(p.Work, result);
        _parked = null; // answered: a second post for it is a duplicate (409 with the count)
        _answered.Add((p.Work.Federation, p.Work.Kind, p.Work.RoundId, 0));
        if (_answered.Count > AnsweredRemembered) _answered.RemoveAt(0);
        if (problem is null)
        {
            p.Completion.TrySetResult(result);
            LogDelivered(Id, result.Kind, roundId);
            return Task.FromResult(new RemoteDelivery(RemoteDeliveryStatus.Accepted, $"{result.Kind} result of round {roundId} accepted"));
        }
        LogInvalid(Id, result.Kind, roundId, problem);
        // A malformed update still goes to the aggregator, whose screening rejects and counts it by reason; a malformed
        // summary would break merging, so it fails the call instead (counted as a participant failure).
        if ((result.Kind == RemoteWorkKind.Train && result.Update is not null) || (result.Kind == RemoteWorkKind.SecureTrain && result.SecureTraining?.Keys is not null))
            p.Completion.TrySetResult(result);
        else p.Completion.TrySetException(new InvalidDataException($"remote facility '{Id}': {problem}"));
        return Task.FromResult(new RemoteDelivery(RemoteDeliveryStatus.Invalid, problem));
    }

    /// <summary>
    /// Parks <paramref name="work"/> until the client answers, <see cref="RemoteFacilityOptions.WorkTimeoutSeconds"/> pass, or the
    /// aggregator's deadline cancels the call; then it is no longer offered, and a late answer finds nothing pending (409).
    /// </summary>
    private async Task<RemoteResultDocument> ParkAsync(RemoteWorkDocument work, CancellationToken cancellationToken)
    {
        var parked = new ParkedWork(work);
        _parked?.Completion.TrySetException(new TimeoutException(
            $"remote facility '{Id}': {_parked.Work.Kind} of round {_parked.Work.RoundId} superseded by {work.Kind} of round {work.RoundId}"));
        _parked = parked;
        var arrived = _workArrived;
        _workArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
        LogParked(Id, work.Kind, work.RoundId);
        try
        {
            return await parked.Completion.Task.WaitAsync(TimeSpan.FromSeconds(options.Value.WorkTimeoutSeconds), cancellationToken);
        }
        catch (TimeoutException) when (!parked.Completion.Task.IsCompleted)
        {
            throw new TimeoutException($"remote facility '{Id}' did not answer {work.Kind} of round {work.RoundId} within {options.Value.WorkTimeoutSeconds} s");
        }
        finally
        {
            if (ReferenceEquals(_parked, parked)) _parked = null;
        }
    }

    /// <summary>The first problem of <paramref name="result"/> as an answer to <paramref name="work"/>, or null.</summary>
    private static string? Check(RemoteWorkDocument work, RemoteResultDocument result)
    {
        switch (result.Kind)
        {
            case RemoteWorkKind.Train:
            {
                if (result.Update is not { } u) return "a Train result needs an 'update' section";
                if (u.Parameters is null) return "the update has no 'parameters'";
                var global = work.Parameters!;
                // The same checks, in the same order, as the aggregator's screening: what it would reject is refused here with 400.
                var validator = new UpdateValidator(global.Length, work.NormBound > 0 ? work.NormBound : double.PositiveInfinity);
                var verdict = validator.Validate(global, new ClientUpdate("remote", u.Parameters, u.SampleCount));
                if (!verdict.Accepted) return verdict.Reason;
                if (!float.IsFinite(u.InitialLoss) || !float.IsFinite(u.FinalLoss)) return $"losses {u.InitialLoss} and {u.FinalLoss} must be finite";
                if (work.MaxSampleCount > 0 && u.SampleCount > work.MaxSampleCount)
                    return $"sample count {u.SampleCount} exceeds the limit of {work.MaxSampleCount} per claim";
                return null;
            }
            case RemoteWorkKind.SummarizeFeatures:
            {
                if (result.Statistics is not { } s) return "a SummarizeFeatures result needs a 'statistics' section";
                if (s.Count is null || s.Count.Length != work.Features!.Count) return $"statistics must cover the {work.Features!.Count} requested features";
                if (s.Rows < 0) return $"rows {s.Rows} is negative";
                return Rebuild(() => NormalizationStatistics.FromMoments(s.Count, s.Mean, s.M2));
            }
            case RemoteWorkKind.SummarizeScores:
            {
                if (result.Scores is not { } h) return "a SummarizeScores result needs a 'scores' section";
                if (h.Counts is null || h.Counts.Length != work.HistogramBins) return $"the histogram must have the {work.HistogramBins} shared bins";
                if (h.Windows < 0) return $"windows {h.Windows} is negative";
                if (h.Threshold is { } t && !(float.IsFinite(t) && t >= 0)) return $"threshold {t} must be finite and non-negative";
                return Rebuild(() => ScoreHistogram.FromCounts(work.HistogramLower, work.HistogramUpper, h.Counts, h.Underflow, h.Overflow, h.Min, h.Max));
            }
            case RemoteWorkKind.Evaluate:
            {
                if (result.Evaluation is not { } e) return "an Evaluate result needs an 'evaluation' section";
                if (e.Samples < 0) return $"samples {e.Samples} is negative";
                if (e.Samples > 0 && !double.IsFinite(e.Loss)) return $"loss {e.Loss} over {e.Samples} samples is not finite";
                if (e.Metrics is { } m && (m.TruePositives < 0 || m.FalsePositives < 0 || m.TrueNegatives < 0 || m.FalseNegatives < 0))
                    return "detection counts must be non-negative";
                return null;
            }
            case RemoteWorkKind.SecureTrain:
            {
                if (result.SecureTraining is not { } t) return "a SecureTrain result needs a 'secureTraining' section";
                if (t.Keys is null) return "the secure training reply has no 'keys'";
                if (!float.IsFinite(t.InitialLoss) || !float.IsFinite(t.FinalLoss)) return $"losses {t.InitialLoss} and {t.FinalLoss} must be finite";
                if (work.MaxSampleCount > 0 && t.SampleCount > work.MaxSampleCount)
                    return $"sample count {t.SampleCount} exceeds the limit of {work.MaxSampleCount} per claim";
                return null;
            }
            // The protocol's own checks run at the aggregator's server, which refuses a malformed message by name.
            case RemoteWorkKind.ShareKeys:
                return result.ShareKeys is null ? "a ShareKeys result needs a 'shareKeys' section" : null;
            case RemoteWorkKind.MaskInput:
                return result.MaskedInput?.MaskedVector is null ? "a MaskInput result needs a 'maskedInput' section with its 'maskedVector'" : null;
            case RemoteWorkKind.Unmask:
                return result.Unmasking is null ? "an Unmask result needs an 'unmasking' section" : null;
            default:
                return $"unknown result kind {result.Kind}";
        }
    }

    private static string? Rebuild(Action build)
    {
        try
        {
            build();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private sealed record ParkedWork(RemoteWorkDocument Work)
    {
        public TaskCompletionSource<RemoteResultDocument> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Remote facility {Facility}: {Kind} of round {Round} parked for the client")]
    private partial void LogParked(string facility, RemoteWorkKind kind, long round);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote facility {Facility} delivered {Kind} of round {Round}")]
    private partial void LogDelivered(string facility, RemoteWorkKind kind, long round);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote facility {Facility} posted {Kind} of round {Round} again: duplicate {Duplicates}, ignored")]
    private partial void LogDuplicate(string facility, RemoteWorkKind kind, long round, int duplicates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote facility {Facility} posted an invalid {Kind} result for round {Round}: {Problem}")]
    private partial void LogInvalid(string facility, RemoteWorkKind kind, long round, string problem);
}
