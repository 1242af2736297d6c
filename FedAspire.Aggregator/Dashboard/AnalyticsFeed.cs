using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace FedAspire.Aggregator.Dashboard;

/// <summary>
/// Reads recent anomalies and device scores from the analytics service's API (<see cref="DashboardOptions.AnalyticsUrl"/>).
/// Analytics keeps predictions in its own store (MongoDB or its embedded rings), so asking its API is the one path that works the
/// same with every backend and with analytics in another process or on another machine; the page reads them from the silo, so
/// it stays same-origin and behind the operator key.
/// </summary>
public sealed class AnalyticsFeed(HttpClient http, IOptions<DashboardOptions> options)
{
    // Analytics writes NaN thresholds as "NaN" and camel-cases names (ASP.NET Core's web defaults).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Most anomalies and sparklines served.</summary>
    public const int MaxAnomalies = 200, MaxDevices = 20, MaxPoints = 200;

    /// <summary>
    /// Up to <paramref name="limit"/> recent anomalies of <paramref name="federation"/> and, for the <paramref name="devices"/> devices
    /// with the most recent ones, their last <paramref name="points"/> scores. Never throws for an absent or failing analytics:
    /// the reason travels in <see cref="AnomalyFeed.Error"/>.
    /// </summary>
    public async Task<AnomalyFeed> ReadAsync(string federation, int limit, int devices, int points, CancellationToken cancellationToken)
    {
        if (options.Value.AnalyticsUrl is not { Length: > 0 } url)
            return new AnomalyFeed(null, "no analytics service configured (FedAspire:Dashboard:AnalyticsUrl)", [], []);
        var baseUri = new Uri(url.TrimEnd('/') + "/");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.AnalyticsTimeoutSeconds));
        try
        {
            // Analytics' anomaly list spans every federation it scores; ask for more than shown so another federation's burst does not hide this one's.
            var all = await GetAsync(new Uri(baseUri, $"anomalies?limit={Math.Min(1000, Math.Clamp(limit, 1, MaxAnomalies) * 4)}"), timeout.Token);
            var anomalies = all.Where(p => string.Equals(p.Federation, federation, StringComparison.Ordinal)).Take(Math.Clamp(limit, 1, MaxAnomalies)).ToList();
            var deviceIds = anomalies.Select(p => p.DeviceId).Distinct(StringComparer.Ordinal).Take(Math.Clamp(devices, 0, MaxDevices)).ToList();
            int n = Math.Clamp(points, 1, MaxPoints);
            var series = await Task.WhenAll(deviceIds.Select(async id =>
            {
                var scores = await GetAsync(new Uri(baseUri, $"devices/{Uri.EscapeDataString(id)}/scores?limit={n}"), timeout.Token);
                return new DeviceScoreSeries(id, [.. scores.Where(p => string.Equals(p.Federation, federation, StringComparison.Ordinal)).Reverse()]);
            }));
            return new AnomalyFeed(baseUri.ToString(), null, anomalies, series);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? $"no answer within {options.Value.AnalyticsTimeoutSeconds:0.#} s" : e.Message;
            return new AnomalyFeed(baseUri.ToString(), $"analytics at {baseUri} could not be read: {reason}", [], []);
        }
    }

    private async Task<IReadOnlyList<DashboardPrediction>> GetAsync(Uri uri, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<DashboardPrediction>>(uri, Json, cancellationToken) ?? [];
}
