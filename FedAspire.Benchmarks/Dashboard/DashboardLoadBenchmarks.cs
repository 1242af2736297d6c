using System.Globalization;
using System.Net.Http;
using BenchmarkDotNet.Attributes;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Dashboard;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.Dashboard;

/// <summary>
/// Loading the dashboard of a federation with 1,000 facilities and 10,000 rounds of history: the silo host as <c>Program.cs</c>
/// builds it (Orleans, file registry, the dashboard endpoints) and every request the page makes when it opens, in its order
/// (page, script, status, the last 200 rounds, calibration of the latest version, facilities, the picked facility's last 200
/// series points, anomalies), over loopback HTTP with bodies read. Each round samples 100 of the 1,000 facilities (fraction 0.1)
/// with one late rejection; the latest version carries a calibration for all 1,000; the per-facility series store is filled as
/// those rounds leave it (each facility's 990 rounds, every point with its evaluation and training figures, under the 1,000 bound).
/// Analytics is not configured, so the anomaly request answers at once with its reason.
/// Target: a load under 1 s. Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*DashboardLoadBenchmarks*'</c>.
/// </summary>
[Config(typeof(DashboardLoadBenchmarkConfig))]
public class DashboardLoadBenchmarks : IDisposable
{
    private const string Federation = "bench";
    private const int Facilities = 1_000, Rounds = 10_000, SampledPerRound = 100;
    private static readonly string[] Ids = [.. Enumerable.Range(1, Facilities).Select(i => $"facility-{i:D4}")];
    private string _directory = "";
    private WebApplication? _app;
    private HttpClient? _http;
    private long _seriesPoints;

    /// <summary>Writes the history and the latest version, starts the silo and configures the federation over the 1,000 facilities.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "fedaspire-bench", Guid.NewGuid().ToString("N"));
        string registryPath = Path.Combine(_directory, "registry");
        var spec = ModelSpec.DenseAutoencoder(["a", "b", "c", "d", "e", "f", "g", "h"], [8, 3, 8], Activation.Relu, window: 2);
        using (var registry = new FileModelRegistry(registryPath))
        {
            Directory.CreateDirectory(Path.Combine(registryPath, Federation));
            var series = Ids.ToDictionary(id => id, _ => new List<FacilityRoundPoint>(), StringComparer.Ordinal);
            using (var file = new FileStream(registry.HistoryPath(Federation), FileMode.Create, FileAccess.Write))
                for (int i = 1; i <= Rounds; i++)
                {
                    var round = Round(i);
                    file.Write(RoundHistoryFile.Frame(round));
                    foreach (var point in FacilityRoundPoint.FromRound(round, Evaluations(round))) series[point.Facility].Add(point);
                }
            Directory.CreateDirectory(Path.GetDirectoryName(registry.FacilitySeriesPath(Federation, Ids[0]))!);
            foreach (var (id, points) in series)
            {
                using var file = new FileStream(registry.FacilitySeriesPath(Federation, id), FileMode.Create, FileAccess.Write);
                foreach (var point in points.TakeLast(new FacilitySeriesOptions().RoundsPerFacility)) file.Write(FacilitySeriesFile.Frame(point));
                _seriesPoints += points.Count;
            }
            var calibration = new ModelCalibration(NormalizationMode.Global, 0.05, 0.42f, 50_000,
                [.. Ids.Select((id, i) => new ParticipantCalibration(id, 50, 0.4f + i * 1e-5f, true))]);
            registry.SaveVersionAsync(new GlobalModelVersion(Federation, Rounds, Rounds, DateTimeOffset.UtcNow, spec,
                new float[new ParameterLayout(spec).ParameterCount], FeatureNormalization.Identity(8), 0.42f, "fedavg", Ids[..SampledPerRound],
                120_000, 0.41, null, [], Calibration: calibration)).GetAwaiter().GetResult();
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = "11911",
            ["Orleans:Endpoints:GatewayPort"] = "30911",
            ["FedAspire:Storage:Mode"] = "Memory",
            ["FedAspire:Registry:Path"] = registryPath,
            ["FedAspire:Data:Source"] = "synthetic",
            ["FedAspire:Simulator:Facilities"] = "2",
            ["FedAspire:Ingestion:Enabled"] = "false",
            ["FedAspire:Federation:AutoStart"] = "false",
            ["FedAspire:Federation:CentralEvaluation"] = "false",
        });
        builder.AddFederationSilo();
        _app = builder.Build();
        _app.MapFederationApi();
        _app.MapFederationDashboard(Federation);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address + "/") };

        var schedule = new RoundSchedule(TimeSpan.FromHours(1), 0.1, SampledPerRound, SampledPerRound / 2, TimeSpan.FromSeconds(60), 0);
        var aggregator = _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IAggregatorGrain>(Federation);
        aggregator.ConfigureAsync(new FederationDefinition(Federation, spec, new StrategyOptions("fedavg"), schedule,
            new TrainingOptions(Epochs: 1, BatchSize: 64, LearningRate: 1e-2f, Seed: 5), Ids, 1, new DetectionSettings(NormalizationMode.Global, 0.05)))
            .GetAwaiter().GetResult();
        // Some facilities paused, as an operator would have: the status and facilities list carry them.
        for (int i = 0; i < 10; i++) aggregator.SetPausedAsync(Ids[i * 97], true).GetAwaiter().GetResult();
        // As after a restart: the reactivated aggregator reconciles its checkpoint with the 10,000-round history.
        _app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero).GetAwaiter().GetResult();
        var status = aggregator.GetStatusAsync().GetAwaiter().GetResult();
        if (status.Round != Rounds) throw new InvalidOperationException($"the aggregator reconciled to round {status.Round}, expected {Rounds}");
        Console.WriteLine($"// page load moves {PageLoad():N0} bytes; the series store holds {_seriesPoints:N0} points");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the silo and deletes the history.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _http?.Dispose();
        _app?.StopAsync().GetAwaiter().GetResult();
        (_app as IDisposable)?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Every request the page makes when it opens, in order; answers the bytes received.</summary>
    [Benchmark(Baseline = true)]
    public long PageLoad()
    {
        long bytes = 0;
        foreach (var path in (string[])["dashboard", "dashboard/dashboard.js", $"federations/{Federation}/status", $"federations/{Federation}/rounds?last=200",
                     $"federations/{Federation}/calibration", $"federations/{Federation}/facilities", FirstFacilitySeries,
                     $"federations/{Federation}/anomalies?limit=50&devices=8&points=60"])
            bytes += Get(path);
        return bytes;
    }

    /// <summary>The largest part: the last 200 rounds.</summary>
    [Benchmark]
    public long Rounds200() => Get($"federations/{Federation}/rounds?last=200");

    /// <summary>The facilities list: 1,000 participants with their pause state.</summary>
    [Benchmark]
    public long FacilityList() => Get($"federations/{Federation}/facilities");

    /// <summary>The picked facility's series: its last 200 of 990 points (the page picks the first participant).</summary>
    [Benchmark]
    public long FacilitySeries200() => Get(FirstFacilitySeries);

    private static string FirstFacilitySeries => $"federations/{Federation}/facilities/{Ids[0]}/rounds?last=200";

    private long Get(string path)
    {
        using var response = _http!.GetAsync(path).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
    }

    // Each contributor's evaluation of the round's version: 240 windows, its own counts (so each facility's series varies).
    private static List<ParticipantEvaluation> Evaluations(RoundRecord round) =>
        [.. round.Contributions.Select((c, k) => new ParticipantEvaluation(c.ParticipantId, round.RoundId, 240, 0.42,
            new DetectionMetrics(20 + k % 7, 3, 210 - k % 7, 7, 0.93, 0.8)))];

    // 100 of the 1,000 facilities per round (a different window each round), 99 contributions and one late rejection.
    private static RoundRecord Round(long id)
    {
        int start = (int)(id * SampledPerRound % Facilities);
        var sampled = Enumerable.Range(0, SampledPerRound).Select(k => Ids[(start + k) % Facilities]).Order(StringComparer.Ordinal).ToList();
        var contributions = sampled.Skip(1).Select(p => new ParticipantContribution(p, 1200, 0.9f, 0.4f, TimeSpan.FromMilliseconds(300))).ToList();
        return new RoundRecord(Federation, id, RoundOutcome.Completed, DateTimeOffset.UnixEpoch.AddSeconds(5 * id), TimeSpan.FromSeconds(1.2), id - 1, id,
            sampled, contributions, [new UpdateRejection(sampled[0], RejectionReason.Late, "answered after the deadline")], [],
            1200L * contributions.Count, 0.41, 0.42f, new FederatedEvaluation(99, 24_000, 0.42, new DetectionMetrics(20, 3, 2370, 7, 0.93, 0.8)), null);
    }
}
