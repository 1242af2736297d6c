using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace FedAspire.ServiceDefaults.Messaging;

/// <summary>
/// Kafka client configuration from the keys an Aspire AppHost injects: <c>ConnectionStrings:kafka</c> (bootstrap servers) and the
/// optional <c>Aspire:Confluent:Kafka:Producer:Config</c> / <c>Consumer:Config</c> sections (any librdkafka property, e.g. <c>linger.ms</c>).
/// </summary>
public sealed class KafkaSettings
{
    /// <summary>The connection string name of the Kafka resource.</summary>
    public const string ConnectionName = "kafka";

    private readonly IConfiguration _configuration;

    private KafkaSettings(string bootstrapServers, IConfiguration configuration)
    {
        BootstrapServers = bootstrapServers;
        _configuration = configuration;
    }

    /// <summary>Bootstrap servers (<c>host:port[,host:port]</c>).</summary>
    public string BootstrapServers { get; }

    /// <summary>The settings, or null when no Kafka connection string is configured (embedded mode).</summary>
    public static KafkaSettings? FromConfiguration(IConfiguration configuration, string connectionName = ConnectionName)
    {
        var servers = configuration.GetConnectionString(connectionName);
        return string.IsNullOrWhiteSpace(servers) ? null : new KafkaSettings(servers, configuration);
    }

    /// <summary>Producer configuration: the optional section, then bootstrap servers; idempotent delivery so retries never duplicate.</summary>
    public ProducerConfig CreateProducerConfig()
    {
        var config = new ProducerConfig(ReadSection("Aspire:Confluent:Kafka:Producer:Config"))
        {
            BootstrapServers = BootstrapServers,
        };
        config.EnableIdempotence ??= true;
        config.LingerMs ??= 5;
        return config;
    }

    /// <summary>Consumer configuration for <paramref name="groupId"/>: manual commits (offsets are committed only after the handler succeeds).</summary>
    public ConsumerConfig CreateConsumerConfig(string groupId)
    {
        var config = new ConsumerConfig(ReadSection("Aspire:Confluent:Kafka:Consumer:Config"))
        {
            BootstrapServers = BootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        return config;
    }

    /// <summary>Admin client configuration (topic creation, health checks).</summary>
    public AdminClientConfig CreateAdminConfig() => new() { BootstrapServers = BootstrapServers };

    private Dictionary<string, string> ReadSection(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in _configuration.GetSection(path).AsEnumerable(makePathsRelative: true))
            if (value is not null) values[key] = value;
        return values;
    }
}
