using Confluent.Kafka;
using FedAspire.Core.Telemetry;
using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;
using Testcontainers.Kafka;

namespace FedAspire.Tests.Backends;

/// <summary>
/// A Kafka broker for one test: the real server named by <c>FEDASPIRE_TEST_KAFKA</c> (started by <c>../shared/servers/start.sh</c>),
/// else a Testcontainers broker where Docker exists, else the test is skipped with the reason. Every test gets its own topic and
/// group names, because the real server is shared by the whole run.
/// </summary>
internal sealed class TestKafka : IAsyncDisposable
{
    /// <summary>Bootstrap servers of a real broker for tests.</summary>
    public const string ServerVariable = "FEDASPIRE_TEST_KAFKA";

    /// <summary>The broker's version when it is older than the client's defaults assume (e.g. 0.9.0.1): clients must not probe API versions.</summary>
    public const string LegacyVariable = "FEDASPIRE_TEST_KAFKA_LEGACY";

    private readonly KafkaContainer? _container;

    private TestKafka(string bootstrapServers, string? legacyVersion, string description, KafkaContainer? container)
    {
        BootstrapServers = bootstrapServers;
        LegacyVersion = legacyVersion;
        Description = description;
        _container = container;
        Configuration = new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = bootstrapServers };
        if (legacyVersion is not null)
        {
            // A pre-0.10 broker closes the connection on an ApiVersion request and knows no idempotent producer: exactly the
            // settings a user of such a broker puts into the Aspire client sections, so the adapters need no code for it.
            foreach (var client in new[] { "Producer", "Consumer" })
            {
                Configuration[$"Aspire:Confluent:Kafka:{client}:Config:ApiVersionRequest"] = "false";
                Configuration[$"Aspire:Confluent:Kafka:{client}:Config:BrokerVersionFallback"] = legacyVersion;
            }
            Configuration["Aspire:Confluent:Kafka:Producer:Config:EnableIdempotence"] = "false";
        }
        Settings = KafkaSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(Configuration).Build())!;
    }

    /// <summary>Bootstrap servers (<c>host:port</c>).</summary>
    public string BootstrapServers { get; }

    /// <summary>The legacy broker version, or null for a current broker.</summary>
    public string? LegacyVersion { get; }

    /// <summary>What the test runs against, for diagnostics.</summary>
    public string Description { get; }

    /// <summary>The configuration keys a service needs for this broker (colon form).</summary>
    public Dictionary<string, string?> Configuration { get; }

    /// <summary>The same keys as environment variables for a child process (<c>__</c> form).</summary>
    public Dictionary<string, string> Environment =>
        Configuration.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!);

    /// <summary>Client settings from <see cref="Configuration"/>.</summary>
    public KafkaSettings Settings { get; }

    /// <summary>Kafka before 0.11 drops record headers.</summary>
    public bool KeepsHeaders => LegacyVersion is null;

    /// <summary>The broker for this test, or a skip with the reason.</summary>
    public static async Task<TestKafka> AcquireAsync(CancellationToken cancellationToken)
    {
        if (System.Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } servers)
        {
            var legacy = System.Environment.GetEnvironmentVariable(LegacyVariable) is { Length: > 0 } v ? v : null;
            return new TestKafka(servers, legacy, $"Kafka {legacy ?? "(current)"} at {servers} ({ServerVariable})", null);
        }
        if (!DockerEngine.IsAvailable) Assert.Skip(DockerEngine.NoServerReason(ServerVariable));
        var container = new KafkaBuilder("confluentinc/cp-kafka:7.5.12").Build();
        await container.StartAsync(cancellationToken);
        return new TestKafka(container.GetBootstrapAddress(), null, "Kafka container confluentinc/cp-kafka:7.5.12 (Testcontainers)", container);
    }

    /// <summary>A topic or group name no other test (or earlier run against the same server) uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// Makes sure FedAspire's topics exist before services subscribe (a subscriber to a missing topic sees it only at its next
    /// metadata refresh, minutes later): <see cref="KafkaTopicInitializer"/> where the broker has CreateTopics, otherwise the
    /// broker's auto-creation, triggered by asking for each topic's metadata (what an operator's tooling does on Kafka 0.9).
    /// </summary>
    public async Task EnsureServiceTopicsAsync(CancellationToken cancellationToken)
    {
        if (LegacyVersion is null)
        {
            await KafkaTopicInitializer.EnsureTopicsAsync(Settings, partitions: 2);
            return;
        }
        using var admin = new AdminClientBuilder(Settings.CreateAdminConfig()).Build();
        foreach (var topic in new[] { TelemetryTopics.Telemetry, TelemetryTopics.DeadLetter, TelemetryTopics.Anomalies })
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                string state;
                try
                {
                    var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
                    if (metadata.Error.Code == Confluent.Kafka.ErrorCode.NoError && metadata.Partitions.Count > 0 && metadata.Partitions.All(p => p.Leader >= 0)) break;
                    state = metadata.Error.Reason;
                }
                catch (KafkaException e)
                {
                    // The request that triggers auto-creation may be answered while the topic has no leader yet.
                    state = e.Error.Reason;
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Description}: topic '{topic}' was not auto-created ({state}).");
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
