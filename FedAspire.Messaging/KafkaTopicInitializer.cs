using Confluent.Kafka;
using Confluent.Kafka.Admin;
using FedAspire.Core.Telemetry;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace FedAspire.Messaging;

/// <summary>Creates FedAspire's topics (<c>telemetry</c>, <c>telemetry-dlq</c>, <c>anomalies</c>) when they do not exist yet.</summary>
public static class KafkaTopicInitializer
{
    /// <summary>Creates the missing topics with <paramref name="partitions"/> partitions; existing topics are left as they are.</summary>
    public static async Task EnsureTopicsAsync(KafkaSettings settings, int partitions = TelemetryTopics.DefaultPartitions, short replicationFactor = 1)
    {
        using var admin = new AdminClientBuilder(settings.CreateAdminConfig()).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var missing = new[] { TelemetryTopics.Telemetry, TelemetryTopics.DeadLetter, TelemetryTopics.Anomalies }
            .Where(t => !existing.Contains(t))
            .Select(t => new TopicSpecification { Name = t, NumPartitions = partitions, ReplicationFactor = replicationFactor })
            .ToList();
        if (missing.Count == 0) return;
        try
        {
            await admin.CreateTopicsAsync(missing).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another replica created them first.
        }
    }
}
