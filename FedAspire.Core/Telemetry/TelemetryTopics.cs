namespace FedAspire.Core.Telemetry;

/// <summary>Kafka topic names and the message headers FedAspire writes (documented in docs/analytics.md).</summary>
public static class TelemetryTopics
{
    /// <summary>Sensor records, schema v1 JSON, key = device id (a device's records stay ordered in one partition).</summary>
    public const string Telemetry = "telemetry";

    /// <summary>Refused telemetry: the original key, a <see cref="DeadLetterCodec"/> envelope as value, <see cref="ReasonHeader"/> and <see cref="MessageHeader"/>.</summary>
    public const string DeadLetter = "telemetry-dlq";

    /// <summary>Anomaly alerts from analytics, JSON, key = device id.</summary>
    public const string Anomalies = "anomalies";

    /// <summary>Header holding the <see cref="TelemetryRejectionReason"/> name of a dead letter.</summary>
    public const string ReasonHeader = "fedaspire-reason";

    /// <summary>Header holding the human-readable rejection message of a dead letter.</summary>
    public const string MessageHeader = "fedaspire-message";

    /// <summary>Default partition count when FedAspire creates the topics (enough for a dozen consumers per group).</summary>
    public const int DefaultPartitions = 12;
}
