using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using FedAspire.Tests.Topology;
using TempDirectory = FedAspire.Tests.Federation.TempDirectory;
using FedAspire.Analytics.Scoring;

namespace FedAspire.Tests.AppHost;

/// <summary>
/// Starts FedAspire.AppHost (default flavour: redis-server executable, two devices replicas, analytics) with Aspire.Hosting.Testing
/// and checks what F5 promises: healthy resources, rounds trained on both silos, a published version that analytics scores with,
/// and services exporting OTLP traces to the endpoint the AppHost hands them, one trace per round.
/// </summary>
[Trait("Area", "AppHost")]
[Collection(AppHostCollection.Name)]
public sealed class AppHostTests
{
    private const string Federation = "pumps";
    private const string RedisServer = "/usr/bin/redis-server";
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(170);

    [Fact]
    public async Task F5_topology_trains_on_both_silos_analytics_scores_the_published_version_and_each_round_is_one_exported_trace()
    {
        if (!File.Exists(RedisServer)) Assert.Skip($"{RedisServer} not found (install Debian's redis-server; .ci/run does).");
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TestBudget);
        var ct = budget.Token;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Note(string what) => TestContext.Current.SendDiagnosticMessage($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");

        using var temp = new TempDirectory();
        await using var otlp = await OtlpTraceReceiver.StartAsync(ct);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FedAspire_AppHost>(
            [
                // Six facilities so hash placement puts some on each replica; short rounds keep the test brief.
                "Parameters:facilities=6",
                "Parameters:simulated-devices=12",
                "Parameters:records-per-second=60",
                "Parameters:round-interval-seconds=3",
            ],
            (options, _) => options.DisableDashboard = true, ct);
        // The AppHost hands its OTLP endpoint to every service; here it is this receiver, spoken to over OTLP/HTTP.
        appHost.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = null;
        appHost.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = otlp.Endpoint;
        // A registry of this test's own, so a model left by an earlier F5 run is not resumed.
        appHost.CreateResourceBuilder<ProjectResource>("devices").WithEnvironment("FedAspire__Registry__Path", temp.Sub("registry"));

        await using var app = await appHost.BuildAsync(ct);
        await app.StartAsync(ct);
        Note("AppHost started");
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", ct);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("analytics", ct);
            Note("redis and analytics healthy (analytics waits for devices)");

            // 1. Rounds complete through the federation API of the devices replicas.
            using var devices = app.CreateHttpClient("devices", "http");
            var status = await JsonPolling.UntilAsync(devices, $"/federations/{Federation}/status",
                s => s.GetProperty("version").GetInt64() >= 2, "version 2", ct);
            Note($"version {status.GetProperty("version").GetInt64()} published");
            var rounds = await devices.GetFromJsonAsync<JsonElement>($"/federations/{Federation}/rounds?last=5", ct);
            Assert.Contains(rounds.EnumerateArray(), r => r.GetProperty("outcome").GetString() == "Completed" && r.GetProperty("contributions").GetArrayLength() >= 2);

            // 2. A published version read through the API.
            var model = await devices.GetFromJsonAsync<JsonElement>($"/federations/{Federation}/model", ct);
            long published = model.GetProperty("version").GetInt64();
            Assert.True(published >= 2, model.ToString());

            // 3. Analytics loads that version (or a newer one) and scores telemetry with it.
            using var analytics = app.CreateHttpClient("analytics", "http");
            var loaded = await JsonPolling.UntilAsync(analytics, "/model", m => m.GetProperty("version").GetInt64() >= published, $"analytics on version >= {published}", ct);
            long scoringVersion = loaded.GetProperty("version").GetInt64();
            var features = loaded.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
            int window = loaded.GetProperty("window").GetInt32();
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            // Under local normalization analytics first measures the device's own statistics on its warm-up readings.
            int readings = new ScoringOptions().WarmupReadings + window + 2;
            for (int seq = 1; seq <= readings; seq++)
            {
                var values = string.Join(',', features.Select((f, i) => $"\"{f}\":{(0.5 + 0.01 * i).ToString(CultureInfo.InvariantCulture)}"));
                var json = $$"""{"v":1,"device":"pump-apphost","facility":"facility-01","ts":{{now - (readings - seq) * 1_000L}},"seq":{{seq}},"values":""" + "{" + values + "}}";
                using var post = await analytics.PostAsync("/telemetry", new StringContent(json, Encoding.UTF8, "application/json"), ct);
                Assert.True(post.IsSuccessStatusCode, $"POST /telemetry: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync(ct)}");
            }
            var scores = await JsonPolling.UntilAsync(analytics, "/devices/pump-apphost/scores", s => s.GetArrayLength() > 0, "predictions for pump-apphost", ct);
            Assert.All(scores.EnumerateArray(), p => Assert.True(p.GetProperty("modelVersion").GetInt64() >= scoringVersion, p.ToString()));
            Assert.All(scores.EnumerateArray(), p => Assert.True(double.IsFinite(p.GetProperty("score").GetDouble()), p.ToString()));
            Note($"analytics scored {scores.GetArrayLength()} windows with version >= {scoringVersion}");

            // 3b. The federation dashboard on the silo reads that analytics service (the AppHost hands it the address).
            var feed = await devices.GetFromJsonAsync<JsonElement>($"/federations/{Federation}/anomalies", ct);
            Assert.Equal(JsonValueKind.Null, feed.GetProperty("error").ValueKind);

            // 3c. The resource commands reach the silo's API: stop timed rounds, run one round now, start again.
            var commands = app.Services.GetRequiredService<ResourceCommandService>();
            // A command runs on one replica (as clicked in the dashboard); the healthy event names one by its instance id.
            var replica = (await app.ResourceNotifications.WaitForResourceHealthyAsync("devices", ct)).ResourceId;
            Assert.True((await commands.ExecuteCommandAsync(replica, "stop-federation", ct)).Success);
            var stopped = await JsonPolling.UntilAsync(devices, $"/federations/{Federation}/status",
                s => !s.GetProperty("running").GetBoolean() && !s.GetProperty("roundInProgress").GetBoolean(), "timed rounds stopped", ct);
            var ran = await commands.ExecuteCommandAsync(replica, "run-round", ct);
            Assert.True(ran.Success, ran.Message);
            var after = await devices.GetFromJsonAsync<JsonElement>($"/federations/{Federation}/status", ct);
            Assert.Equal(stopped.GetProperty("round").GetInt64() + 1, after.GetProperty("round").GetInt64());
            // Pause and resume take the facility id as the command's argument, as the Aspire dashboard asks for it.
            InteractionInputCollection Facility(string id) => new([new InteractionInput { Name = "facility", InputType = InputType.Text, Value = id }]);
            var paused = await commands.ExecuteCommandAsync(replica, "pause-facility", Facility("facility-01"), ct);
            Assert.True(paused.Success, paused.Message);
            var pausedStatus = await devices.GetFromJsonAsync<JsonElement>($"/federations/{Federation}/status", ct);
            Assert.Equal(["facility-01"], pausedStatus.GetProperty("paused").EnumerateArray().Select(p => p.GetString()));
            Assert.True((await commands.ExecuteCommandAsync(replica, "resume-facility", Facility("facility-01"), ct)).Success);
            Assert.Equal(0, (await devices.GetFromJsonAsync<JsonElement>($"/federations/{Federation}/status", ct)).GetProperty("paused").GetArrayLength());
            Assert.True((await commands.ExecuteCommandAsync(replica, "start-federation", ct)).Success);
            Note("stop, run round now, pause and resume facility-01, start through the resource commands");

            // 4. OTLP: a round is one trace, whose participants' training calls ran on both replicas, and analytics exports too.
            var (round, trace) = await WaitForRoundTraceOnBothSilosAsync(otlp, ct);
            Note($"round trace {round.TraceId}: {trace.Count} spans from {string.Join(", ", trace.Select(s => s.ServiceInstance).Distinct())}");
            foreach (var step in new[] { "federation.train", "federation.export", "federation.publish" })
                Assert.Contains(trace, s => s.Name == step);
            Assert.Equal("devices", round.ServiceName);
            Assert.DoesNotContain(trace, s => s.ParentSpanId.Length == 0 && s.SpanId != round.SpanId); // one root: the round
            await WaitForAsync(() => otlp.Spans.Any(s => s.ServiceName == "analytics"), "spans exported by analytics", otlp, ct);
            Assert.DoesNotContain(otlp.Spans, s => s.ParentSpanId.Length == 0 && s.Name.Contains("IngestAsync", StringComparison.Ordinal));
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Timed out after {clock.Elapsed.TotalSeconds:F0} s; {otlp.Spans.Count} spans in {otlp.TraceRequests} OTLP requests so far.");
        }
    }

    /// <summary>The first complete round trace (its publish span arrived) with TrainAsync spans from two replicas of devices.</summary>
    private static async Task<(OtlpSpan Round, List<OtlpSpan> Trace)> WaitForRoundTraceOnBothSilosAsync(OtlpTraceReceiver otlp, CancellationToken ct)
    {
        (OtlpSpan, List<OtlpSpan>)? found = null;
        await WaitForAsync(() =>
        {
            var spans = otlp.Spans.ToList();
            foreach (var round in spans.Where(s => s.Name == "federation.round"))
            {
                var trace = spans.Where(s => s.TraceId == round.TraceId).ToList();
                int trainingSilos = trace.Where(s => s.Name.Contains("TrainAsync", StringComparison.Ordinal) && s.ServiceName == "devices")
                    .Select(s => s.ServiceInstance).Distinct().Count();
                if (trainingSilos >= 2 && trace.Any(s => s.Name == "federation.publish"))
                {
                    found = (round, trace);
                    return true;
                }
            }
            return false;
        }, "a round trace with training spans from both devices replicas", otlp, ct);
        return found!.Value;
    }

    private static async Task WaitForAsync(Func<bool> done, string what, OtlpTraceReceiver otlp, CancellationToken ct)
    {
        while (!done())
        {
            if (ct.IsCancellationRequested)
            {
                var seen = otlp.Spans.GroupBy(s => $"{s.ServiceName}/{s.ServiceInstance}").Select(g => $"{g.Key}: {g.Count()}");
                Assert.Fail($"Timed out waiting for {what}; spans received per service instance: {string.Join(", ", seen)}; round spans: {otlp.Spans.Count(s => s.Name == "federation.round")}.");
            }
            await Task.Delay(250, CancellationToken.None);
        }
    }

}
