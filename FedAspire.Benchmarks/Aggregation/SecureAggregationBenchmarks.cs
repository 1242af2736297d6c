using BenchmarkDotNet.Attributes;
using FedAspire.Core.Aggregation;
using FedAspire.Core.SecureAggregation;

namespace FedAspire.Benchmarks.Aggregation;

/// <summary>
/// Secure-aggregation overhead per round against plain FedAvg over the same pump-model-sized updates (7,000 parameters): the
/// server's whole round (relay, sum of masked inputs, rebuilding and removing masks), the same with 10 % dropping before their
/// input, and one participant's whole round (key agreement with its neighbours, sharing, masking). 1,000 participants use SecAgg+
/// with 40 ring neighbours; fewer use the complete graph.
/// Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*SecureAggregationBenchmarks*' --job short</c>.
/// </summary>
[Config(typeof(AggregationBenchmarkConfig))]
[MedianColumn]
public class SecureAggregationBenchmarks
{
    private const string RoundId = "benchmark";
    private const int Seed = 3;
    private ClientUpdate[] _updates = [];
    private float[] _global = [];
    private readonly FedAvg _fedAvg = new();
    private SecureAggregationOptions _options = new(2);
    private Recording _round = new();

    /// <summary>Participants in the round.</summary>
    [Params(10, 100, 1_000)]
    public int Clients { get; set; }

    /// <summary>Parameters per update (the pump model's size).</summary>
    [Params(7_000)]
    public int Length { get; set; }

    /// <summary>Builds the updates and records a round in which no one drops.</summary>
    [GlobalSetup(Targets = [nameof(PlainFedAvg), nameof(SecureServer), nameof(SecureParticipant)])]
    public void Setup() => Record(dropping: 0);

    /// <summary>Builds the updates and records a round in which a tenth drop after sharing keys.</summary>
    [GlobalSetup(Target = nameof(SecureServerTenPercentDropped))]
    public void SetupDropouts() => Record(dropping: Clients / 10);

    /// <summary>Plain sample-weighted FedAvg of the same updates.</summary>
    [Benchmark(Baseline = true)]
    public float[] PlainFedAvg() => _fedAvg.Aggregate(_global, _updates);

    /// <summary>The server's side of a secure round with no dropouts.</summary>
    [Benchmark]
    public float[] SecureServer() => ReplayServer();

    /// <summary>The server's side of a secure round whose dropped tenth's pairwise masks must be rebuilt and removed.</summary>
    [Benchmark]
    public float[] SecureServerTenPercentDropped() => ReplayServer();

    /// <summary>One participant's side of the round (the participants run theirs in parallel, each on its own machine).</summary>
    [Benchmark]
    public uint[] SecureParticipant()
    {
        var first = _updates[0];
        using var client = new SecureAggregationClient(first.ClientId, _options, SecureAggregationClient.SeedFor(Seed, first.ClientId));
        client.AdvertiseKeys(RoundId);
        client.ShareKeys(_round.Roster!);
        var masked = client.MaskInput(_round.MaskRequest!, first.Parameters, first.SampleCount);
        client.Unmask(_round.UnmaskRequest!);
        return masked.MaskedVector;
    }

    private float[] ReplayServer()
    {
        using var server = new SecureAggregationServer(_options, RoundId, Length);
        foreach (var m in _round.Advertised) server.Receive(m);
        server.CloseAdvertising();
        foreach (var m in _round.Shared) server.Receive(m);
        server.CloseSharing();
        foreach (var m in _round.Masked) server.Receive(m);
        server.CloseMaskedInput();
        foreach (var m in _round.Unmasking) server.Receive(m);
        return server.Finish().Mean;
    }

    private void Record(int dropping)
    {
        (_global, _updates) = AggregationBenchmarkData.Create(Clients, Length, seed: 1);
        int? neighbours = Clients > 100 ? 40 : null;
        int size = neighbours is int k ? k + 1 : Clients;
        _options = new SecureAggregationOptions(Threshold: size * 2 / 3 + 1, ClipRange: 1f, MaxWeight: 2_000, Neighbours: neighbours);
        var round = new Recording();
        string first = _updates[0].ClientId;
        // The last `dropping` participants go after sharing keys; the first is the one SecureParticipant replays.
        var gone = _updates.Skip(Clients - dropping).Select(u => u.ClientId).ToHashSet(StringComparer.Ordinal);
        SecureAggregationRound.Run(_updates, _options, RoundId, Seed, new SecureAggregationDropouts(BeforeMaskedInput: gone),
            serverInbox: m =>
            {
                switch (m)
                {
                    case AdvertiseKeysMessage a: round.Advertised.Add(a); break;
                    case ShareKeysMessage s: round.Shared.Add(s); break;
                    case MaskedInputMessage x: round.Masked.Add(x); break;
                    case UnmaskingResponse u: round.Unmasking.Add(u); break;
                }
                return m;
            },
            participantInbox: (to, m) =>
            {
                if (to != first) return m;
                switch (m)
                {
                    case ShareKeysRequest r: round.Roster = r; break;
                    case MaskedInputRequest r: round.MaskRequest = r; break;
                    case UnmaskingRequest r: round.UnmaskRequest = r; break;
                }
                return m;
            });
        _round = round;
        Console.WriteLine($"// recorded a round of {Clients} participants, {dropping} dropped, threshold {_options.Threshold} of {size}");
    }

    private sealed class Recording
    {
        public List<AdvertiseKeysMessage> Advertised { get; } = [];
        public List<ShareKeysMessage> Shared { get; } = [];
        public List<MaskedInputMessage> Masked { get; } = [];
        public List<UnmaskingResponse> Unmasking { get; } = [];
        public ShareKeysRequest? Roster { get; set; }
        public MaskedInputRequest? MaskRequest { get; set; }
        public UnmaskingRequest? UnmaskRequest { get; set; }
    }
}
