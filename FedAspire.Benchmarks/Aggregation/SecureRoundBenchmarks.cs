using BenchmarkDotNet.Attributes;
using FedAspire.Benchmarks.Ingestion;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>
/// What secure aggregation costs a whole federated round, not only its aggregation step: one embedded silo with N synthetic
/// facility grains runs the same round (training, aggregation, calibration, ONNX export, evaluation, publishing) as plain FedAvg
/// and with the four secure steps: the complete graph of SecAgg for 10 and 100 participants, and SecAgg+ neighbourhoods of about
/// 2 log2 n (14 for 100) and 40 for 1,000.
/// </summary>
[Config(typeof(SecureRoundBenchmarkConfig))]
public class SecureRoundBenchmarks : IDisposable
{
    private IHost? _silo;
    private IAggregatorGrain? _plain, _secure;
    private readonly List<double> _cpuPerRound = [];
    private string _kind = "";

    /// <summary>Facilities in the round and their neighbourhood size (0 = everyone).</summary>
    [ParamsSource(nameof(Rosters))]
    public SecureRoster Roster { get; set; } = new(10, 0);

    /// <summary>The rosters measured.</summary>
    public static IEnumerable<SecureRoster> Rosters => [new(10, 0), new(100, 0), new(100, 14), new(1000, 40)];

    private int Participants => Roster.Participants;

    /// <summary>Starts the silo with <see cref="Participants"/> facilities and configures both federations over them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchmarkHosts.StartSilo(new Dictionary<string, string?>
        {
            ["FedAspire:Data:Source"] = "synthetic",
            ["FedAspire:Simulator:Facilities"] = Participants.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FedAspire:Ingestion:Enabled"] = "false",
            ["FedAspire:Federation:CentralEvaluation"] = "false",
            ["FedAspire:Registry:Path"] = Path.Combine(Path.GetTempPath(), "fedaspire-bench-secure-round", Guid.NewGuid().ToString("N")),
        },
        // A secure round of 1,000 facilities on a shared 2-core machine can outlast Orleans' 30 s default for the benchmark's call.
        b => b.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5)));
        var data = _silo.Services.GetRequiredService<IFacilityDataSource>();
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        var ids = data.FacilityIds;
        var spec = ModelSpec.DenseAutoencoder(data.Features, [16, 6, 16], Activation.Relu, window: 4);
        var schedule = new RoundSchedule(TimeSpan.FromHours(1), 1.0, ids.Count, ids.Count, TimeSpan.FromMinutes(10), NormBound: 0);
        var plain = new FederationDefinition("plain", spec, new StrategyOptions("fedavg"), schedule,
            new TrainingOptions(Epochs: 1, BatchSize: 32, LearningRate: 1e-3f, Seed: 5), ids, 1, new DetectionSettings(NormalizationMode.Local, 0.01));
        var secure = plain with
        {
            Name = "secure",
            SecureAggregation = new SecureAggregationSettings { Enabled = true, Neighbours = Roster.Neighbours },
        };
        _plain = grains.GetGrain<IAggregatorGrain>(plain.Name);
        _secure = grains.GetGrain<IAggregatorGrain>(secure.Name);
        _plain.ConfigureAsync(plain).GetAwaiter().GetResult();
        _secure.ConfigureAsync(secure).GetAwaiter().GetResult();
    }

    /// <summary>A plain FedAvg round.</summary>
    [Benchmark(Baseline = true)]
    public Task<RoundRecord> PlainRound() => RunAsync(_plain!, "plain");

    /// <summary>The same round with secure aggregation: the aggregator sees only the masked sum.</summary>
    [Benchmark]
    public Task<RoundRecord> SecureRound() => RunAsync(_secure!, "secure");

    private async Task<RoundRecord> RunAsync(IAggregatorGrain aggregator, string kind)
    {
        _kind = kind;
        var cpu = Environment.CpuUsage.TotalTime;
        var record = await aggregator.RunRoundAsync();
        _cpuPerRound.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
        // A failed round would time something else than the round: stop the run instead.
        if (record.Outcome != RoundOutcome.Completed)
            throw new InvalidOperationException($"round {record.RoundId} {record.Outcome}: {record.FailureReason}");
        return record;
    }

    /// <summary>Prints the median process CPU time per round, then stops the silo.</summary>
    /// <remarks>
    /// On the shared 2-core machine other jobs stretch the wall-clock rounds unevenly; the CPU time the process spent on a round
    /// (all its threads) is what the round costs, and the line beside the table says it.
    /// </remarks>
    [GlobalCleanup]
    public void Dispose()
    {
        if (_cpuPerRound.Count > 0)
        {
            double[] sorted = [.. _cpuPerRound.Order()];
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"// CPU per round: {_kind} [{Roster}] median {sorted[sorted.Length / 2]:F0} ms of {sorted.Length} rounds (warm-up included)"));
            _cpuPerRound.Clear();
        }
        _silo?.StopAsync().GetAwaiter().GetResult();
        _silo?.Dispose();
        _silo = null;
        GC.SuppressFinalize(this);
    }
}
