// F5 topology: Kafka (+UI), MongoDB (+Mongo Express), Redis, an Orleans cluster of `devices` silos and the `analytics` service.
// Services read exactly the keys this file injects (ConnectionStrings:*, Orleans:*), so the same binaries run embedded without it.
var builder = DistributedApplication.CreateBuilder(args);

// Experiment knobs, editable in the dashboard's parameter prompt or appsettings (Parameters:*).
var devices = builder.AddParameter("devices", "1000");
var facilities = builder.AddParameter("facilities", "5");
var recordsPerSecond = builder.AddParameter("records-per-second", "2000");
var roundIntervalSeconds = builder.AddParameter("round-interval-seconds", "30");
var siloReplicas = builder.Configuration.GetValue("SiloReplicas", 2);

var kafka = builder.AddKafka("kafka")
    .WithKafkaUI()
    .WithDataVolume();

var mongo = builder.AddMongoDB("mongo")
    .WithMongoExpress()
    .WithDataVolume();
var fedaspireDb = mongo.AddDatabase("fedaspire");

var redis = builder.AddRedis("redis");

var orleans = builder.AddOrleans("fedaspire-cluster")
    .WithClusterId("fedaspire")
    .WithServiceId("fedaspire")
    .WithClustering(redis)
    .WithGrainStorage("Default", redis)
    .WithMemoryGrainStorage("PubSubStore")
    .WithMemoryStreaming("telemetry")
    .WithMemoryReminders();

var devicesSilo = builder.AddProject<Projects.FedAspire_Devices>("devices")
    .WithReference(orleans)
    .WithReference(kafka)
    .WithReference(fedaspireDb)
    .WaitFor(kafka)
    .WaitFor(fedaspireDb)
    .WaitFor(redis)
    .WithReplicas(siloReplicas)
    .WithEnvironment("FedAspire__Simulator__Enabled", "true")
    .WithEnvironment("FedAspire__Simulator__Devices", devices)
    .WithEnvironment("FedAspire__Simulator__Facilities", facilities)
    .WithEnvironment("FedAspire__Simulator__RecordsPerSecond", recordsPerSecond)
    .WithEnvironment("FedAspire__Federation__RoundIntervalSeconds", roundIntervalSeconds)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// Analytics reads telemetry from Kafka and the newest model from the federation API (service discovery resolves http://devices).
builder.AddProject<Projects.FedAspire_Analytics>("analytics")
    .WithReference(devicesSilo)
    .WithEnvironment("FedAspire__Analytics__FederationApi", "http://devices")
    .WithReference(kafka)
    .WithReference(fedaspireDb)
    .WaitFor(kafka)
    .WaitFor(fedaspireDb)
    .WaitFor(redis)
    .WaitFor(devicesSilo)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
