using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Dashboard;
using FedAspire.Aggregator.Registry;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Dashboard;
using FedAspire.Devices.Facilities;
using FedAspire.Tests.Federation;
using FedAspire.Tests.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.Tests.Dashboard;

/// <summary>
/// The devices silo host as <c>Program.cs</c> builds it (Orleans on free loopback ports, API and dashboard on an ephemeral loopback
/// port) with two in-silo facilities from the committed pump sample, two registered remote facilities (one key revoked) that are
/// not participants, an operator key, and an analytics host reading the silo's registry. Rounds run only when a test asks.
/// </summary>
public sealed class DashboardSilo : IAsyncLifetime
{
    public const string OperatorKey = "dashboard-operator-key";
    public const string DefaultFederation = "pumps";

    /// <summary>A registered remote facility (not a participant) whose key must never appear in a dashboard response.</summary>
    public const string RemoteFacility = "remote-lab", RemoteKey = "remote-lab-secret-key-8c1f";

    /// <summary>A registered remote facility whose key was revoked (empty hash).</summary>
    public const string RevokedFacility = "remote-revoked";

    private readonly TempDirectory _temp = new();
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public DashboardSilo() : this(new Dictionary<string, string?>()) { }

    /// <summary>A silo with <paramref name="settings"/> on top of the defaults (e.g. the grain dashboard switched on).</summary>
    internal DashboardSilo(IReadOnlyDictionary<string, string?> settings) => _settings = settings;
    private WebApplication? _app;

    /// <summary>The analytics service the dashboard reads anomalies from (its own host, sharing only the registry directory).</summary>
    internal DashboardAnalytics Analytics { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    public IModelRegistry Registry => _app!.Services.GetRequiredService<IModelRegistry>();

    public async ValueTask InitializeAsync()
    {
        Analytics = await DashboardAnalytics.StartAsync(_temp.Sub("registry"), DefaultFederation, TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["FedAspire:Api:OperatorKeySha256"] = RemoteFacilityKeys.Hash(OperatorKey),
            ["FedAspire:Dashboard:AnalyticsUrl"] = Analytics.BaseAddress.ToString(),
            [$"FedAspire:Remote:Facilities:{RemoteFacility}:KeySha256"] = RemoteFacilityKeys.Hash(RemoteKey),
            [$"FedAspire:Remote:Facilities:{RevokedFacility}:KeySha256"] = "",
        };
        foreach (var (key, value) in _settings) settings[key] = value;
        (_app, BaseAddress) = await EmbeddedSiloHost.StartAsync(_temp.Sub("registry"), settings, app =>
        {
            app.MapFederationApi();
            app.MapFederationDashboard(DefaultFederation);
            app.MapApiReference();
            app.MapGrainDashboardIfEnabled(app.Configuration);
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>Configures federation <paramref name="name"/> over the in-silo facilities; timed rounds stay off (interval of an hour, never started).</summary>
    public async Task<IAggregatorGrain> ConfigureAsync(string name)
    {
        var data = _app!.Services.GetRequiredService<IFacilityDataSource>();
        var spec = ModelSpec.DenseAutoencoder(data.Features, [8, 3, 8], Activation.Relu, window: 2);
        var schedule = new RoundSchedule(TimeSpan.FromHours(1), 1.0, data.FacilityIds.Count, 1, TimeSpan.FromSeconds(60), 0);
        var training = new TrainingOptions(Epochs: 1, BatchSize: 64, LearningRate: 1e-2f, Seed: 5);
        var aggregator = Grains.GetGrain<IAggregatorGrain>(name);
        await aggregator.ConfigureAsync(new FederationDefinition(name, spec, new StrategyOptions("fedavg"), schedule, training, data.FacilityIds, 2,
            new DetectionSettings(NormalizationMode.Global, FalseAlarmTarget: 0.05)));
        return aggregator;
    }

    public HttpClient Http(string? apiKey) => EmbeddedSiloHost.Client(BaseAddress, apiKey, TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await EmbeddedSiloHost.StopAsync(_app);
        if (Analytics is not null) await Analytics.DisposeAsync();
        _temp.Dispose();
    }
}
