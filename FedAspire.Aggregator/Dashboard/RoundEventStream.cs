using System.Text;
using System.Text.Json;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using Microsoft.AspNetCore.Http;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>
/// Server-sent events for one federation: <c>status</c> whenever the aggregator's status changes, one <c>round</c> per round
/// record completed after the cursor, oldest first, and <c>anomalies</c> (the anomaly panel's <see cref="AnomalyFeed"/>) whenever
/// what analytics reports changes. It polls the aggregator's <c>[AlwaysInterleave]</c> status (cheap, answers during a round)
/// rather than subscribing to the grain, so a dashboard costs the silo no observer registrations; analytics owns the
/// predictions and has no push of its own, so the stream reads it every <see cref="AnomalyInterval"/> and pushes changes.
/// </summary>
public sealed class RoundEventStream(IGrainFactory grains, IModelRegistry registry, JsonSerializerOptions json, AnalyticsFeed? anomalies = null)
{
    /// <summary>How often analytics is read for the anomaly panel (a page with the stream open never polls it itself).</summary>
    public static readonly TimeSpan AnomalyInterval = TimeSpan.FromSeconds(2);

    /// <summary>What one <c>anomalies</c> event carries: the panel's newest anomalies, devices and points per device.</summary>
    public const int AnomalyLimit = 50, AnomalyDevices = 8, AnomalyPoints = 60;

    /// <summary>How often the status is polled.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A comment line is sent after this much silence so proxies keep the connection open.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Most round ids read from the history per poll; a client further behind catches up over several polls.</summary>
    public const int MaxCatchUp = 100;

    /// <summary>
    /// Streams until the client disconnects. Rounds with ids at or below <paramref name="after"/> are not sent; without it the
    /// stream starts after the aggregator's current last round (the page loads the history through <c>/rounds</c>).
    /// </summary>
    public async Task RunAsync(string federation, long? after, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var aggregator = grains.GetGrain<IAggregatorGrain>(federation);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) would buffer the stream otherwise.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        string? lastStatus = null, lastAnomalies = null;
        long? cursor = after;
        var quietSince = DateTime.UtcNow;
        var anomaliesRead = DateTime.MinValue;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var status = await aggregator.GetStatusAsync();
                cursor ??= status.LastRound?.RoundId ?? 0;
                if (status.LastRound is { } last && last.RoundId > cursor)
                {
                    // The history holds every round in order, the status only the newest one. A client far behind gets the
                    // next MaxCatchUp ids per poll, oldest first (ids below upTo + 1), so nothing in between is skipped.
                    long upTo = Math.Min(last.RoundId, cursor.Value + MaxCatchUp);
                    var page = await registry.ReadRoundsAsync(federation, MaxCatchUp, upTo + 1, cancellationToken);
                    foreach (var round in page.Rounds.Where(r => r.RoundId > cursor).OrderBy(r => r.RoundId))
                    {
                        await WriteAsync(response, "round", round.RoundId, round, cancellationToken);
                        cursor = round.RoundId;
                    }
                    if (upTo == last.RoundId && last.RoundId > cursor)
                    {
                        // A history append that failed (it is retried) must not hold the live view back.
                        await WriteAsync(response, "round", last.RoundId, last, cancellationToken);
                        cursor = last.RoundId;
                    }
                    else if (upTo < last.RoundId && cursor < upTo)
                    {
                        // No record in this range of ids (ids may skip): move past it.
                        cursor = upTo;
                    }
                    quietSince = DateTime.UtcNow;
                }
                if (anomalies is not null && DateTime.UtcNow - anomaliesRead >= AnomalyInterval)
                {
                    anomaliesRead = DateTime.UtcNow;
                    var feed = await anomalies.ReadAsync(federation, AnomalyLimit, AnomalyDevices, AnomalyPoints, cancellationToken);
                    var feedJson = JsonSerializer.Serialize(feed, json);
                    if (feedJson != lastAnomalies)
                    {
                        await WriteRawAsync(response, "anomalies", null, feedJson, cancellationToken);
                        lastAnomalies = feedJson;
                        quietSince = DateTime.UtcNow;
                    }
                }
                var statusJson = JsonSerializer.Serialize(status with { LastRound = null }, json);
                if (statusJson != lastStatus)
                {
                    await WriteRawAsync(response, "status", null, statusJson, cancellationToken);
                    lastStatus = statusJson;
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince >= KeepAlive)
                {
                    await response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTime.UtcNow;
                }
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
    }

    private Task WriteAsync<T>(HttpResponse response, string eventName, long? id, T payload, CancellationToken cancellationToken) =>
        WriteRawAsync(response, eventName, id, JsonSerializer.Serialize(payload, json), cancellationToken);

    private static async Task WriteRawAsync(HttpResponse response, string eventName, long? id, string data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("event: ").Append(eventName).Append('\n');
        if (id is { } i) text.Append("id: ").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        // Serialized JSON has no raw newlines, so the payload is one data line.
        text.Append("data: ").Append(data).Append("\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
