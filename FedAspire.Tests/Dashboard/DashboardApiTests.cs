using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedAspire.Devices.Dashboard;

namespace FedAspire.Tests.Dashboard;

/// <summary>The dashboard's endpoints over real HTTP against a running silo: page and script, the operator key, the event stream and "run round now".</summary>
[Trait("Area", "Dashboard")]
public sealed class DashboardApiTests(DashboardSilo silo) : IClassFixture<DashboardSilo>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_and_script_are_served_without_a_key_and_the_page_names_the_default_federation()
    {
        using var http = silo.Http(null);

        using var page = await http.GetAsync("dashboard", Ct);
        using var script = await http.GetAsync("dashboard/dashboard.js", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<meta name=\"federation\" content=\"{DashboardSilo.DefaultFederation}\">", html, StringComparison.Ordinal);
        // Offline: the page loads nothing from another origin.
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/events?after=", await script.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_stream_and_run_round_now_need_the_operator_key()
    {
        await silo.ConfigureAsync("keyed");
        using var anonymous = silo.Http(null);
        using var wrong = silo.Http("not-the-key");

        using var events = await anonymous.GetAsync("federations/keyed/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var run = await anonymous.PostAsync("federations/keyed/rounds/run", null, Ct);
        using var start = await anonymous.PostAsync("federations/keyed/start", null, Ct);
        using var wrongRun = await wrong.PostAsync("federations/keyed/rounds/run", null, Ct);
        var status = await silo.Grains.GetGrain<Core.Federation.IAggregatorGrain>("keyed").GetStatusAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, run.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongRun.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Equal(0, status.RoundsCompleted + status.RoundsFailed);
        Assert.False(status.Running);
    }

    [Fact]
    public async Task An_unknown_federation_answers_404_and_a_bad_name_400()
    {
        using var http = silo.Http(DashboardSilo.OperatorKey);

        using var unknown = await http.PostAsync("federations/never-configured/rounds/run", null, Ct);
        using var unknownEvents = await http.GetAsync("federations/never-configured/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var bad = await http.PostAsync("federations/bad!name/rounds/run", null, Ct);
        using var badAfter = await http.GetAsync("federations/keyed/events?after=-1", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("not configured", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownEvents.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("may only contain", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badAfter.StatusCode);
    }

    [Fact]
    public async Task Run_round_now_answers_with_the_round_and_the_stream_pushes_each_new_round_once_in_order()
    {
        await silo.ConfigureAsync("streamed");
        using var http = silo.Http(DashboardSilo.OperatorKey);
        using var response = await http.GetAsync("federations/streamed/events?after=0", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        var first = await ReadEventAsync(reader, "status");
        using var run1 = await http.PostAsync("federations/streamed/rounds/run", null, Ct);
        var round1 = await ReadEventAsync(reader, "round");
        using var run2 = await http.PostAsync("federations/streamed/rounds/run", null, Ct);
        var round2 = await ReadEventAsync(reader, "round");
        var answered = await run2.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(first.GetProperty("configured").GetBoolean());
        Assert.Equal(TimeSpan.FromHours(1), TimeSpan.Parse(first.GetProperty("schedule").GetProperty("interval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, run1.StatusCode);
        Assert.Equal(1, round1.GetProperty("roundId").GetInt64());
        Assert.Equal("Completed", round1.GetProperty("outcome").GetString());
        Assert.Equal(2, round2.GetProperty("roundId").GetInt64());
        Assert.Equal(2, answered.GetProperty("roundId").GetInt64());
        Assert.Equal(answered.GetProperty("version").GetInt64(), round2.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_client_far_behind_gets_every_round_of_a_long_history_once_in_order()
    {
        // 150 recorded rounds before the federation is configured: the aggregator continues after them.
        const string name = "long-history";
        for (long id = 1; id <= 150; id++)
            await silo.Registry.SaveRoundAsync(new Core.Federation.RoundRecord(name, id, Core.Federation.RoundOutcome.Failed, DateTimeOffset.UnixEpoch,
                TimeSpan.FromSeconds(1), 0, 0, [], [], [], [], 0, double.NaN, 0f, null, "quorum not reached"), Ct);
        var aggregator = await silo.ConfigureAsync(name);
        var newest = await aggregator.RunRoundAsync();
        using var http = silo.Http(DashboardSilo.OperatorKey);
        using var response = await http.GetAsync($"federations/{name}/events?after=0", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        var ids = new List<long>();
        while (ids.Count == 0 || ids[^1] < newest.RoundId) ids.Add((await ReadEventAsync(reader, "round")).GetProperty("roundId").GetInt64());

        Assert.True(newest.RoundId > 150, $"the new round continues after the history, got {newest.RoundId}");
        Assert.Equal([.. Enumerable.Range(1, 150).Select(i => (long)i), newest.RoundId], ids);
    }

    [Theory]
    [InlineData("http://[::]:8080", "http://localhost:8080/dashboard")]
    [InlineData("http://0.0.0.0:5000", "http://localhost:5000/dashboard")]
    [InlineData("http://+:5000", "http://localhost:5000/dashboard")]
    [InlineData("https://127.0.0.1:7001", "https://127.0.0.1:7001/dashboard")]
    public void The_printed_dashboard_url_replaces_wildcard_hosts(string bound, string printed) =>
        Assert.Equal([printed], DashboardUrls.Of([bound]));

    /// <summary>Reads server-sent events until one named <paramref name="name"/>, skipping others; fails after 60 s.</summary>
    private static async Task<JsonElement> ReadEventAsync(StreamReader reader, string name)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        string? eventName = null, data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            else if (line.Length == 0)
            {
                if (eventName == name && data is not null) return JsonDocument.Parse(data).RootElement.Clone();
                eventName = data = null;
            }
        }
        throw new EndOfStreamException($"the stream ended before a '{name}' event");
    }
}
