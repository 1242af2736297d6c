// F5 topology: Redis, an Orleans cluster of `devices` silos (Redis clustering and grain storage) and the `analytics` service,
// plus Kafka (+ Kafka UI) and MongoDB (+ Mongo Express) in the container flavour (-p:FedAspireContainers=true).
// Services read exactly the keys this file injects (ConnectionStrings:*, Orleans:*, FedAspire:*), so the same binaries run embedded without it.
using FedAspire.AppHost;
using FedAspire.AppHost.Backends;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Experiment knobs, editable in appsettings.json or on the command line (Parameters:<name>=...).
var simulatedDevices = builder.AddParameter("simulated-devices", "40");
var facilities = builder.AddParameter("facilities", "4");
var recordsPerSecond = builder.AddParameter("records-per-second", "100");
var roundIntervalSeconds = builder.AddParameter("round-interval-seconds", "10");
int siloReplicas = builder.Configuration.GetValue("AppHost:SiloReplicas", 2);
// The silo's default federation (FedAspire:Federation:Name); the resource commands act on it.
const string Federation = "pumps";

var redis = RedisBackend.Add(builder, "redis", TopologyFlavour.DefaultRedisMode);

var orleans = builder.AddOrleans("fedaspire-cluster")
    .WithClusterId("fedaspire")
    .WithServiceId("fedaspire")
    .WithClustering(redis)
    .WithGrainStorage("Default", redis);

// FedAspire.Devices ships no launch profile: the AppHost gives each replica its HTTP endpoint (federation API, /health).
var devices = builder.AddProject<Projects.FedAspire_Devices>("devices")
    .WithReference(orleans)
    .WaitFor(redis)
    .WithReplicas(siloReplicas)
    .WithHttpEndpoint(name: "http")
    // The federation's own dashboard (docs/dashboard.md), one click from the devices resource.
    .WithUrlForEndpoint("http", _ => new() { Url = "/dashboard", DisplayText = "Federation dashboard" })
    // Facility and device grains stay where they are first activated: start training and the simulator once every replica is in.
    .WithEnvironment("FedAspire__Cluster__ExpectedSilos", siloReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
    .WithEnvironment("FedAspire__Simulator__Enabled", "true")
    .WithEnvironment("FedAspire__Simulator__Devices", simulatedDevices)
    .WithEnvironment("FedAspire__Simulator__Facilities", facilities)
    .WithEnvironment("FedAspire__Simulator__RecordsPerSecond", recordsPerSecond)
    .WithEnvironment("FedAspire__Federation__RoundIntervalSeconds", roundIntervalSeconds)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    // The dashboard's operator actions (run round now, start/stop, pause/resume a facility) as resource commands.
    .WithFederationCommands(Federation);

// Analytics loads each new global model through the federation API (service discovery resolves http://devices to a replica).
var analytics = builder.AddProject<Projects.FedAspire_Analytics>("analytics")
    .WithReference(devices)
    .WithEnvironment("FedAspire__Analytics__FederationApi", "http://devices")
    .WaitFor(devices)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// The federation dashboard reads recent anomalies and device scores from analytics' API (docs/dashboard.md).
devices.WithEnvironment("FedAspire__Dashboard__AnalyticsUrl", analytics.GetEndpoint("http"));

TopologyFlavour.AddMessagingAndRegistry(builder, devices, analytics);

builder.Build().Run();
