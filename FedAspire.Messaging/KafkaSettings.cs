using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace FedAspire.Messaging;

/// <summary>
/// Kafka client configuration from the keys an Aspire AppHost injects: <c>ConnectionStrings:kafka</c> (bootstrap servers) and the
/// optional <c>Aspire:Confluent:Kafka:Producer:Config</c> / <c>Consumer:Config</c> sections. As in Aspire's client packages, a key is a
/// <see cref="ProducerConfig"/> / <see cref="ConsumerConfig"/> property name (<c>LingerMs</c>, <c>ApiVersionRequest</c>); a dotted
/// librdkafka name (<c>linger.ms</c>) is passed through as it is.
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
        var config = Read(ProducerSection, new ProducerConfig());
        config.BootstrapServers = BootstrapServers;
        config.EnableIdempotence ??= true;
        config.LingerMs ??= 5;
        return config;
    }

    /// <summary>Consumer configuration for <paramref name="groupId"/>: manual commits (offsets are committed only after the handler succeeds).</summary>
    public ConsumerConfig CreateConsumerConfig(string groupId)
    {
        var config = Read(ConsumerSection, new ConsumerConfig());
        config.BootstrapServers = BootstrapServers;
        config.GroupId = groupId;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        return config;
    }

    /// <summary>
    /// Admin client configuration (topic creation, health checks): the producer section's connection settings, because Aspire has no
    /// admin section and an admin client talks to the same brokers the same way (security, API version handling) as the producer.
    /// </summary>
    public AdminClientConfig CreateAdminConfig()
    {
        var config = Read(ProducerSection, new AdminClientConfig());
        config.BootstrapServers = BootstrapServers;
        return config;
    }

    private const string ProducerSection = "Aspire:Confluent:Kafka:Producer:Config";
    private const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer:Config";

    private T Read<T>(string path, T config) where T : ClientConfig
    {
        var section = _configuration.GetSection(path);
        section.Bind(config);
        foreach (var entry in section.GetChildren())
            if (entry.Value is not null && entry.Key.Contains('.', StringComparison.Ordinal)) config.Set(entry.Key, entry.Value);
        return config;
    }
}
