using System.Net.Http;
using BenchmarkDotNet.Attributes;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.History;

/// <summary>
/// The round history at 1,000 and 100,000 rounds: the newest round read from the file registry, a page in the middle found by
/// its <c>before</c> cursor, and <c>GET /rounds?last=1</c> over loopback HTTP. One call per iteration, so the percentiles are
/// those of single calls. Targets: p99 &lt; 5 ms at 100,000 rounds and allocations that do not grow with the history.
/// Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*RoundHistoryBenchmarks*'</c>.
/// </summary>
[Config(typeof(RoundHistoryBenchmarkConfig))]
public class RoundHistoryBenchmarks : IDisposable
{
    private string _directory = "";
    private FileModelRegistry? _registry;
    private WebApplication? _app;
    private HttpClient? _http;

    /// <summary>Rounds in the history.</summary>
    [Params(1_000, 100_000)]
    public int Rounds { get; set; }

    /// <summary>Writes the history (framed records like the aggregator's, about 600 bytes each) and starts the API.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "fedaspire-bench", Guid.NewGuid().ToString("N"));
        _registry = new FileModelRegistry(_directory);
        Directory.CreateDirectory(Path.Combine(_directory, "pumps"));
        using (var file = new FileStream(_registry.HistoryPath("pumps"), FileMode.Create, FileAccess.Write))
            for (int i = 1; i <= Rounds; i++) file.Write(RoundHistoryFile.Frame(Round(i)));

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IModelRegistry>(_registry);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        _app = builder.Build();
        _app.MapFederationApi();
        // The loopback HTTP floor on this machine: the same request path with nothing behind it.
        _app.MapGet("/ping", () => "pong");
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address + "/") };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http?.Dispose();
        _registry?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the API and deletes the history.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _http?.Dispose();
        _app?.StopAsync().GetAwaiter().GetResult();
        _registry?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The newest round, read from the end of the file.</summary>
    [Benchmark(Baseline = true)]
    public RoundPage Last1() => _registry!.ReadRoundsAsync("pumps", 1).GetAwaiter().GetResult();

    /// <summary>Ten rounds before the middle of the history (binary search over byte offsets, then a backward read).</summary>
    [Benchmark]
    public RoundPage Before10() => _registry!.ReadRoundsAsync("pumps", 10, Rounds / 2).GetAwaiter().GetResult();

    /// <summary><c>GET /federations/pumps/rounds?last=1</c> over loopback HTTP, body read.</summary>
    [Benchmark]
    public int HttpLast1() => _http!.GetByteArrayAsync("federations/pumps/rounds?last=1").GetAwaiter().GetResult().Length;

    /// <summary><c>GET /ping</c> (a constant body): the peer the history endpoint is compared with, measured in the same run.</summary>
    [Benchmark]
    public int HttpPing() => _http!.GetByteArrayAsync("ping").GetAwaiter().GetResult().Length;

    private static RoundRecord Round(long id) => new(
        "pumps", id, RoundOutcome.Completed, DateTimeOffset.UnixEpoch.AddSeconds(5 * id), TimeSpan.FromSeconds(1.2), id - 1, id,
        ["facility-01", "facility-02", "facility-03", "facility-04"],
        [.. Enumerable.Range(1, 4).Select(f => new ParticipantContribution($"facility-0{f}", 1200, 0.9f, 0.4f, TimeSpan.FromMilliseconds(300)))],
        [], [], 4800, 0.41, 0.73f, new FederatedEvaluation(4, 2400, 0.42, new DetectionMetrics(20, 3, 2370, 7, 0.93, 0.8)), null);
}
