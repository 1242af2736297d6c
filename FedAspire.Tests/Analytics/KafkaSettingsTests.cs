using Confluent.Kafka;
using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;

namespace FedAspire.Tests.Analytics;

/// <summary>The Aspire client sections reach librdkafka in both spellings: Aspire's property names and raw librdkafka names.</summary>
public sealed class KafkaSettingsTests
{
    private static KafkaSettings Settings(Dictionary<string, string?> values)
    {
        values["ConnectionStrings:kafka"] = "broker-a:9092";
        return KafkaSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build())!;
    }

    [Fact]
    public void Property_names_and_librdkafka_names_both_configure_the_clients()
    {
        var settings = Settings(new()
        {
            ["Aspire:Confluent:Kafka:Producer:Config:ApiVersionRequest"] = "false",
            ["Aspire:Confluent:Kafka:Producer:Config:BrokerVersionFallback"] = "0.9.0.1",
            ["Aspire:Confluent:Kafka:Producer:Config:EnableIdempotence"] = "false",
            ["Aspire:Confluent:Kafka:Producer:Config:linger.ms"] = "25",
            ["Aspire:Confluent:Kafka:Consumer:Config:AutoOffsetReset"] = "Latest",
            ["Aspire:Confluent:Kafka:Consumer:Config:session.timeout.ms"] = "12000",
            // The connection string wins over a bootstrap address in a section, as in Aspire.
            ["Aspire:Confluent:Kafka:Consumer:Config:BootstrapServers"] = "elsewhere:1",
        });

        var producer = settings.CreateProducerConfig();
        Assert.False(producer.ApiVersionRequest);
        Assert.Equal("0.9.0.1", producer.BrokerVersionFallback);
        Assert.False(producer.EnableIdempotence);
        Assert.Equal(25, producer.LingerMs);

        var consumer = settings.CreateConsumerConfig("g");
        Assert.Equal(AutoOffsetReset.Latest, consumer.AutoOffsetReset);
        Assert.Equal(12000, consumer.SessionTimeoutMs);
        Assert.Equal("broker-a:9092", consumer.BootstrapServers);
        Assert.False(consumer.EnableAutoCommit);
        Assert.Null(consumer.ApiVersionRequest);

        // The admin client shares the producer's connection settings (health checks, topic creation).
        var admin = settings.CreateAdminConfig();
        Assert.False(admin.ApiVersionRequest);
        Assert.Equal("broker-a:9092", admin.BootstrapServers);
    }

    [Fact]
    public void Defaults_hold_without_sections()
    {
        var settings = Settings(new());
        Assert.True(settings.CreateProducerConfig().EnableIdempotence);
        Assert.Equal(5, settings.CreateProducerConfig().LingerMs);
        Assert.Equal(AutoOffsetReset.Earliest, settings.CreateConsumerConfig("g").AutoOffsetReset);
    }
}
