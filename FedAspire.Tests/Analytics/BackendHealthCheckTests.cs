using FedAspire.ServiceDefaults.HealthChecks;
using FedAspire.Messaging;
using FedAspire.Tests.Backends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedAspire.Tests.Analytics;

/// <summary>The raw-client health checks report an unreachable backend as unhealthy with the reason, instead of throwing.</summary>
[Trait("Area", "Topology")]
public sealed class BackendHealthCheckTests
{
    // Port 1 on loopback: nothing listens there, so connections are refused at once.
    private const string Nowhere = "127.0.0.1:1";

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, tags: null) };

    [Fact]
    public async Task Kafka_check_is_unhealthy_when_no_broker_answers()
    {
        var settings = KafkaSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = Nowhere }).Build())!;
        using var check = new KafkaHealthCheck(settings, TimeSpan.FromMilliseconds(500));

        var result = await check.CheckHealthAsync(Context(check), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(Nowhere, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kafka_and_mongo_checks_are_healthy_against_real_servers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = await TestKafka.AcquireAsync(ct);
        await using var mongo = await TestMongo.AcquireAsync(ct);
        using var kafkaCheck = new KafkaHealthCheck(kafka.Settings, TimeSpan.FromSeconds(10));
        var mongoCheck = new MongoHealthCheck(mongo.DatabaseConnectionString);

        var kafkaResult = await kafkaCheck.CheckHealthAsync(Context(kafkaCheck), ct);
        var mongoResult = await mongoCheck.CheckHealthAsync(Context(mongoCheck), ct);

        Assert.True(kafkaResult.Status == HealthStatus.Healthy, $"{kafka.Description}: {kafkaResult.Description}");
        Assert.True(mongoResult.Status == HealthStatus.Healthy, $"{mongo.Kind}: {mongoResult.Description}");
    }

    [Fact]
    public async Task Mongo_check_is_unhealthy_when_no_server_answers()
    {
        var check = new MongoHealthCheck($"mongodb://{Nowhere}/fedaspire?connectTimeoutMS=500&serverSelectionTimeoutMS=500");

        var result = await check.CheckHealthAsync(Context(check), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("MongoDB:", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_check_is_unhealthy_when_no_server_answers()
    {
        using var check = new RedisHealthCheck($"{Nowhere},connectTimeout=500,asyncTimeout=500");

        var result = await check.CheckHealthAsync(Context(check), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("Redis:", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_configured_backends_get_a_check()
    {
        var settings = KafkaSettings.FromConfiguration(new ConfigurationBuilder().Build());
        Assert.Null(settings);

        var configured = KafkaSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "broker:9092",
            ["Aspire:Confluent:Kafka:Consumer:Config:session.timeout.ms"] = "12000",
        }).Build())!;
        var consumer = configured.CreateConsumerConfig("analytics");
        Assert.Equal("broker:9092", consumer.BootstrapServers);
        Assert.Equal(12000, consumer.SessionTimeoutMs);
        Assert.False(consumer.EnableAutoCommit);
        Assert.Equal("analytics", consumer.GroupId);
    }
}
