using FedAspire.Aggregator.Registry;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Remote;
using FedAspire.Tests.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.Tests.Topology;

/// <summary>
/// The devices silo host as <c>Program.cs</c> builds it (Orleans silo on free loopback ports, federation API on an ephemeral port),
/// with two in-silo facilities from the committed pump sample and two remote facilities with API keys. Shared by a test class;
/// <see cref="MutualTlsSilo"/> serves the same over HTTPS with certificate-pinned facilities.
/// </summary>
public class RemoteFacilitySilo : IAsyncLifetime
{
    public const string RemoteId = "remote-01";
    public const string RemoteKey = "key-of-remote-01";
    public const string OtherRemoteId = "remote-02";
    public const string OtherRemoteKey = "key-of-remote-02";
    public const long MaxBodyBytes = 256 * 1024;

    private readonly TempDirectory _temp = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    public IFacilityDataSource Data => _app!.Services.GetRequiredService<IFacilityDataSource>();

    public string SamplePath => EmbeddedSiloHost.SamplePath;

    public async ValueTask InitializeAsync()
    {
        (_app, BaseAddress) = await EmbeddedSiloHost.StartAsync(_temp.Sub("registry"), Settings(_temp.Path), app => app.MapFederationApi(),
            TestContext.Current.CancellationToken);
    }

    /// <summary>The silo's settings over <see cref="EmbeddedSiloHost"/>'s defaults; <paramref name="directory"/> is this fixture's own temporary folder.</summary>
    protected virtual Dictionary<string, string?> Settings(string directory) => new()
    {
        [$"FedAspire:Remote:Facilities:{RemoteId}:KeySha256"] = RemoteFacilityKeys.Hash(RemoteKey),
        [$"FedAspire:Remote:Facilities:{OtherRemoteId}:KeySha256"] = RemoteFacilityKeys.Hash(OtherRemoteKey).ToUpperInvariant(),
        ["FedAspire:Remote:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["FedAspire:Remote:LongPollSeconds"] = "2",
    };

    /// <summary>
    /// Configures federation <paramref name="name"/> over both in-silo facilities and <paramref name="remote"/> (default
    /// <see cref="RemoteId"/>), securely with <paramref name="secure"/>.
    /// </summary>
    public async Task<IAggregatorGrain> ConfigureAsync(string name, int quorum, double deadlineSeconds, NormalizationMode normalization = NormalizationMode.Global,
        float normBound = 0, string remote = RemoteId, SecureAggregationSettings? secure = null)
    {
        IReadOnlyList<string> participants = [.. Data.FacilityIds, remote];
        var spec = ModelSpec.DenseAutoencoder(Data.Features, [8, 3, 8], Activation.Relu, window: 2);
        var schedule = new RoundSchedule(TimeSpan.FromHours(1), 1.0, participants.Count, quorum, TimeSpan.FromSeconds(deadlineSeconds), normBound);
        var training = new TrainingOptions(Epochs: 1, BatchSize: 64, LearningRate: 1e-2f, Seed: 5);
        var aggregator = Grains.GetGrain<IAggregatorGrain>(name);
        await aggregator.ConfigureAsync(new FederationDefinition(name, spec, new StrategyOptions("fedavg"), schedule, training, participants, 2, new DetectionSettings(normalization, FalseAlarmTarget: 0.05),
            SecureAggregation: secure));
        return aggregator;
    }

    /// <summary>
    /// A remote client over the committed sample (the remote site's own data) for <paramref name="facility"/> (default
    /// <see cref="RemoteId"/>), authenticating with <paramref name="apiKey"/> and whatever certificate <paramref name="handler"/> presents.
    /// </summary>
    public (RemoteFacilityClient Client, HttpClient Http, StringWriter Log) Client(string federation, string? apiKey, HttpMessageHandler? handler = null,
        string facility = RemoteId)
    {
        var table = PumpSensorReader.Read(SamplePath);
        var participant = PartitionParticipant.FromTable(facility, table, 0.3);
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        var log = new StringWriter();
        var options = new RemoteFacilityClientOptions(BaseAddress, federation, facility, apiKey, WaitSeconds: 1, MaxBackoff: TimeSpan.FromSeconds(1));
        return (new RemoteFacilityClient(http, options, participant, TextWriter.Synchronized(log)), http, log);
    }

    /// <summary>The silo's model registry.</summary>
    public IModelRegistry Registry => _app!.Services.GetRequiredService<IModelRegistry>();

    public HttpClient Http(string? apiKey) => EmbeddedSiloHost.Client(BaseAddress, apiKey, TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await EmbeddedSiloHost.StopAsync(_app);
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
