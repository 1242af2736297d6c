using System.Text.Json.Serialization;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Dashboard;
using FedAspire.Aggregator.Evaluation;
using FedAspire.Aggregator.Persistence;
using FedAspire.Aggregator.Registry;
using FedAspire.Aggregator.Remote;
using FedAspire.Devices.Cluster;
using FedAspire.Devices.Dashboard;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Federation;
using FedAspire.Devices.Grains;
using FedAspire.Devices.Ingestion;
using FedAspire.Devices.Simulation;
using FedAspire.Devices.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using StackExchange.Redis;

namespace FedAspire.Devices.Extensions;

/// <summary>
/// Hosts the federation's grains in this process. Reads the keys an Aspire AppHost injects (<c>Orleans:*</c>,
/// <c>ConnectionStrings:redis</c>); when they are absent it falls back to embedded defaults: localhost clustering,
/// file-backed grain storage (so a restart resumes), the on-disk model registry and the synthetic plant as facility data.
/// </summary>
public static class FederationSiloExtensions
{
    /// <summary>Adds the Orleans silo and the federation services.</summary>
    public static IHostApplicationBuilder AddFederationSilo(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var backends = new List<(string, string)>();

        if (config.GetConnectionString("redis") is { Length: > 0 } redis)
        {
            builder.Services.AddKeyedSingleton<IConnectionMultiplexer>("redis", (_, _) =>
            {
                var options = ConfigurationOptions.Parse(redis);
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
        }

        bool clusteringConfigured = !string.IsNullOrEmpty(config["Orleans:Clustering:ProviderType"]);
        bool storageConfigured = !string.IsNullOrEmpty(config["Orleans:GrainStorage:Default:ProviderType"]);
        var storage = GrainStorageOptions.Read(config);
        var runtime = SiloRuntimeOptions.Read(config);
        int siloPort = config.GetValue("Orleans:Endpoints:SiloPort", 11111);
        int gatewayPort = config.GetValue("Orleans:Endpoints:GatewayPort", 30000);

        builder.UseOrleans(silo =>
        {
            // With Orleans:* keys present, UseOrleans configures the providers they name itself.
            if (!clusteringConfigured) silo.UseLocalhostClustering(siloPort, gatewayPort);
            if (!storageConfigured)
            {
                if (storage.InMemory) silo.AddMemoryGrainStorage("Default");
                else silo.Services.AddFileGrainStorage("Default", storage.Path);
            }
            silo.AddActivityPropagation();
            silo.AddGrainDashboardIfEnabled(config);
            silo.AddActivationShedding(config, backends);
            // Spread grains over the replicas by id: resource-optimized placement (the Orleans default) prefers the calling
            // silo, so every facility a round touches would land on the aggregator's silo and replicas would not share training.
            silo.Services.AddSingleton<PlacementStrategy, HashBasedPlacement>();
            runtime.Apply(silo);
        });
        backends.Add(("Orleans clustering", clusteringConfigured
            ? $"{config["Orleans:Clustering:ProviderType"]} (cluster '{config["Orleans:ClusterId"]}')"
            : $"localhost (embedded, silo port {siloPort}, gateway {gatewayPort})"));
        backends.Add(("Grain storage 'Default'", storageConfigured
            ? config["Orleans:GrainStorage:Default:ProviderType"]!
            : storage.InMemory
                ? "memory (embedded; state is lost on exit)"
                : $"files under {Path.GetFullPath(storage.Path)} (embedded)"));

        builder.Services.AddFederationServices(config, backends);
        builder.Services.AddFederationDashboard(config);
        builder.Services.AddOpenApi();
        if (GrainDashboard.IsEnabled(config)) backends.Add(("Grain dashboard", $"Orleans dashboard at {GrainDashboard.Path} (FedAspire:Dashboard:GrainDashboard)"));
        backends.Add(("Dashboard anomalies", config[$"{DashboardOptions.Section}:AnalyticsUrl"] is { Length: > 0 } analytics
            ? $"analytics API at {analytics}"
            : "none (set FedAspire:Dashboard:AnalyticsUrl to show analytics' anomalies)"));
        builder.Services.AddTelemetryIngestion(config, backends);
        builder.Services.AddTelemetrySimulator(config, backends);
        builder.Services.TryAddSingleton<ClusterMembershipGate>();
        builder.Services.TryAddSingleton<SiloProbe>();
        builder.Services.AddSingleton<IReadOnlyList<(string, string)>>(backends);
        builder.Services.AddHostedService<BackendReport>();
        builder.Services.AddHostedService<EmbeddedFederationRunner>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return builder;
    }

    /// <summary>Registry, facility data, device and federation options (everything grains need besides Orleans itself).</summary>
    public static IServiceCollection AddFederationServices(this IServiceCollection services, IConfiguration config, List<(string, string)>? backends = null)
    {
        var registryOptions = config.GetSection(ModelRegistryOptions.Section).Get<ModelRegistryOptions>() ?? new ModelRegistryOptions();
        // Bound and checked now: a bound below 1 fails at start-up, naming its key.
        var series = (config.GetSection(FacilitySeriesOptions.Section).Get<FacilitySeriesOptions>() ?? new FacilitySeriesOptions()).Validate();
        if (config.GetConnectionString("fedaspire") is { Length: > 0 } mongo)
        {
            services.AddSingleton<IModelRegistry>(_ => MongoModelRegistry.FromConnectionString(mongo, series));
            backends?.Add(("Model registry", $"MongoDB database '{MongoDB.Driver.MongoUrl.Create(mongo).DatabaseName ?? "fedaspire"}' (ConnectionStrings:fedaspire)"));
        }
        else
        {
            services.AddSingleton<IModelRegistry>(sp => new FileModelRegistry(registryOptions.Path, logger: sp.GetService<ILogger<FileModelRegistry>>(), series: series));
            backends?.Add(("Model registry", $"files under {Path.GetFullPath(registryOptions.Path)} (embedded)"));
        }

        int facilities = config.GetValue("FedAspire:Simulator:Facilities", 4);
        // Bound once here (a value that does not convert fails now, naming its key) and again as IOptions for the runner.
        var federation = new FederationOptions().Bind(config);
        int seed = federation.Seed;
        var source = FacilityDataOptions.Read(config);
        bool synthetic = source.Synthetic, fromScenario = source.FromScenario;
        var samplePath = synthetic || fromScenario ? null : PumpSampleFacilities.Locate(source.Path);
        IFacilityDataSource data = fromScenario
            ? ScenarioFacilities.Load(source.Scenario!)
            : samplePath is not null ? PumpSampleFacilities.Load(samplePath, facilities) : new SyntheticFacilities(facilities, seed);
        services.AddSingleton(data);
        backends?.Add(("Facility data", samplePath is null && !synthetic && !fromScenario ? $"{data.Description} ({PumpSampleFacilities.SamplePath} not found)" : data.Description));

        // A scenario's facilities hold all of its labelled data: there is no server-only set to evaluate centrally.
        if (!fromScenario && federation.CentralEvaluation)
        {
            var server = data is PumpSampleFacilities sample ? sample.ServerPartition : SyntheticFacilities.ServerPartition(seed);
            services.AddSingleton<ICentralEvaluationData>(new HeldOutCentralEvaluation(server));
            backends?.Add(("Centralized evaluation", $"{server.HeldOutCount} labelled rows only the server holds"));
        }

        services.Configure<OperatorApiOptions>(config.GetSection(OperatorApiOptions.Section));
        backends?.Add(("Operator API", string.IsNullOrWhiteSpace(config[$"{OperatorApiOptions.Section}:OperatorKeySha256"])
            ? "open (set FedAspire:Api:OperatorKeySha256 to require a bearer key)"
            : "bearer operator key (FedAspire:Api:OperatorKeySha256)"));
        services.Configure<DeviceBufferOptions>(config.GetSection(DeviceBufferOptions.Section));
        services.AddOptions<FederationOptions>().Configure(o => o.Bind(config)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FederationOptions>>(new FederationOptionsValidator(config));

        var remote = config.GetSection(RemoteFacilityOptions.Section).Get<RemoteFacilityOptions>() ?? new RemoteFacilityOptions();
        services.Configure<RemoteFacilityOptions>(config.GetSection(RemoteFacilityOptions.Section));
        services.AddRemoteFacilityCertificates(remote);
        if (remote.Facilities.Count > 0)
        {
            var invalid = RemoteFacilityKeys.InvalidCredentials(remote);
            static string Credentials(RemoteFacilityCredential c) =>
                c.RequiresKey && c.RequiresCertificate ? "API key + client certificate" : c.RequiresCertificate ? "client certificate" : "API key";
            bool https = HasHttpsEndpoint(config);
            backends?.Add(("Remote facilities", $"{string.Join(", ", remote.Facilities.Order(FacilityOrder).Select(f => $"{f.Key} ({Credentials(f.Value)})"))} over /federations/{{name}}/remote/{{facility}}"
                + (invalid.Count > 0 ? $"; KeySha256 is not 64 hex digits for {string.Join(", ", invalid)}: they cannot log in" : "")
                + (remote.AnyRequiresCertificate && !https ? "; no HTTPS endpoint is configured (Kestrel:Endpoints:<name>:Url https://...), so no client certificate can reach the server" : "")));
        }
        return services;
    }

    private static readonly Comparer<KeyValuePair<string, RemoteFacilityCredential>> FacilityOrder =
        Comparer<KeyValuePair<string, RemoteFacilityCredential>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));

    // Kestrel:Endpoints:<name>:Url or the urls setting (ASPNETCORE_URLS, --urls) names an https:// address.
    private static bool HasHttpsEndpoint(IConfiguration config) =>
        config.GetSection("Kestrel:Endpoints").GetChildren().Any(e => e["Url"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true)
        || (config["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Registers <see cref="FileGrainStorage"/> as the grain storage provider <paramref name="name"/> (writes through <paramref name="files"/>, the real file system by default).</summary>
    public static IServiceCollection AddFileGrainStorage(this IServiceCollection services, string name, string directory, IDurableFiles? files = null) =>
        services.AddGrainStorage(name, (sp, n) => new FileGrainStorage(n, directory, sp.GetRequiredService<Serializer>(), files));
}
