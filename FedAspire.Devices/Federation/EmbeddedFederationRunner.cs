using System.Globalization;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Cluster;
using FedAspire.Devices.Facilities;
using Microsoft.Extensions.Options;

namespace FedAspire.Devices.Federation;

/// <summary>
/// Configures and starts the default federation once the silo is up (idempotent, so every replica may do it), then prints one
/// progress line per round: round, outcome, version, participants, loss, F1, duration.
/// </summary>
public sealed partial class EmbeddedFederationRunner(
    IGrainFactory grains,
    IFacilityDataSource dataSource,
    IOptions<FederationOptions> options,
    IOptions<RemoteFacilityOptions> remote,
    IHostApplicationLifetime lifetime,
    ClusterMembershipGate cluster,
    ILogger<EmbeddedFederationRunner> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        var o = options.Value;
        if (!o.AutoStart) return;
        // With replicas, the first round must find them all: facility grains stay on the silo that first activates them.
        await cluster.WaitAsync(stoppingToken);

        // Remote facilities configured with a key take part like the in-cluster ones.
        var participants = dataSource.FacilityIds.Concat(remote.Value.Facilities.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var definition = o.ToDefinition(dataSource.Features, participants);
        if (definition.Spec.BottleneckWarning() is { } warning) Console.WriteLine("warning: " + warning);
        var aggregator = grains.GetGrain<IAggregatorGrain>(definition.Name);
        FederationStatus status;
        try
        {
            await aggregator.ConfigureAsync(definition);
            if (definition.Buffered is null) await aggregator.StartAsync();
            status = await aggregator.GetStatusAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without its checkpoint (state folder read-only, full, missing) the federation cannot run: stop with the reason
            // and a non-zero exit code instead of serving an API with nothing behind it.
            Console.Error.WriteLine($"fatal: federation '{definition.Name}' could not start: {e.Message}");
            LogFatal(e, definition.Name);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }
        Console.WriteLine($"federation '{definition.Name}': {dataSource.FacilityIds.Count} facilities from {dataSource.Description}, {participants.Count - dataSource.FacilityIds.Count} remote; " +
            (definition.Buffered is { } buffered
                ? $"buffered asynchronous aggregation ({buffered.Summary()}): each facility trains and reports in its own loop, pausing {definition.Schedule.Interval.TotalSeconds:0.#} s"
                : $"strategy {definition.Strategy.Summary()}{(definition.IsSecure ? " with secure aggregation" : "")}, a round every {definition.Schedule.Interval.TotalSeconds:0.#} s, quorum {definition.Schedule.Quorum}"));
        Console.WriteLine(status.Version > 0
            ? $"resuming after round {status.Round} at version {status.Version}"
            : definition.DetectionOrDefault.Normalization == Core.Learning.NormalizationMode.Local
                ? "starting from a fresh model (local normalization: every participant standardizes with its own statistics)"
                : "starting from a fresh model (first round computes the global normalization)");
        Console.WriteLine($"API: /federations/{definition.Name}/status | rounds | model | model.onnx   (Ctrl+C stops; run again to resume)");

        // Buffered: the in-cluster facilities report at their own pace (remote facilities have no such loop yet).
        List<Task> loops = definition.Buffered is null ? [] :
            [.. dataSource.FacilityIds.Select(id => BufferedParticipation.RunAsync(grains, aggregator, id, definition.Schedule.Interval, logger, stoppingToken))];
        long printed = status.LastRound?.RoundId ?? 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    status = await aggregator.GetStatusAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStatusFailed(e);
                    continue;
                }
                if (status.LastRound is { } round && round.RoundId > printed)
                {
                    printed = round.RoundId;
                    Console.WriteLine(Describe(round));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C: the silo deactivates the aggregator, which has already checkpointed every finished round.
        }
        await Task.WhenAll(loops);
    }

    /// <summary>One console line for a round.</summary>
    public static string Describe(RoundRecord round)
    {
        var c = CultureInfo.InvariantCulture;
        string privacy = round.Privacy is { } p ? string.Create(c, $"  epsilon {p.Epsilon:F3} (delta {p.Delta:0.##e+0}, {p.Rounds} rounds)") : "";
        if (round.Outcome == RoundOutcome.BudgetExhausted)
            return string.Create(c, $"round {round.RoundId,4}  NOT RUN  {round.FailureReason}");
        if (round.Outcome == RoundOutcome.Failed)
            return string.Create(c, $"round {round.RoundId,4}  FAILED   {round.Contributions.Count}/{round.Sampled.Count} participants  {round.Duration.TotalSeconds,6:F2} s  {round.FailureReason}{privacy}");
        var m = round.Evaluation?.Metrics;
        // The federated evaluation's AUCs are a mean over facilities (they send counts and AUCs, never scores), not the AUC of the
        // pooled scores, which is usually lower: the line says so.
        return string.Create(c, $"round {round.RoundId,4}  v{round.Version,-4} {round.Contributions.Count}/{round.Sampled.Count} participants  " +
            $"{round.Samples,7} samples  loss {round.TrainingLoss,8:F4}  eval loss {round.Evaluation?.Loss ?? double.NaN,8:F4}  " +
            $"F1 {MetricText.Format(m?.F1 ?? double.NaN)}  FAR {MetricText.Format(m?.FalseAlarmRate ?? double.NaN)}  MAR {MetricText.Format(m?.MissedAlarmRate ?? double.NaN)}  " +
            $"PR-AUC (facility mean) {MetricText.Format(m?.PrAuc ?? double.NaN)}  central F1 {MetricText.Format(round.CentralEvaluation?.Metrics?.F1 ?? double.NaN)}  " +
            $"rejected {round.Rejections.Count}  {round.Duration.TotalSeconds,6:F2} s{privacy}");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Federation {Federation} could not start; the silo stops")]
    private partial void LogFatal(Exception exception, string federation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the federation status")]
    private partial void LogStatusFailed(Exception exception);
}
