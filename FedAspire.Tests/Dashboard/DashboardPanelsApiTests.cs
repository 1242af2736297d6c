using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedAspire.Aggregator.Dashboard;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Federation;
using FedAspire.Tests.Topology;
using Microsoft.Extensions.Options;

namespace FedAspire.Tests.Dashboard;

/// <summary>The anomaly and facilities panels' endpoints over HTTP against a running silo and analytics host.</summary>
[Trait("Area", "Dashboard")]
public sealed class DashboardPanelsApiTests(DashboardSilo silo) : IClassFixture<DashboardSilo>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Facilities_list_participants_and_remote_key_status_and_no_dashboard_response_carries_a_key_or_its_hash()
    {
        await silo.ConfigureAsync("keys");
        await silo.Grains.GetGrain<IAggregatorGrain>("keys").RunRoundAsync();
        using var http = silo.Http(DashboardSilo.OperatorKey);
        // The remote facility's client polls once with its key: it is seen.
        using (var remote = silo.Http(DashboardSilo.RemoteKey))
        using (var poll = await remote.GetAsync($"federations/keys/remote/{DashboardSilo.RemoteFacility}/work?waitSeconds=0", Ct))
            Assert.Equal(HttpStatusCode.NoContent, poll.StatusCode);

        var facilities = await http.GetFromJsonAsync<JsonElement>("federations/keys/facilities", Ct);

        var byId = facilities.EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(4, byId.Count);
        var participants = byId.Values.Where(f => f.GetProperty("participant").GetBoolean()).ToList();
        Assert.Equal(2, participants.Count);
        Assert.All(participants, p => Assert.False(p.GetProperty("remote").GetBoolean()));
        var lab = byId[DashboardSilo.RemoteFacility];
        Assert.True(lab.GetProperty("remote").GetBoolean());
        Assert.False(lab.GetProperty("participant").GetBoolean());
        Assert.Equal("Present", lab.GetProperty("keyStatus").GetString());
        Assert.True(lab.GetProperty("lastPoll").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(JsonValueKind.Null, lab.GetProperty("lastDelivery").ValueKind);
        Assert.Equal("Revoked", byId[DashboardSilo.RevokedFacility].GetProperty("keyStatus").GetString());

        // Every dashboard page, script and JSON answer, and the OpenAPI document: neither the key nor its configured hash.
        var hash = RemoteFacilityKeys.Hash(DashboardSilo.RemoteKey);
        string[] paths = ["dashboard", "dashboard/dashboard.js", "federations/keys/status", "federations/keys/rounds", "federations/keys/calibration",
            "federations/keys/facilities", "federations/keys/anomalies", "federations/keys/model"];
        foreach (var path in paths)
        {
            var body = await http.GetStringAsync(path, Ct);
            Assert.DoesNotContain(DashboardSilo.RemoteKey, body, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, body, StringComparison.OrdinalIgnoreCase);
        }
        using var events = await http.GetAsync("federations/keys/events?after=0", HttpCompletionOption.ResponseHeadersRead, Ct);
        var first = await ReadUntilAsync(events, "event: status");
        Assert.DoesNotContain(DashboardSilo.RemoteKey, first, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, first, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_paused_facility_is_not_sampled_until_resumed_and_pausing_needs_the_operator_key()
    {
        var aggregator = await silo.ConfigureAsync("pausing");
        using var http = silo.Http(DashboardSilo.OperatorKey);
        using var anonymous = silo.Http(null);
        var ids = await aggregator.GetParticipantsAsync();
        string paused = ids[0], other = ids[1];

        using (var refused = await anonymous.PostAsync($"federations/pausing/facilities/{paused}/pause", null, Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var unknown = await http.PostAsync("federations/pausing/facilities/no-such-facility/pause", null, Ct))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty((await aggregator.GetStatusAsync()).Paused!);

        using var pause = await http.PostAsync($"federations/pausing/facilities/{paused}/pause", null, Ct);
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        Assert.Equal([paused], (await pause.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("paused").EnumerateArray().Select(e => e.GetString()));
        var facilities = await http.GetFromJsonAsync<JsonElement>("federations/pausing/facilities", Ct);
        Assert.True(facilities.EnumerateArray().Single(f => f.GetProperty("id").GetString() == paused).GetProperty("paused").GetBoolean());

        var whilePaused = await (await http.PostAsync("federations/pausing/rounds/run", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal([other], whilePaused.GetProperty("sampled").EnumerateArray().Select(e => e.GetString()));

        using var resume = await http.PostAsync($"federations/pausing/facilities/{paused}/resume", null, Ct);
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        var resumed = await (await http.PostAsync("federations/pausing/rounds/run", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal([.. ids.Order(StringComparer.Ordinal)], resumed.GetProperty("sampled").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_anomaly_feed_serves_analytics_anomalies_of_the_federation_with_each_devices_score_series()
    {
        var aggregator = await silo.ConfigureAsync(DashboardSilo.DefaultFederation);
        if ((await aggregator.GetStatusAsync()).Version == 0) await aggregator.RunRoundAsync();
        var model = (await silo.Registry.GetLatestAsync(DashboardSilo.DefaultFederation, Ct))!;
        await silo.Analytics.WaitForModelAsync(model.Version, Ct);
        long seq = await silo.Analytics.SendReadingsAsync(model, "api-pump-1", "plant-a", 1, 4, anomalous: false, Ct);
        await silo.Analytics.SendReadingsAsync(model, "api-pump-1", "plant-a", seq, 2, anomalous: true, Ct);
        using var http = silo.Http(DashboardSilo.OperatorKey);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var feed = await JsonPolling.UntilAsync(http, $"federations/{DashboardSilo.DefaultFederation}/anomalies",
            f => f.GetProperty("anomalies").EnumerateArray().Any(a => a.GetProperty("deviceId").GetString() == "api-pump-1"), "the anomaly in the dashboard feed", deadline.Token);

        Assert.Equal(JsonValueKind.Null, feed.GetProperty("error").ValueKind);
        Assert.Equal(silo.Analytics.BaseAddress.ToString(), feed.GetProperty("source").GetString());
        var anomaly = feed.GetProperty("anomalies").EnumerateArray().First(a => a.GetProperty("deviceId").GetString() == "api-pump-1");
        Assert.Equal(model.Version, anomaly.GetProperty("modelVersion").GetInt64());
        Assert.True(anomaly.GetProperty("score").GetSingle() > anomaly.GetProperty("threshold").GetSingle());
        Assert.Equal("plant-a", anomaly.GetProperty("facilityId").GetString());
        var series = feed.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == "api-pump-1").GetProperty("scores");
        // Window 2: six readings give five scores, oldest first, the last two anomalous.
        Assert.True(series.GetArrayLength() >= 4, $"{series.GetArrayLength()} scores");
        var sequences = series.EnumerateArray().Select(s => s.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.True(series[series.GetArrayLength() - 1].GetProperty("anomaly").GetBoolean());
        // Another federation's feed does not show it.
        var other = await http.GetFromJsonAsync<JsonElement>("federations/some-other/anomalies", Ct);
        Assert.DoesNotContain(other.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("deviceId").GetString() == "api-pump-1");
    }

    [Fact]
    public async Task Without_analytics_or_with_it_unreachable_the_feed_says_why_instead_of_failing()
    {
        using var http = new HttpClient();
        var unset = await new AnalyticsFeed(http, Options.Create(new DashboardOptions())).ReadAsync("pumps", 50, 8, 60, Ct);
        var down = await new AnalyticsFeed(http, Options.Create(new DashboardOptions { AnalyticsUrl = $"http://127.0.0.1:{TopologyProcesses.FreePort()}" }))
            .ReadAsync("pumps", 50, 8, 60, Ct);

        Assert.Contains("FedAspire:Dashboard:AnalyticsUrl", unset.Error, StringComparison.Ordinal);
        Assert.Null(unset.Source);
        Assert.Contains("could not be read", down.Error, StringComparison.Ordinal);
        Assert.Empty(down.Anomalies);
    }

    private static async Task<string> ReadUntilAsync(HttpResponseMessage response, string marker)
    {
        using var stream = await response.Content.ReadAsStreamAsync(Ct);
        using var reader = new StreamReader(stream);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        var text = new System.Text.StringBuilder();
        while (!text.ToString().Contains(marker, StringComparison.Ordinal) || !text.ToString().EndsWith("\n\n", StringComparison.Ordinal))
            text.Append(await reader.ReadLineAsync(deadline.Token)).Append('\n');
        return text.ToString();
    }
}
