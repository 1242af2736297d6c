using System.Diagnostics;
using FedAspire.Core.Federation;
using FedAspire.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace FedAspire.Aggregator.Grains;

// Differential privacy of the round: what was spent (the checkpoint's RDP), charging a round, and the budget stop.
public sealed partial class AggregatorGrain
{
    /// <summary>
    /// Null when the next round fits the budget (or it only warns); else why the round must not run. The check is before the round,
    /// so the federation never spends past its budget.
    /// </summary>
    private string? BudgetStop(FederationDefinition definition, long roundId)
    {
        var s = state.State;
        var privacy = definition.PrivacyOrDefault;
        if (!(privacy.EpsilonBudget > 0)) return null;
        double q = definition.Schedule.SamplingFraction;
        var next = RoundPrivacy.Report(privacy, q, RoundPrivacy.Compose(s.PrivacyRdp, RoundPrivacy.RoundRdp(privacy, q)), s.PrivacyRounds + 1);
        if (next.Epsilon <= privacy.EpsilonBudget) return null;
        var spent = CurrentPrivacy(definition)!;
        string reason = FormattableString.Invariant(
            $"privacy budget reached: epsilon {spent.Epsilon:F3} spent in {spent.Rounds} rounds, round {roundId} would make it {next.Epsilon:F3} > budget {privacy.EpsilonBudget} at delta {privacy.Delta:0.##e+0}");
        if (privacy.StopsAtBudget) return reason;
        LogBudgetExceeded(Name, reason);
        return null;
    }

    /// <summary>Records the round that did not run, stops timed rounds and logs why.</summary>
    private async Task<RoundRecord> FinishBudgetExhaustedAsync(long roundId, DateTimeOffset startedAt, long started, string reason)
    {
        var s = state.State;
        var record = new RoundRecord(Name, roundId, RoundOutcome.BudgetExhausted, startedAt, Stopwatch.GetElapsedTime(started), s.Version, s.Version,
            [], [], [], [], 0, double.NaN, s.Threshold, null, reason, null, CurrentPrivacy(RequireDefinition()));
        s.Round = roundId;
        s.Running = false;
        _timer?.Dispose();
        _timer = null;
        s.LastRound = record;
        LogBudgetStop(Name, reason);
        await PersistAsync(record, []);
        Observe(record);
        return record;
    }

    /// <summary>Adds one round's RDP to the checkpoint's and returns the cumulative report.</summary>
    private PrivacyReport ChargePrivacy(FederationDefinition definition)
    {
        var s = state.State;
        var privacy = definition.PrivacyOrDefault;
        s.PrivacyRdp = RoundPrivacy.Compose(s.PrivacyRdp, RoundPrivacy.RoundRdp(privacy, definition.Schedule.SamplingFraction));
        s.PrivacyRounds++;
        return CurrentPrivacy(definition)!;
    }

    /// <summary>
    /// After a crash between publishing and the checkpoint: charges the rounds the registry recorded as private but the checkpoint
    /// never counted, at the current settings, since privacy once spent stays spent. True when it charged any.
    /// </summary>
    private bool CatchUpPrivacy(long recordedRounds)
    {
        var s = state.State;
        if (s.Definition is not { PrivacyOrDefault.Enabled: true } definition || recordedRounds <= s.PrivacyRounds) return false;
        while (s.PrivacyRounds < recordedRounds) ChargePrivacy(definition);
        return true;
    }

    /// <summary>What was spent so far, or null when the federation runs without privacy.</summary>
    private PrivacyReport? CurrentPrivacy(FederationDefinition definition) => definition.PrivacyOrDefault is { Enabled: true } privacy
        ? RoundPrivacy.Report(privacy, definition.Schedule.SamplingFraction, state.State.PrivacyRdp, state.State.PrivacyRounds)
        : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Federation {Federation} round {Round}: privacy spent epsilon {Epsilon:F3} at delta {Delta:G3} over {PrivateRounds} rounds (budget {Budget}; 0 = none)")]
    private partial void LogPrivacy(string federation, long round, double epsilon, double delta, long privateRounds, double budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation} stops running rounds: {Reason}")]
    private partial void LogBudgetStop(string federation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation {Federation} goes past its privacy budget (onBudget warn): {Reason}")]
    private partial void LogBudgetExceeded(string federation, string reason);
}
