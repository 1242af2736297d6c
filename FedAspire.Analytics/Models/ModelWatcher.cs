using System.Diagnostics;
using FedAspire.Analytics.Scoring;
using FedAspire.ServiceDefaults.Diagnostics;
using Microsoft.Extensions.Options;

namespace FedAspire.Analytics.Models;

/// <summary>
/// Polls the model source and hot-swaps the scorer when a newer global version appears: batches in flight finish on the old ONNX
/// session, which is disposed after the last of them. A model that fails to load is logged and skipped; the old one stays in use.
/// </summary>
public sealed partial class ModelWatcher(IGlobalModelSource source, ScorerSlot slot, IOptions<ModelWatcherOptions> options, ILogger<ModelWatcher> logger)
    : BackgroundService
{
    private long _offered = -1;

    /// <summary>Looks once for a newer version; returns true when a new model was swapped in.</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        long known = Math.Max(_offered, slot.Current?.Version ?? -1);
        var candidate = await source.TryGetNewerAsync(known, cancellationToken).ConfigureAwait(false);
        if (candidate is null) return false;
        _offered = Math.Max(_offered, candidate.Version);
        using var activity = FedAspireDiagnostics.ActivitySource.StartActivity("analytics.model.swap");
        OnnxAnomalyScorer scorer;
        try
        {
            scorer = new OnnxAnomalyScorer(candidate.Onnx, options.Value.IntraOpThreads);
        }
        catch (InvalidDataException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogLoadFailed(candidate.Origin, e.Message);
            return false;
        }
        var info = scorer.Info;
        if (slot.Current is { } current && info.Version <= current.Version)
        {
            scorer.Dispose();
            return false;
        }
        _offered = Math.Max(_offered, info.Version);
        slot.Swap(scorer);
        activity?.SetTag("fedaspire.model.version", info.Version);
        FedAspireDiagnostics.ModelVersion.Record(info.Version, new KeyValuePair<string, object?>("federation", info.Federation), new KeyValuePair<string, object?>("service", "analytics"));
        LogSwapped(info.Federation, info.Version, info.Round, info.Features.Count, info.Window, info.Threshold, candidate.Origin);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>A failed look (source unreachable, file locked, bad response) is logged and tried again at the next tick.</remarks>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(options.Value.Federation, source.Description, options.Value.PollInterval);
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(source.Description, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(LogLevel.Information, "Model watcher for federation '{Federation}' reads {Source} every {Interval}")]
    private partial void LogStarted(string federation, string source, TimeSpan interval);

    [LoggerMessage(LogLevel.Information, "Scoring with federation '{Federation}' model v{Version} (round {Round}, {Features} features, window {Window}, threshold {Threshold}) from {Origin}")]
    private partial void LogSwapped(string federation, long version, int round, int features, int window, float threshold, string origin);

    [LoggerMessage(LogLevel.Warning, "Model from {Origin} could not be loaded and is skipped: {Reason}")]
    private partial void LogLoadFailed(string origin, string reason);

    [LoggerMessage(LogLevel.Warning, "Looking for a new model at {Source} failed: {Reason}")]
    private partial void LogPollFailed(string source, string reason);
}
