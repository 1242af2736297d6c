using FedAspire.Aggregator.Registry;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Remote;
using FedAspire.Tests.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.Topology;

/// <summary>
/// The devices silo host as <c>Program.cs</c> builds it (Orleans silo on free loopback ports, federation API on an ephemeral port),
/// with two in-silo facilities from the committed pump sample and two remote facilities with API keys. Shared by a test class.
/// </summary>
public sealed class RemoteFacilitySilo : IAsyncLifetime
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

    public string SamplePath { get; } = PumpSampleFacilities.Locate(null) ?? throw new InvalidOperationException($"{PumpSampleFacilities.SamplePath} not found");

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = TopologyProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = TopologyProcesses.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FedAspire:Storage:Mode"] = "Memory",
            ["FedAspire:Registry:Path"] = _temp.Sub("registry"),
            ["FedAspire:Data:Path"] = SamplePath,
            ["FedAspire:Simulator:Facilities"] = "2",
            ["FedAspire:Ingestion:Enabled"] = "false",
            ["FedAspire:Federation:AutoStart"] = "false",
            ["FedAspire:Federation:CentralEvaluation"] = "false",
            [$"FedAspire:Remote:Facilities:{RemoteId}:KeySha256"] = RemoteFacilityKeys.Hash(RemoteKey),
            [$"FedAspire:Remote:Facilities:{OtherRemoteId}:KeySha256"] = RemoteFacilityKeys.Hash(OtherRemoteKey).ToUpperInvariant(),
            ["FedAspire:Remote:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FedAspire:Remote:LongPollSeconds"] = "2",
        });
        builder.AddFederationSilo();
        _app = builder.Build();
        _app.MapFederationApi();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address + "/");
    }

    /// <summary>Configures federation <paramref name="name"/> over both in-silo facilities and <see cref="RemoteId"/>.</summary>
    public async Task<IAggregatorGrain> ConfigureAsync(string name, int quorum, double deadlineSeconds, NormalizationMode normalization = NormalizationMode.Global,
        float normBound = 0)
    {
        IReadOnlyList<string> participants = [.. Data.FacilityIds, RemoteId];
        var spec = ModelSpec.DenseAutoencoder(Data.Features, [8, 3, 8], Activation.Relu, window: 2);
        var schedule = new RoundSchedule(TimeSpan.FromHours(1), 1.0, participants.Count, quorum, TimeSpan.FromSeconds(deadlineSeconds), normBound);
        var training = new TrainingOptions(Epochs: 1, BatchSize: 64, LearningRate: 1e-2f, Seed: 5);
        var aggregator = Grains.GetGrain<IAggregatorGrain>(name);
        await aggregator.ConfigureAsync(new FederationDefinition(name, spec, new StrategyOptions("fedavg"), schedule, training, participants, 2, new DetectionSettings(normalization, FalseAlarmTarget: 0.05)));
        return aggregator;
    }

    /// <summary>A remote client over the committed sample (the remote site's own data), authenticating with <paramref name="apiKey"/>.</summary>
    public (RemoteFacilityClient Client, HttpClient Http, StringWriter Log) Client(string federation, string apiKey, HttpMessageHandler? handler = null)
    {
        var table = PumpSensorReader.Read(SamplePath);
        var participant = PartitionParticipant.FromTable(RemoteId, table, 0.3);
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        var log = new StringWriter();
        var options = new RemoteFacilityClientOptions(BaseAddress, federation, RemoteId, apiKey, WaitSeconds: 1, MaxBackoff: TimeSpan.FromSeconds(1));
        return (new RemoteFacilityClient(http, options, participant, TextWriter.Synchronized(log)), http, log);
    }

    /// <summary>The silo's model registry.</summary>
    public IModelRegistry Registry => _app!.Services.GetRequiredService<IModelRegistry>();

    public HttpClient Http(string? apiKey)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _app.StopAsync(stop.Token); }
            catch (OperationCanceledException) { /* shutting down anyway */ }
            await _app.DisposeAsync();
        }
        _temp.Dispose();
    }
}
