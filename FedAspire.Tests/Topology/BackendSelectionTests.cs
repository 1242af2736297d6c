using FedAspire.Aggregator.Registry;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Ingestion;
using FedAspire.Devices.Simulation;
using FedAspire.Messaging;
using FedAspire.Tests.Federation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Tests.Topology;

[Trait("Area", "Topology")]
public sealed class BackendSelectionTests
{
    private static (ServiceProvider Services, List<(string, string)> Backends) Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var backends = new List<(string, string)>();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLogging();
        services.AddFederationServices(config, backends);
        services.AddTelemetryIngestion(config, backends);
        services.AddTelemetrySimulator(config, backends);
        return (services.BuildServiceProvider(), backends);
    }

    [Fact]
    public void Without_connection_strings_the_silo_uses_the_file_registry_and_the_in_process_bus()
    {
        using var temp = new TempDirectory();
        var (services, backends) = Build(new() { ["FedAspire:Registry:Path"] = temp.Path, ["FedAspire:Simulator:Enabled"] = "true", ["FedAspire:Data:Source"] = "synthetic" });
        using (services)
        {
            Assert.IsType<FileModelRegistry>(services.GetRequiredService<IModelRegistry>());
            Assert.IsType<InProcessTelemetrySource>(services.GetRequiredService<ITelemetrySource>());
            Assert.IsType<BusTelemetryPublisher>(services.GetRequiredService<ITelemetryPublisher>());
            Assert.Contains(backends, b => b.Item1 == "Telemetry in" && b.Item2.Contains("in-process bus", StringComparison.Ordinal));
            Assert.Contains(backends, b => b.Item1 == "Model registry" && b.Item2.Contains("embedded", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Aspire_connection_strings_select_mongodb_and_kafka()
    {
        var (services, backends) = Build(new()
        {
            ["ConnectionStrings:fedaspire"] = "mongodb://admin:pwd@127.0.0.1:1/fedaspire?authSource=admin&authMechanism=SCRAM-SHA-256",
            ["ConnectionStrings:kafka"] = "127.0.0.1:1",
            ["FedAspire:Simulator:Enabled"] = "true",
            ["FedAspire:Data:Source"] = "synthetic",
        });
        using (services)
        {
            var registry = Assert.IsType<MongoModelRegistry>(services.GetRequiredService<IModelRegistry>());
            Assert.Equal("fedaspire", registry.Database.DatabaseNamespace.DatabaseName);
            Assert.IsType<KafkaTelemetryConsumer>(services.GetRequiredService<ITelemetrySource>());
            Assert.IsType<KafkaDeadLetterSink>(services.GetRequiredService<ITelemetryDeadLetterSink>());
            Assert.Contains(backends, b => b.Item1 == "Telemetry in" && b.Item2.Contains("group 'devices'", StringComparison.Ordinal) && b.Item2.StartsWith("Kafka", StringComparison.Ordinal));
            Assert.Contains(backends, b => b.Item1 == "Model registry" && b.Item2.StartsWith("MongoDB", StringComparison.Ordinal));
        }
    }
}
