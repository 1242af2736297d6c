using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Federation;
using FedAspire.Core.Telemetry;
using FedAspire.Lab.Cluster;
using FedAspire.Messaging;
using FedAspire.Tests.Backends;
using FedAspire.Tests.Federation;
using MongoDB.Bson;
using MongoDB.Driver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace FedAspire.Tests.Topology;

/// <summary>
/// Redis, two FedAspire.Devices silos and FedAspire.Analytics as real processes on loopback, configured only by the keys an
/// Aspire AppHost injects. Bounded: every wait has a deadline and Dispose kills every child.
/// </summary>
[Trait("Area", "Topology")]
public sealed class MultiProcessTopologyTests
{
    private const string Federation = "pumps";
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(85);

    [Fact]
    public async Task Two_silos_train_together_survive_a_killed_silo_and_analytics_scores_with_the_new_version()
    {
        using var temp = new TempDirectory();
        using var processes = await TopologyProcesses.StartRedisAsync(temp.Path);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        budget.CancelAfter(TestBudget);
        var ct = budget.Token;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        int httpA = TopologyProcesses.FreePort(), httpB = TopologyProcesses.FreePort(), httpAnalytics = TopologyProcesses.FreePort();
        Dictionary<string, string> Silo(int http) => new(processes.SiloEnvironment(TopologyProcesses.FreePort(), TopologyProcesses.FreePort(), http))
        {
            ["FedAspire__Registry__Path"] = temp.Sub("registry"),
            ["FedAspire__Data__Path"] = Path.Combine(processes.RepositoryRoot, "data", "pump-plant-sample.csv"),
            ["FedAspire__Simulator__Facilities"] = "6",
            ["FedAspire__Federation__RoundIntervalSeconds"] = "2",
            ["FedAspire__Federation__DeadlineSeconds"] = "6",
            ["FedAspire__Federation__MinParticipants"] = "2",
            ["FedAspire__Federation__Quorum"] = "2",
            ["FedAspire__Federation__CentralEvaluation"] = "false",
        };
        // Silo A joins first without starting the federation; silo B starts it once both are members, so the first round
        // already places facility grains on a two-silo cluster.
        var siloA = processes.StartProject("silo-a", "FedAspire.Devices", new(Silo(httpA)) { ["FedAspire__Federation__AutoStart"] = "false" });
        var baseA = $"http://127.0.0.1:{httpA}";
        ChildProcess siloB;

        try
        {
            await PollTextAsync(http, $"{baseA}/alive", "silo A to answer", ct);
            siloB = processes.StartProject("silo-b", "FedAspire.Devices", Silo(httpB));
            // 1. A completed round whose participants were activated on both silos.
            var first = await JsonPolling.UntilAsync(http, $"{baseA}/federations/{Federation}/status", s => s.GetProperty("version").GetInt64() >= 1, "version 1 from the two-silo cluster", ct);
            await using var inspector = await ClusterInspector.ConnectAsync(processes, ct);
            var facilitySilos = await inspector.FacilitySilosAsync(ct);
            Assert.True(facilitySilos.Count >= 2, $"facility grains should be spread over both silos, found them on: {string.Join(", ", facilitySilos)}\n{processes.Diagnostics()}");
            var rounds = await http.GetFromJsonAsync<JsonElement>($"{baseA}/federations/{Federation}/rounds?last=5", ct);
            Assert.Contains(rounds.EnumerateArray(), r => r.GetProperty("outcome").GetString() == "Completed" && r.GetProperty("contributions").GetArrayLength() >= 2);

            // 2. Kill silo B while a round runs; the next round still reaches quorum on silo A.
            await JsonPolling.UntilAsync(http, $"{baseA}/federations/{Federation}/status", s => s.GetProperty("roundInProgress").GetBoolean(), "a round in progress", ct);
            long versionAtKill = (await http.GetFromJsonAsync<JsonElement>($"{baseA}/federations/{Federation}/status", ct)).GetProperty("version").GetInt64();
            siloB.Kill();
            TestContext.Current.SendDiagnosticMessage($"silo B killed at {clock.Elapsed.TotalSeconds:F1} s during the round after version {versionAtKill}");
            var after = await JsonPolling.UntilAsync(http, $"{baseA}/federations/{Federation}/status",
                s => s.GetProperty("version").GetInt64() > versionAtKill + 1, $"a version after {versionAtKill + 1} without silo B", ct);
            long survivorVersion = after.GetProperty("version").GetInt64();
            TestContext.Current.SendDiagnosticMessage($"version {survivorVersion} without silo B at {clock.Elapsed.TotalSeconds:F1} s");
            Assert.False(siloA.HasExited, processes.Diagnostics());

            // 3. Analytics reads the model through the federation API and scores with that version.
            processes.StartProject("analytics", "FedAspire.Analytics", new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpAnalytics}",
                ["FedAspire__Analytics__FederationApi"] = baseA,
                ["FedAspire__Analytics__Federation"] = Federation,
                ["FedAspire__Analytics__PollInterval"] = "00:00:00.500",
                ["FedAspire__Analytics__Predictions__Directory"] = "",
                ["FedAspire__Analytics__Scoring__MaxBatchDelayMilliseconds"] = "10",
            });
            var baseAnalytics = $"http://127.0.0.1:{httpAnalytics}";
            var model = await JsonPolling.UntilAsync(http, $"{baseAnalytics}/model", m => m.GetProperty("version").GetInt64() >= survivorVersion, $"analytics loading version >= {survivorVersion}", ct);
            long modelVersion = model.GetProperty("version").GetInt64();
            var features = model.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
            int window = model.GetProperty("window").GetInt32();
            // Recent timestamps: analytics returns predictions inside its retention period only.
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            // Under local normalization analytics first measures the device's own statistics on its warm-up readings.
            int readings = new ScoringOptions().WarmupReadings + window + 2;
            for (int seq = 1; seq <= readings; seq++)
            {
                var values = string.Join(',', features.Select((f, i) => $"\"{f}\":{(0.5 + 0.01 * i).ToString(CultureInfo.InvariantCulture)}"));
                var json = $$"""{"v":1,"device":"pump-topology","facility":"facility-01","ts":{{now - (readings - seq) * 1_000L}},"seq":{{seq}},"values":""" + "{" + values + "}}";
                using var post = await http.PostAsync($"{baseAnalytics}/telemetry", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ct);
                Assert.True(post.IsSuccessStatusCode, $"POST /telemetry: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync(ct)}");
            }
            var scores = await JsonPolling.UntilAsync(http, $"{baseAnalytics}/devices/pump-topology/scores", s => s.GetArrayLength() > 0, "predictions for pump-topology", ct);
            Assert.All(scores.EnumerateArray(), p => Assert.True(p.GetProperty("modelVersion").GetInt64() >= modelVersion));
            Assert.All(scores.EnumerateArray(), p => Assert.True(double.IsFinite(p.GetProperty("score").GetDouble())));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n{processes.Diagnostics()}");
        }
    }

    [Fact]
    public async Task Silos_and_analytics_on_kafka_and_mongodb_train_store_versions_ingest_and_score_through_the_broker()
    {
        var testCt = TestContext.Current.CancellationToken;
        await using var kafka = await TestKafka.AcquireAsync(testCt);
        await using var mongo = await TestMongo.AcquireAsync(testCt);
        await kafka.EnsureServiceTopicsAsync(testCt);
        using var temp = new TempDirectory();
        using var processes = await TopologyProcesses.StartRedisAsync(temp.Path);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(testCt);
        // Consumer-group joins on the broker add seconds to each service's start.
        budget.CancelAfter(TestBudget * 2);
        var ct = budget.Token;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // The services use the fixed topic names; unique groups keep earlier runs against the same broker out of this one.
        string devicesGroup = TestKafka.UniqueName("devices"), analyticsGroup = TestKafka.UniqueName("analytics"), device = TestKafka.UniqueName("pump");
        var backends = new Dictionary<string, string>(kafka.Environment) { ["ConnectionStrings__fedaspire"] = mongo.DatabaseConnectionString };

        int httpA = TopologyProcesses.FreePort(), httpB = TopologyProcesses.FreePort(), httpAnalytics = TopologyProcesses.FreePort();
        Dictionary<string, string> Silo(int port)
        {
            var environment = new Dictionary<string, string>(processes.SiloEnvironment(TopologyProcesses.FreePort(), TopologyProcesses.FreePort(), port))
            {
                ["FedAspire__Data__Path"] = Path.Combine(processes.RepositoryRoot, "data", "pump-plant-sample.csv"),
                ["FedAspire__Simulator__Facilities"] = "4",
                ["FedAspire__Federation__RoundIntervalSeconds"] = "2",
                ["FedAspire__Federation__DeadlineSeconds"] = "6",
                ["FedAspire__Federation__MinParticipants"] = "2",
                ["FedAspire__Federation__Quorum"] = "2",
                ["FedAspire__Federation__CentralEvaluation"] = "false",
                ["FedAspire__Ingestion__ConsumerGroup"] = devicesGroup,
            };
            foreach (var (key, value) in backends) environment[key] = value;
            return environment;
        }
        var siloA = processes.StartProject("silo-a", "FedAspire.Devices", new(Silo(httpA)) { ["FedAspire__Federation__AutoStart"] = "false" });
        var baseA = $"http://127.0.0.1:{httpA}";
        try
        {
            await PollTextAsync(http, $"{baseA}/alive", "silo A to answer", ct);
            processes.StartProject("silo-b", "FedAspire.Devices", Silo(httpB));

            // 1. Rounds complete on the two-silo cluster and every version lands in the MongoDB registry.
            var status = await JsonPolling.UntilAsync(http, $"{baseA}/federations/{Federation}/status", s => s.GetProperty("version").GetInt64() >= 1, "version 1 with the MongoDB registry", ct);
            var versions = mongo.Database.GetCollection<BsonDocument>("model_versions");
            var stored = await versions.Find(Builders<BsonDocument>.Filter.Eq("federation", Federation)).SortByDescending(d => d["version"]).FirstOrDefaultAsync(ct);
            Assert.True(stored is not null, $"no version document in {mongo.Kind} database {mongo.DatabaseName}\n{processes.Diagnostics()}");
            Assert.True(stored["version"].ToInt64() >= 1);
            Assert.True(await mongo.Database.GetCollection<BsonDocument>("rounds").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: ct) >= 1);

            // 2. Analytics on Kafka and MongoDB loads the model through the federation API.
            processes.StartProject("analytics", "FedAspire.Analytics", new Dictionary<string, string>(backends)
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpAnalytics}",
                ["FedAspire__Analytics__FederationApi"] = baseA,
                ["FedAspire__Analytics__Federation"] = Federation,
                ["FedAspire__Analytics__PollInterval"] = "00:00:00.500",
                ["FedAspire__Analytics__Scoring__ConsumerGroup"] = analyticsGroup,
                ["FedAspire__Analytics__Scoring__MaxBatchDelayMilliseconds"] = "10",
            });
            var baseAnalytics = $"http://127.0.0.1:{httpAnalytics}";
            var model = await JsonPolling.UntilAsync(http, $"{baseAnalytics}/model", m => m.GetProperty("version").GetInt64() >= 1, "analytics loading a version", ct);
            long modelVersion = model.GetProperty("version").GetInt64();
            var features = model.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray();
            int window = model.GetProperty("window").GetInt32();

            // 3. Telemetry through the broker: the silos' device grains and analytics' scorer both consume it.
            int records = new ScoringOptions().WarmupReadings + window + 2; // analytics' warm-up, then scored windows
            using (var producer = new KafkaTelemetryProducer(kafka.Settings))
            {
                var now = DateTimeOffset.UtcNow;
                for (int seq = 1; seq <= records; seq++)
                    await producer.PublishAsync(new TelemetryRecord(device, "facility-01", now.AddSeconds(seq - records), seq, features,
                        features.Select((_, i) => 0.5f + 0.01f * i).ToArray()), ct);
            }
            var scores = await JsonPolling.UntilAsync(http, $"{baseAnalytics}/devices/{device}/scores", s => s.GetArrayLength() > 0, $"predictions for {device}", ct);
            Assert.All(scores.EnumerateArray(), p => Assert.True(p.GetProperty("modelVersion").GetInt64() >= modelVersion));
            var predictions = mongo.Database.GetCollection<BsonDocument>("predictions");
            Assert.True(await predictions.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("deviceId", device), cancellationToken: ct) > 0,
                $"analytics answered but no prediction document is in MongoDB\n{processes.Diagnostics()}");

            await using var inspector = await ClusterInspector.ConnectAsync(processes, ct);
            int buffered = 0;
            while (buffered < records && !ct.IsCancellationRequested)
            {
                buffered = await inspector.BufferedAsync(device, "facility-01", features, ct);
                if (buffered < records) await Task.Delay(200, ct);
            }
            Assert.Equal(records, buffered);
            Assert.False(siloA.HasExited, processes.Diagnostics());
            TestContext.Current.SendDiagnosticMessage($"{kafka.Description}; MongoDB {mongo.Kind}: version {status.GetProperty("version")} stored, {records} records ingested and scored");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException || !e.Message.Contains("--- silo-a", StringComparison.Ordinal))
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n{processes.Diagnostics()}");
        }
    }

    private static async Task PollTextAsync(HttpClient http, string url, string what, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not listening yet
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what} at {url}.");
            }
            try { await Task.Delay(200, ct); }
            catch (OperationCanceledException) { Assert.Fail($"Timed out waiting for {what} at {url}."); }
        }
    }

    /// <summary>An Orleans client of the test cluster (Redis membership) that asks where facility grains live.</summary>
    private sealed class ClusterInspector : IAsyncDisposable
    {
        private readonly IHost _host;

        private ClusterInspector(IHost host) => _host = host;

        public static async Task<ClusterInspector> ConnectAsync(TopologyProcesses processes, CancellationToken ct)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(client =>
            {
                client.UseRedisClustering($"127.0.0.1:{processes.RedisPort}");
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (processes.ClusterId, processes.ClusterId));
            });
            var host = builder.Build();
            await host.StartAsync(ct);
            return new ClusterInspector(host);
        }

        public async Task<IReadOnlyCollection<SiloAddress>> FacilitySilosAsync(CancellationToken ct)
        {
            var management = _host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var statistics = await management.GetDetailedGrainStatistics(null, null, ct);
            return statistics.Where(s => s.GrainId.Key.ToString()!.StartsWith("facility-", StringComparison.Ordinal)).Select(s => s.SiloAddress).Distinct().ToArray();
        }

        public async Task<int> BufferedAsync(string device, string facility, IReadOnlyList<string> features, CancellationToken ct)
        {
            var grain = _host.Services.GetRequiredService<IClusterClient>().GetGrain<IDeviceGrain>(device);
            return (await grain.IngestAsync(new TelemetryBatch(device, facility, features, [])).WaitAsync(ct)).Buffered;
        }

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _host.StopAsync(stop.Token); }
            catch (OperationCanceledException) { /* the cluster is being torn down */ }
            _host.Dispose();
        }
    }
}
