using FedAspire.Scoring;
using System.Diagnostics;
using FedAspire.Analytics.Scoring;
using FedAspire.ServiceDefaults.Diagnostics;
using Microsoft.Extensions.Options;

namespace FedAspire.Analytics.Models;

/// <summary>
/// Polls the model source and hot-swaps the scorer when the federation's current version changes identity (a newer version, a
/// federation started over with lower numbers, or a replaced file): batches in flight finish on the old ONNX session, which is
/// disposed after the last of them. A model that fails to load is logged and skipped until its identity changes; the old one stays.
/// </summary>
public sealed partial class ModelWatcher(IGlobalModelSource source, ScorerSlot slot, IOptions<ModelWatcherOptions> options, ILogger<ModelWatcher> logger)
    : BackgroundService
{
    private string? _offered;

    /// <summary>Identity of the model in use (null before the first).</summary>
    public string? CurrentIdentity { get; private set; }

    /// <summary>Looks once for a changed version; returns true when a new model was swapped in.</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        var candidate = await source.TryGetChangedAsync(_offered ?? CurrentIdentity, cancellationToken).ConfigureAwait(false);
        if (candidate is null) return false;
        // Remembered even when it does not load, so a broken file is tried once, not at every tick.
        _offered = candidate.Identity;
        using var activity = FedAspireDiagnostics.ActivitySource.StartActivity("analytics.model.swap");
        OnnxScorer scorer;
        try
        {
            scorer = new OnnxScorer(candidate.Onnx, options.Value.IntraOpThreads);
        }
        catch (InvalidDataException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogLoadFailed(candidate.Origin, e.Message);
            return false;
        }
        var info = scorer.Info;
        if (slot.Current is { } current && info.Version <= current.Version)
            LogReplaced(info.Federation, current.Version, info.Version, candidate.Origin);
        slot.Swap(scorer);
        CurrentIdentity = candidate.Identity;
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

    [LoggerMessage(LogLevel.Warning, "Federation '{Federation}' model v{Old} was replaced by a different model v{New} from {Origin} (federation started over or file replaced)")]
    private partial void LogReplaced(string federation, long old, long @new, string origin);

    [LoggerMessage(LogLevel.Warning, "Model from {Origin} could not be loaded and is skipped: {Reason}")]
    private partial void LogLoadFailed(string origin, string reason);

    [LoggerMessage(LogLevel.Warning, "Looking for a new model at {Source} failed: {Reason}")]
    private partial void LogPollFailed(string source, string reason);
}
